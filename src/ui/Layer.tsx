/**
 * Everything that floats above the page, rendered into the main shadow root. Tour steps and
 * tooltips are drawn here; banners, checklists and hotspots by the widgets' chunk (widgets.tsx),
 * which the caller loads before it hands such a surface over.
 */
import type { ComponentChildren } from 'preact';
import type { BannerItem, ChecklistTask, Item } from '../manifest/schema';
import { takesStage, waitsForStage } from './arbiter';
import { Announcer } from './announcer';
import type { ContentContext, ViewButton, ViewContent } from './content';
import type { FeedbackValue } from './Feedback';
import { ItemBoundary } from './ItemBoundary';
import { Popover } from './Popover';
import { Spotlight } from './Spotlight';
import { TourStepView } from './TourStep';
import type { UiStrings } from './strings';
import type { Surface, TourState } from './surface';
import type * as WidgetsModule from './widgets';

export type { Surface };

/** The widgets' chunk (widgets.tsx): banners, checklists, hotspots, help links and their styles. */
export type Widgets = typeof WidgetsModule;

/** Item types drawn by the widgets' chunk: everything but tour steps and tooltips. */
export const isWidget = (item: Item): boolean => item.type === 'banner' || item.type === 'checklist' || item.type === 'hotspot' || item.type === 'helpLink';

/** A tour step with its texts resolved. */
export interface TourView extends TourState {
  content: ViewContent;
}

/** A surface with its texts resolved for the user's locale (see resolveSurface in render-surfaces.tsx). */
export interface ViewSurface extends Surface {
  content: ViewContent;
  tour?: TourView;
}

/** How a surface was closed; `blur`: focus left a help link's or hotspot's popover and its control for the page. */
export type CloseOrigin = 'close' | 'escape' | 'overlay' | 'cta' | 'skip' | 'blur';

export interface SurfaceCallbacks {
  onClose: (item: Item, origin: CloseOrigin) => void;
  onButton: (item: Item, button: ViewButton) => void;
  onLinkClick: (item: Item, url: string, event: MouseEvent) => void;
  onOpen: (item: Item) => void;
  onTour: (item: Item, action: 'next' | 'back' | 'done' | 'go') => void;
  onFeedback: (item: Item, value: FeedbackValue) => void;
  onChecklistToggle: (item: Item) => void;
  onTask: (item: Item, task: ChecklistTask) => void;
}

export interface LayerProps {
  surfaces: ViewSurface[];
  strings: UiStrings;
  callbacks: SurfaceCallbacks;
  context: ContentContext;
  /** Draws banners, checklists and hotspots; the renderer leaves them out until it is loaded. */
  widgets?: Widgets;
  /** A surface that failed to render: it is left out, the others still show. */
  onItemError?: (itemId: string, error: Error) => void;
  /** Tools rendered above the surfaces (the debug panel). */
  children?: ComponentChildren;
  /**
   * The tours whose step waits for the page's modal dialog to close (modal-wait.ts): not drawn,
   * and not holding the stage meanwhile (what is in the dialog may show).
   */
  waiting?: ReadonlySet<string>;
}

/** Bottom banners and checklists share a dock so they stack instead of covering each other. */
const inDock = (s: ViewSurface) => s.item.type === 'checklist' || (s.item.type === 'banner' && (s.item as BannerItem).slot === 'bottom');

