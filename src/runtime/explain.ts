/**
 * `explain()`: each item's verdict in words a writer can act on. Before the decision chunk has
 * loaded, the screen's reasons (the engine's own, see src/engine/screen.ts); an item the screen
 * cannot rule out, or that was asked for or is previewed (the engine decides those), says that
 * the decision is loading (onChange() fires once it has decided) or could not be loaded.
 */
import { describeReason } from '../engine/explain';
import type { Explanation } from '../options';
import { engineDecides, screenItems } from './decisions';
import type { Runtime } from './runtime';

const DECIDING = 'not shown yet: the decision engine is loading; explain() again once onChange() fires';
const FAILED = 'not shown: the decision engine could not be loaded (reported to onError); it is tried again on the next page view';

export function explanations(rt: Runtime): Explanation[] {
  if (!rt.manifest || !rt.progress || !rt.identity || !rt.doc) return [];
  if (rt.decider) return rt.decider.explanations(rt);
  const failed = rt.deciderModule?.failed ?? false;
  return screenItems(rt).map(({ item, reason }) =>
    reason && !engineDecides(rt, item.id)
      ? { itemId: item.id, type: item.type, shown: false, reason, message: describeReason(reason) }
      : { itemId: item.id, type: item.type, shown: false, reason: failed ? { code: 'deciding', failed } : { code: 'deciding' }, message: failed ? FAILED : DECIDING },
  );
}
