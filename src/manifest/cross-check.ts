/**
 * Checks that need more than one item: ids, references (`requires`, tours, experiments),
 * `requires` cycles, experiment overrides, an item's experiment taken over by another. Linear
 * in items plus references: cycles by one Tarjan pass (requires.ts), rejections passed down
 * `requires` chains by a worklist. (Experiments that claim each other's items, which only
 * writers are warned of: experiment-overlap.ts.)
 */
import * as v from 'valibot';
import { itemChecks, suggest, type Located, type References } from './checks';
import { boundedCopy, safeOutput } from './depth';
import { issueProblems, locationLabel } from './issues';
import { formatPath, quote, type ManifestProblem, type PathSegment } from './problems';
import { requiresCycles, type StepCounter } from './requires';
import type { SalvagedItem, WriterChecks } from './salvage';
import { Item as ItemSchema, type Experiment, type Item } from './schema';
import type { ValidateOptions } from './validate';

const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** Work (ids compared × characters) spent on "did you mean" suggestions in one validation (see `References.budget`). */
const SUGGESTION_BUDGET = 2_000_000;

/** Checks that need more than one item: ids, references, overrides, selectors, URLs, conditions. */
export function crossCheck(
  items: Located<Item>[],
  experiments: Located<Experiment>[],
  problems: ManifestProblem[],
  options: ValidateOptions,
  skippedIds: ReadonlySet<string>,
  /** Keys of experiments refused for their own errors (validate.ts), so their items are told why. */
  refusedExperiments: Iterable<string> = [],
  /** For writers' tools: skipped items without the fields that have errors, whose other problems are reported too (salvage.ts). */
  writers?: { salvaged: SalvagedItem[]; report: WriterChecks['report'] },
  /**
   * Experiments refused for their own errors that the schema passed: never applied, but their
   * overrides and scope are checked as well, so the writer sees every problem in one run.
   */
  refusedEntries: Located<Experiment>[] = [],
): { items: Located<Item>[]; experiments: Located<Experiment>[] } {
  const byId = new Map<string, Located<Item>>();
  // A reference to an item that exists but has errors deserves that explanation, not "no such id".
  const refs: References = { byId, skipped: skippedIds, budget: { left: SUGGESTION_BUDGET } };
  const rejected = new Set<number>();
  const reject = (entry: Located<Item>, code: string, relative: PathSegment[], what: string) => {
    const path = formatPath(['items', entry.index, ...relative]);
    problems.push({ code, message: `${locationLabel(entry.value.id, path)}: ${what}`, path, itemId: entry.value.id, severity: 'error' });
    rejected.add(entry.index);
  };

  for (const entry of items) {
    const first = byId.get(entry.value.id);
    if (first) reject(entry, 'duplicate-id', ['id'], `duplicate id "${entry.value.id}" (first used at items[${first.index}]); every item needs its own id`);
    else byId.set(entry.value.id, entry);
  }

  // Experiments whose overrides would produce an invalid item are refused whole: showing
  // one arm without its override would measure something else than the writer designed.
  const refused = [...refusedExperiments];
  const usable = experiments.filter((e) => {
    const found = overrideProblems(e, refs, options);
    problems.push(...found);
    const refusedForErrors = found.some((problem) => problem.severity === 'error');
    if (refusedForErrors) refused.push(e.value.key);
    return !refusedForErrors;
  });
  for (const e of refusedEntries) problems.push(...overrideProblems(e, refs, options));
  const experimentKeys = usable.map((e) => e.value.key);
  const valid = new Set(experimentKeys);
  // A key refused once but also used by a valid experiment (a duplicate) names that one.
  const refusedKeys = new Set(refused.filter((key) => !valid.has(key)));
  // A refused experiment is known: its items are told it is skipped, not that it does not exist.
  const knownKeys = [...experimentKeys, ...refusedKeys];

  for (const entry of items) {
    if (rejected.has(entry.index)) continue;
    // Every problem of the item, not just the first: a writer fixes them all in one pass. Its
    // own problems come first: an override check refuses the experiment of an item with errors,
    // and "its experiment is skipped" alone would send the writer round in a circle.
    let ownProblems = false;
    for (const check of itemChecks(entry.value, refs, knownKeys, options.checkSelector)) {
      if (check.severity === 'warning') {
        const path = formatPath(['items', entry.index, ...check.path]);
        problems.push({ code: check.code, message: `${locationLabel(entry.value.id, path)}: ${check.message}`, path, itemId: entry.value.id, severity: 'warning' });
        continue;
      }
      reject(entry, check.code, check.path, check.message);
      ownProblems = true;
    }
    if (!ownProblems && entry.value.experiment !== undefined && refusedKeys.has(entry.value.experiment)) {
      reject(entry, 'invalid-reference', ['experiment'], `experiment ${quote(entry.value.experiment)} has errors and is skipped, so this item is skipped too`);
    } else if (!ownProblems) {
      const shadowed = shadowedExperiment(entry.value, usable);
      if (shadowed) reject(entry, 'shadowed-experiment', ['experiment'], shadowed);
    }
  }
  writers?.report(writers.salvaged, refs, knownKeys, options, problems);
  const counter = options.counter ?? { steps: 0 };
  const cycles = requiresCycles(byId, counter);
  for (const entry of items) {
    if (rejected.has(entry.index)) continue;
    const cycle = byId.get(entry.value.id) === entry ? cycles.get(entry.value.id) : undefined;
    if (cycle) reject(entry, 'invalid-reference', ['requires'], `"requires" goes round in a circle (${cycle}), so none of these items could ever show`);
  }
  rejectDependents(items, byId, rejected, reject, counter);
  // Every experiment's scope, refused or not: an id no item has is worth fixing before a next
  // run. A refused one's scope naming a skipped item adds nothing to that item's own errors.
  const applied = new Set(usable);
  for (const e of [...experiments, ...refusedEntries].sort((a, b) => a.index - b.index)) {
    (e.value.scope.items ?? []).forEach((id, i) => {
      if (byId.has(id) || (skippedIds.has(id) && !applied.has(e))) return;
      const path = formatPath(['experiments', e.index, 'scope', 'items', i]);
      const what = skippedIds.has(id) ? `the item ${quote(id)} has errors and is skipped` : `no item has the id ${quote(id)}${suggest(id, refs)}`;
      problems.push({ code: skippedIds.has(id) ? 'invalid-reference' : 'unknown-reference', message: `${locationLabel(e.value.key, path, 'experiment')}: ${what}`, path, severity: 'warning' });
    });
  }
  // Skipped for what another item got wrong (a tour it starts, an id taken): for writers, checked
  // as the other skipped items are (translations too), so fixing that item uncovers nothing here.
  if (writers && rejected.size) {
    for (const entry of items) if (rejected.has(entry.index)) writers.salvaged.push({ ...entry, dropped: new Set() });
    writers.salvaged.sort((a, b) => a.index - b.index);
  }
  return { items: items.filter((entry) => !rejected.has(entry.index)), experiments: usable };
}

