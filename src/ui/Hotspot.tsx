/** A pulsing beacon on its target; activating it opens the item's popover. */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { Placement } from '../manifest/schema';
import { BEACON } from './arbiter';
import type { ViewButton, ViewContent } from './content';
import { lightDismiss } from './light-dismiss';
import { Popover } from './Popover';
import { positionFloating } from './position';
import { labelled, type UiStrings } from './strings';

export interface HotspotProps {
  itemId: string;
  reference: Element;
  placement?: Placement;
  content: ViewContent;
  strings: UiStrings;
  onOpen: () => void;
  /** Its popover closed: by its ×, by Escape, or (`blur`) by focus leaving it and the beacon for the page. */
  onClose: (origin: 'close' | 'escape' | 'blur') => void;
  onButton: (button: ViewButton) => void;
}

export function Hotspot(props: HotspotProps) {
  const beacon = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  const placement = props.placement && props.placement !== 'center' ? props.placement : 'right';

  // The beacon yields to every card (its own popover too: then it moves to another side of its target).
  useLayoutEffect(() => {
    if (!beacon.current) return;
    return positionFloating(props.reference, beacon.current, { placement, gap: 4, rank: BEACON, beacon: true });
  }, [props.reference, placement]);

  return (
    <>
      <button
        ref={beacon}
        type="button"
        data-part="hotspot"
        data-item={props.itemId}
        data-state={open ? 'open' : 'closed'}
        aria-expanded={open}
        aria-label={props.content.title ? labelled(props.strings, props.strings.openTip, props.content.title) : props.strings.openTip}
        lang={props.content.title ? props.content.lang : props.strings.lang}
        onClick={() => {
          if (!open) props.onOpen();
          setOpen(!open);
        }}
      >
        <span data-part="beacon" aria-hidden="true" />
      </button>
      {open && (
        <Popover
          part="popover"
          itemId={props.itemId}
          reference={props.reference}
          placement={props.placement}
          content={props.content}
          closeLabel={props.strings.close}
          closeLang={props.strings.lang}
          fallbackLabel={props.strings.help}
          autoFocus
          onClose={(origin) => {
            setOpen(false);
            // Focus that left for the page stays where the person put it.
            if (origin !== 'blur') beacon.current?.focus();
            props.onClose(origin);
          }}
          whileOpen={(card, onClose) => lightDismiss(card, beacon.current, onClose)}
          onButton={props.onButton}
        />
      )}
    </>
  );
}
