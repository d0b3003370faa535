/**
 * The one wrapper around floating-ui: places `floating` next to `reference`, keeps it there
 * while anything moves (scroll, resize, layout), and returns a single cleanup.
 */
import { arrow as arrowMiddleware, autoUpdate, computePosition, flip, hide, offset, shift, type Placement } from '@floating-ui/dom';

export interface PositionOptions {
  placement?: Placement;
  arrow?: HTMLElement | null;
  /** Gap between target and popover, in px. @default 10 */
  gap?: number;
}

const OPPOSITE: Record<string, string> = { top: 'bottom', bottom: 'top', left: 'right', right: 'left' };

export function positionFloating(reference: Element, floating: HTMLElement, options: PositionOptions = {}): () => void {
  const update = async () => {
    const { x, y, placement, middlewareData } = await computePosition(reference, floating, {
      strategy: 'fixed',
      placement: options.placement ?? 'bottom',
      middleware: [
        offset(options.gap ?? 10),
        flip({ padding: 8 }),
        shift({ padding: 8 }),
        ...(options.arrow ? [arrowMiddleware({ element: options.arrow, padding: 8 })] : []),
        hide(),
      ],
    });
    Object.assign(floating.style, { left: `${x}px`, top: `${y}px` });
    floating.setAttribute('data-placement', placement);
    floating.style.visibility = middlewareData.hide?.referenceHidden ? 'hidden' : 'visible';
    const arrowData = middlewareData.arrow;
    if (options.arrow && arrowData) {
      const side = placement.split('-')[0];
      Object.assign(options.arrow.style, {
        left: arrowData.x != null ? `${arrowData.x}px` : '',
        top: arrowData.y != null ? `${arrowData.y}px` : '',
        right: '',
        bottom: '',
        [OPPOSITE[side]]: '-6px',
        transform: `rotate(${({ top: 45, left: -45, bottom: 225, right: 135 } as Record<string, number>)[side]}deg)`,
      });
    }
  };
  return autoUpdate(reference, floating, () => void update());
}