export function Layer({ surfaces, strings, callbacks, context, widgets, onItemError, children, waiting }: LayerProps) {
  const drawn = waiting?.size ? surfaces.filter((s) => !(s.tour && waiting.has(s.item.id))) : surfaces;
  // The stage (arbiter.ts): while a tour step is on screen, tips and beacons wait, and banners and
  // the dock (checklist launcher, bottom banners, badge) sit inert beneath the overlay.
  const staged = drawn.some(takesStage);
  // A preview that cannot show (notShown) is only its line in the preview badge.
  const shown = (staged ? drawn.filter((s) => !waitsForStage(s.item)) : drawn).filter((s) => !s.notShown);
  const view = (surface: ViewSurface) => {
    const rendered = (
      // A tour's boundary starts over at each step: a step that renders is not held back by an
      // earlier one that failed. Its overlay stays from step to step (only its cutout moves).
      <ItemBoundary key={surface.item.id} resetKey={surface.tour?.step} itemId={surface.item.id} onItemError={onItemError}>
        <SurfaceView surface={surface} strings={strings} callbacks={callbacks} context={context} staged={staged} widgets={widgets} />
      </ItemBoundary>
    );
    return surface.preview ? <div key={surface.item.id} data-part="preview" data-item={surface.item.id}>{rendered}</div> : rendered;
  };
  const previews = surfaces.filter((s) => s.preview);
  const docked = shown.filter(inDock);
  // Checklists above banners: the banner spans the bottom edge, the checklist sits on it.
  docked.sort((a, b) => (a.item.type === 'checklist' ? 0 : 1) - (b.item.type === 'checklist' ? 0 : 1));
  return (
    <>
      {/* First and always: it must be on the page before the words it says (announcer.tsx). */}
      <Announcer />
      {shown.filter((s) => !inDock(s)).map(view)}
      {(docked.length > 0 || previews.length > 0) && (
        <div data-part="dock" inert={staged}>
          {previews.length > 0 && (
            // In the dock, which every other surface keeps clear of: it never covers one (nor a banner's text).
            <p data-part="preview-badge" role="status">
              Preview: {previews.map((s) => s.item.id).join(', ')} — no progress or events are recorded
              {previews.map((s) => s.notShown && `. ${s.item.id} is not shown: ${s.notShown}`)}
            </p>
          )}
          {docked.map(view)}
        </div>
      )}
      {children}
    </>
  );
}

/** The props of one surface's view (here and in widgets.tsx). */
export interface SurfaceViewProps {
  surface: ViewSurface;
  strings: UiStrings;
  callbacks: SurfaceCallbacks;
  context: ContentContext;
  /** A tour step holds the stage. */
  staged?: boolean;
}

/** One floating surface. */
export function SurfaceView({ surface, strings, callbacks, context, staged, widgets }: SurfaceViewProps & { widgets?: Widgets }) {
  const { item, content, reference } = surface;
  const onButton = (b: ViewButton) => callbacks.onButton(item, b);
  switch (item.type) {
    case 'tooltip':
      if (!reference) return null;
      return (
        <Popover
          part="tooltip"
          itemId={item.id}
          reference={reference}
          placement={item.placement}
          content={content}
          closeLabel={strings.close}
          closeLang={strings.lang}
          fallbackLabel={strings.help}
          onClose={(origin) => callbacks.onClose(item, origin)}
          onButton={onButton}
        />
      );
    case 'tour': {
      const tour = surface.tour;
      if (!tour) return null;
      return (
        <>
          <Spotlight itemId={item.id} target={reference} allowClicksThrough={tour.allowClicksThrough} onOverlayClick={() => callbacks.onClose(item, 'overlay')} />
          <TourStepView
            // A new element per step: it stays hidden until placed next to its own target.
            key={tour.step}
            itemId={item.id}
            step={tour.step}
            total={tour.total}
            content={tour.content}
            reference={reference}
            placement={tour.placement}
            strings={strings}
            feedback={tour.feedback && widgets ? <widgets.Feedback itemId={item.id} strings={strings} onFeedback={(value) => callbacks.onFeedback(item, value)} /> : undefined}
            advance={tour.advance}
            through={tour.allowClicksThrough}
            onGo={() => callbacks.onTour(item, 'go')}
            onNext={() => callbacks.onTour(item, 'next')}
            onBack={() => callbacks.onTour(item, 'back')}
            onDone={() => callbacks.onTour(item, 'done')}
            onClose={(origin) => callbacks.onClose(item, origin)}
            onButton={onButton}
          />
        </>
      );
    }
    default:
      // Banners, checklists and hotspots (the renderer hands them over only with their chunk).
      return widgets ? <widgets.WidgetView surface={surface} strings={strings} callbacks={callbacks} context={context} staged={staged} /> : null;
  }
}