/** How `e` claims `item`: named by it, or through its scope's item ids or types (experimentFor's three ways). */
function claim(e: Experiment, item: Item): string | undefined {
  if (item.experiment === e.key) return 'its own "experiment"';
  if (e.scope.items?.includes(item.id)) return `its "scope.items"`;
  return e.scope.types?.includes(item.type) ? `its "scope.types" (${quote(item.type)})` : undefined;
}

/**
 * Why `item`'s own "experiment" never governs it, or undefined: the engine lets the first
 * experiment that claims an item govern it (engine/experiment-scope.ts), so one listed earlier
 * whose scope takes the item in silently wins over the one the item names, and the writer's
 * experiment measures nothing of it.
 */
function shadowedExperiment(item: Item, experiments: Located<Experiment>[]): string | undefined {
  if (item.experiment === undefined || !experiments.some((e) => e.value.key === item.experiment)) return undefined;
  const governing = experiments.find((e) => claim(e.value, item) !== undefined)!;
  if (governing.value.key === item.experiment) return undefined;
  const named = quote(item.experiment);
  return `names experiment ${named}, but experiment ${quote(governing.value.key)} (experiments[${governing.index}]) comes first and takes this item in through ${claim(governing.value, item)}, so it governs the item and ${named} never shows it; take the item out of ${quote(governing.value.key)}'s scope, or list ${named} before it`;
}

/** The tours `item` starts: its buttons' and its steps' buttons' `startTour`, its tasks' `tour`, with their paths. */
function tourReferences(item: Item): [PathSegment[], string][] {
  const found: [PathSegment[], string][] = [];
  const buttons = (list: Item['buttons'], base: PathSegment[]) =>
    (list ?? []).forEach((b, i) => b.action === 'startTour' && b.tour !== undefined && found.push([[...base, i, 'tour'], b.tour]));
  buttons(item.buttons, ['buttons']);
  if (item.type === 'tour') item.steps.forEach((step, i) => buttons(step.buttons, ['steps', i, 'buttons']));
  if (item.type === 'checklist') item.tasks.forEach((task, i) => task.tour !== undefined && found.push([['tasks', i, 'tour'], task.tour]));
  return found;
}

