/**
 * What the controller hands the renderer: which item shows, where, and in what state. Texts
 * are resolved by the UI (locale, templates, rich text), so none of that code loads on a
 * page where nothing shows.
 */
import type { Item, Placement } from '../manifest/schema';

/** A tour's step on screen. */
export interface TourState {
  step: number;
  total: number;
  placement?: Placement;
  allowClicksThrough: boolean;
  feedback: boolean;
  /** The step advances when the person reaches a page (`route`) or does something (`event`), not on Next. */
  advance?: 'route' | 'event';
}

export interface Surface {
  item: Item;
  /** The resolved target element, for anchored surfaces (for tours: the current step's). */
  reference?: Element;
  tour?: TourState;
  checklist?: { done: ReadonlySet<string>; expanded: boolean };
  /** Shown by preview: no progress, no events. */
  preview?: boolean;
  /**
   * A previewed item that cannot show on this page, and why in the author's words (for example
   * `its target "#bell" is not on this page`): the preview badge says it instead of showing nothing.
   */
  notShown?: string;
}
