/**
 * Small pure helpers of the controller: the page view record, event fields of an item, an
 * item's anchor and safe template lookups. No state of their own; nothing touches the DOM.
 */
import type { Item } from '../manifest/schema';
import type { EventFields } from '../track/tracker';

export interface PageView {
  startedAt: number;
  interruptiveShown: number;
  recentEvents: string[];
  /** Items shown (or, in a holdout arm, counterfactually shown) in this page view. */
  exposed: Set<string>;
  /** Interruptive items that spent their pacing slot in this page view (spent once, however often they come back). */
  paced: Set<string>;
  /** Holdout items that would be on screen now: paced and decided like shown ones, never rendered. */
  counterfactual: Set<string>;
  /** Items reported as viewed (half visible for a second) in this page view. */
  viewed: Set<string>;
  missingTargets: Map<string, string>;
  /** Items whose content failed to render in this page view, with the error: not tried again. */
  unrenderable: Map<string, string>;
}

export const newPageView = (startedAt: number): PageView => ({ startedAt, interruptiveShown: 0, recentEvents: [], exposed: new Set(), paced: new Set(), counterfactual: new Set(), viewed: new Set(), missingTargets: new Map(), unrenderable: new Map() });

export const itemFields = (item: Item): EventFields => ({ type: 'shown', item_id: item.id, item_type: item.type, item_version: item.version ?? 1 });

/** The element an item is anchored to, if it has one (top/bottom banners and checklists do not). */
export function anchorOf(item: Item) {
  if (item.type === 'tour' || item.type === 'checklist') return undefined;
  if (item.type === 'banner' && item.slot !== 'inline') return undefined;
  return item.target;
}

/** Reads `user.traits.firstName` through own properties only: templates never reach prototypes. */
export function ownPath(root: Record<string, unknown>, path: string): unknown {
  let current: unknown = root;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, part)) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return typeof current === 'object' ? undefined : current;
}