/**
 * An item that requires a rejected item could never show, and a button or task that starts a
 * rejected tour could never work: it is rejected too, and so on down the chain (a tour rejected
 * for its own errors after the item that starts it was checked). A worklist over who refers to
 * whom: linear in items plus references.
 */
function rejectDependents(
  items: Located<Item>[],
  byId: Map<string, Located<Item>>,
  rejected: Set<number>,
  reject: (entry: Located<Item>, code: string, relative: PathSegment[], what: string) => void,
  counter: StepCounter,
) {
  /** Who refers to each id: the entry, where, and what it would say once that id is rejected. */
  const dependents = new Map<string, [Located<Item>, PathSegment[], string][]>();
  const refer = (id: string, dependent: [Located<Item>, PathSegment[], string]) => {
    counter.steps++;
    const list = dependents.get(id);
    if (list) list.push(dependent);
    else dependents.set(id, [dependent]);
  };
  for (const entry of items) {
    const requires = entry.value.requires ?? [];
    for (const id of new Set(requires)) refer(id, [entry, ['requires', requires.indexOf(id)], `requires ${quote(id)}, which has errors and is skipped`]);
    for (const [path, id] of tourReferences(entry.value)) refer(id, [entry, path, `${quote(id)} has errors and is skipped, so it cannot be started`]);
  }
  const queue = [...byId.values()].filter((entry) => rejected.has(entry.index));
  for (let head = 0; head < queue.length; head++) {
    for (const [entry, path, what] of dependents.get(queue[head].value.id) ?? []) {
      counter.steps++;
      if (rejected.has(entry.index) || queue[head] === entry) continue;
      reject(entry, 'invalid-reference', path, what);
      if (byId.get(entry.value.id) === entry) queue.push(entry);
    }
  }
}

/** An override must name an item and, merged into it, give a valid item with safe URLs. */
function overrideProblems(e: Located<Experiment>, refs: References, options: ValidateOptions): ManifestProblem[] {
  const found: ManifestProblem[] = [];
  e.value.variations.forEach((variation, vi) => {
    for (const [itemId, fields] of Object.entries(variation.overrides ?? {})) {
      const base: PathSegment[] = ['experiments', e.index, 'variations', vi, 'overrides', itemId];
      const at = formatPath(base);
      const label = (path: string) => locationLabel(e.value.key, path, 'experiment');
      const target = refs.byId.get(itemId);
      if (!target) {
        const what = refs.skipped.has(itemId) ? `the item ${quote(itemId)} has errors and is skipped` : `no item has the id ${quote(itemId)}${suggest(itemId, refs)}`;
        found.push({ code: refs.skipped.has(itemId) ? 'invalid-reference' : 'unknown-reference', message: `${label(at)}: ${what}`, path: at, severity: 'error' });
        continue;
      }
      const fixed = ['id', 'type'].find((key) => own(fields, key));
      if (fixed) {
        const path = formatPath([...base, fixed]);
        found.push({ code: 'invalid-override', message: `${label(path)}: an override cannot change "${fixed}"`, path, severity: 'error' });
        continue;
      }
      // A null-prototype deep copy, as every validator input (depth.ts): valibot walks it with for...in.
      const merged: unknown = (boundedCopy(Object.assign(Object.create(null) as object, target.value, fields)) as { value: unknown }).value;
      // Problems in fields the override does not set belong to the item and are reported there.
      const overridden = Object.keys(fields as object).map((key) => formatPath([...base, key]));
      const inOverride = (path: string) => overridden.some((prefix) => path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));
      // A problem outside the override is the item's own: the item is skipped, so is this override.
      const itemHasErrors = () => found.push({ code: 'invalid-reference', message: `${label(at)}: the item ${quote(itemId)} has errors and is skipped`, path: at, severity: 'error' });
      const parsed = v.safeParse(ItemSchema, merged);
      if (!parsed.success) {
        const problems = issueProblems(parsed.issues, ItemSchema, merged, base, e.value.key, 'experiment');
        const own = problems.filter((p) => inOverride(p.path));
        if (own.length) found.push(...own);
        else itemHasErrors();
        continue;
      }
      for (const check of itemChecks(safeOutput(parsed.output), refs, [], options.checkSelector, { skipExperiment: true })) {
        const path = formatPath([...base, ...check.path]);
        // A warning (an empty text beside others) does not refuse the experiment; the item's own
        // are reported with the item.
        if (check.severity === 'warning') {
          if (inOverride(path)) found.push({ code: check.code, message: `${label(path)}: ${check.message}`, path, severity: 'warning' });
          continue;
        }
        if (!inOverride(path)) {
          itemHasErrors();
          break;
        }
        found.push({ code: check.code, message: `${label(path)}: ${check.message}`, path, severity: 'error' });
        break;
      }
    }
  });
  return found;
}
