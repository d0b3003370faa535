/**
 * Experiments that claim the same items, for writers (`guidepost validate`, `build`, `check`).
 * The engine lets the first experiment that claims an item govern it (engine/experiment-scope.ts);
 * a later experiment's claim silently never shows. An item whose own "experiment" is taken over
 * this way is an error the SDK reports too (cross-check.ts); what is here only wastes a writer's
 * work, so it is a warning, and a module of its own keeps it out of the page's validator.
 */
import { experimentFor } from '../engine/experiment-scope';
import type { Located } from './checks';
import { formatPath, locationLabel, quote, type ManifestProblem, type PathSegment } from './problems';
import type { Experiment, Item, Manifest } from './schema';

/** Most item ids named in one warning. */
const MOST_IDS = 5;
const idList = (ids: string[]) => ids.slice(0, MOST_IDS).map(quote).join(', ') + (ids.length > MOST_IDS ? ` and ${ids.length - MOST_IDS} more` : '');

/**
 * Warnings about experiments that claim items another governs, in a validated `manifest` (its
 * usable items and experiments; the indexes map them back to the file, as missingTranslations'
 * do): a scope entry that takes in items an earlier experiment governs (it never shows them in
 * its arms), and an override of an item its experiment does not govern (it never shows). Items
 * times experiments: experimentFor's cost.
 */
export function overlapProblems(manifest: Manifest, itemIndexes: readonly number[] = [], experimentIndexes: readonly number[] = []): ManifestProblem[] {
  const items = manifest.items.map((value, position) => ({ value, index: itemIndexes[position] ?? position }));
  const experiments = (manifest.experiments ?? []).map((value, position) => ({ value, index: experimentIndexes[position] ?? position }));
  const values = experiments.map((e) => e.value);
  const governor = new Map(items.map((entry) => [entry.value.id, experimentFor(entry.value, values)]));
  const byId = new Map(items.map((entry) => [entry.value.id, entry.value]));
  const found: ManifestProblem[] = [];
  const warn = (e: Located<Experiment>, relative: PathSegment[], what: string) => {
    const path = formatPath(['experiments', e.index, ...relative]);
    found.push({ code: relative[0] === 'scope' ? 'overlapping-scope' : 'unused-override', message: `${locationLabel(e.value.key, path, 'experiment')}: ${what}`, path, severity: 'warning' });
  };
  for (const e of experiments) {
    /** Of `claimed`, those another experiment governs, by that experiment: "x", "y" are governed by experiment "a", listed before. */
    const others = (claimed: Item[]) => {
      const byKey = new Map<string, string[]>();
      for (const item of claimed) {
        const by = governor.get(item.id);
        if (!by || by === e.value) continue;
        const ids = byKey.get(by.key);
        if (ids) ids.push(item.id);
        else byKey.set(by.key, [item.id]);
      }
      return [...byKey].map(([key, ids]) => `${idList(ids)} ${ids.length === 1 ? 'is' : 'are'} governed by experiment ${quote(key)}, listed before`).join('; ');
    };
    (e.value.scope.items ?? []).forEach((id, i) => {
      const item = byId.get(id);
      const taken = item ? others([item]) : '';
      if (taken) warn(e, ['scope', 'items', i], `${taken}, so ${quote(e.value.key)} never shows it in its arms; take it out of one of the two scopes`);
    });
    (e.value.scope.types ?? []).forEach((type, i) => {
      const taken = others(items.map((entry) => entry.value).filter((item) => item.type === type));
      if (taken) warn(e, ['scope', 'types', i], `of the ${quote(type)} items, ${taken}, so ${quote(e.value.key)} never shows them in its arms`);
    });
    e.value.variations.forEach((variation, vi) => {
      for (const id of Object.keys(variation.overrides ?? {})) {
        const by = governor.get(id);
        if (!governor.has(id) || by === e.value) continue;
        const why = by ? `is governed by experiment ${quote(by.key)}, listed before` : `is not in this experiment's scope`;
        warn(e, ['variations', vi, 'overrides', id], `the item ${quote(id)} ${why}, so this override never shows${by ? '' : `; add ${quote(id)} to "scope.items"`}`);
      }
    });
  }
  return found;
}
