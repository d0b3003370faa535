/**
 * The debug panel's data and actions (`?guidepost_debug=1` or `gp.debug(true)`): verdicts,
 * attributes, experiments, the outbox, and the buttons that reset, force an arm, replay an
 * item or pick an element. A chunk of its own with the panel (view.ts loads it with the panel's
 * first opening): a page nobody debugs never downloads either.
 */
import { debugView } from '../ui/debug-view';
import type { Explanation } from '../options';
import type { Attributes } from '../engine/condition';
import type { Runtime } from './runtime';
import { ownEntry } from '../engine/progress';

/**
 * What the panel needs from the decision engine, passed in by the core: imported here, the
 * engine would be bundled a second time into the two-file IIFE's UI file.
 */
export interface DebugOps {
  evaluate(): void;
  assignExperiments(): void;
  attributes(): Attributes;
  explanations(): Explanation[];
}

export function debugTools(rt: Runtime, ops: DebugOps) {
  const { evaluate, assignExperiments, attributes, explanations } = ops;
  const { debug, api, manifest } = rt;
  const render = () => rt.view!.render();
  const pickDone = (picked?: typeof debug.picked) => {
    debug.picking = false;
    debug.picked = picked;
    render();
  };
  return debugView({
    data: {
      explanations: explanations(),
      statuses: Object.fromEntries(manifest!.items.map((item) => [item.id, ownEntry(rt.progress!.get().items, item.id)?.status])),
      attributes: attributes(),
      experiments: manifest!.experiments ?? [],
      assignments: rt.experiments?.all() ?? [],
      outbox: rt.tracker?.pending() ?? 0,
      revision: manifest!.revision,
    },
    actions: {
      onClose: () => api.debug(false),
      onReset: () => void api.reset().then(() => evaluate()),
      onForce: (key, variation) => {
        rt.experiments?.force(key, variation);
        assignExperiments();
        rt.showing.clear();
        rt.pageView.counterfactual.clear();
        evaluate();
      },
      onReplay: (id) => api.preview(id),
      onPick: () => {
        debug.picking = true;
        debug.picked = undefined;
        render();
      },
      onRefresh: render,
    },
    picking: debug.picking,
    picked: debug.picked,
    onPicked: (result) => pickDone(result),
    onPickDone: () => pickDone(undefined),
  });
}
