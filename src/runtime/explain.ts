/**
 * `explain()`: each item's verdict in words a writer can act on. Before the decision chunk has
 * loaded, the screen's reasons (the engine's own, see src/engine/screen.ts); an item the screen
 * cannot rule out says that the decision is loading (onChange() fires once it has decided).
 */
import { describeReason } from '../engine/explain';
import type { Explanation } from '../options';
import { screenItems } from './decisions';
import type { Runtime } from './runtime';

const DECIDING = 'not shown yet: the decision engine is loading; explain() again once onChange() fires';

export function explanations(rt: Runtime): Explanation[] {
  if (!rt.manifest || !rt.progress || !rt.identity || !rt.doc) return [];
  if (rt.decider) return rt.decider.explanations(rt);
  return screenItems(rt).map(({ item, reason }) =>
    reason
      ? { itemId: item.id, type: item.type, shown: false, reason, message: describeReason(reason) }
      : { itemId: item.id, type: item.type, shown: false, reason: { code: 'deciding' }, message: DECIDING },
  );
}
