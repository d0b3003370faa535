/**
 * The arms of an experiment: which were logged, which is the control, the configured weight of
 * each, and whether a --control or --experiment the person asked for names anything in the
 * data at all. Part of ./report.ts.
 */
import { nearestWord } from '../manifest/problems';
import { human } from './human';
import { isolate, nameList } from './names';
import type { ArmPlan } from './report-population';
import type { Check, ExperimentResult, ReportOptions } from './report-types';
import type { AggregateRows, ArmRow } from './sql';

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
/**
 * A value the options hold for a key from the logs, own properties only: an experiment or arm
 * called "constructor" or "__proto__" must not find Object.prototype's members.
 */
export const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined => (record && Object.hasOwn(record, key) ? record[key] : undefined);

/**
 * Every arm the rows show was logged, sorted: the arm of each unit, and for a unit logged in
 * several arms (left out of the comparison) its first and last. An arm whose every unit also
 * saw another one is still an arm that runs: it must not be taken for one never logged.
 */
export function loggedArms(rows: readonly ArmRow[]): string[] {
  const arms = new Set<string>();
  for (const r of rows) {
    arms.add(r.arm);
    if (n(r.mixed) === 1 && r.arm_last !== undefined) arms.add(r.arm_last);
  }
  return [...arms].sort();
}

/** Per arm, the units logged in it and in another arm too (left out as multi-variation units). */
export function multiVariationByArm(rows: readonly ArmRow[]): Map<string, number> {
  const byArm = new Map<string, number>();
  for (const r of rows) {
    if (n(r.mixed) !== 1) continue;
    for (const arm of new Set([r.arm, r.arm_last ?? r.arm])) byArm.set(arm, (byArm.get(arm) ?? 0) + n(r.units));
  }
  return byArm;
}

/**
 * Which arm is the control: --control, else the arm whose exposures are counterfactual (a
 * holdout), else the manifest's first variation, else the first logged arm in sorted order.
 * Every arm logged counts, exposed or assigned, alone or with others: an arm whose exposures
 * are missing (the case the intent-to-treat fallback exists for), or whose every unit also saw
 * another arm, still sorts where its key says, so the control does not move to another arm.
 */
export function chooseControl(experiment: string, arms: ArmRow[], options: ReportOptions): { control: string; rule: ExperimentResult['controlRule'] } {
  if (options.control !== undefined) return { control: options.control, rule: 'flag' };
  // Counterfactual exposures are the exposed population's (the assigned rows', when nobody was exposed).
  const exposed = arms.filter((r) => r.population === 'exposed');
  const cf = (exposed.length ? exposed : arms).filter((r) => n(r.mixed) === 0 && n(r.cf_units) > 0).sort((a, b) => n(b.cf_units) - n(a.cf_units));
  if (cf.length) return { control: cf[0].arm, rule: 'counterfactual' };
  const order = own(options.manifestOrder, experiment);
  if (order?.length) return { control: order[0], rule: 'manifest' };
  return { control: loggedArms(arms)[0] ?? '', rule: 'sorted' };
}

/**
 * Every configured arm with its weight. An arm nobody logged still counts: from the manifest,
 * from the other population, or, when --weights names more arms than the logs show, as a
 * placeholder, so a silent arm fails the split check instead of vanishing from it. An arm in
 * the logs that the manifest does not define keeps the manifest's weights for the others and
 * gets weight 0 (its units fail the split check, naming it).
 */
export function armPlan(experiment: string, order: string[], options: ReportOptions): ArmPlan {
  // --weights first: the flag says what the person running the analysis knows (a manifest
  // changed since), and the manifest's are the default when it is absent.
  if (options.weights) {
    const arms = [...order];
    for (let i = arms.length; i < options.weights.length; i++) arms.push(`(arm ${i + 1}, never logged)`);
    if (arms.length === options.weights.length) return { arms, weights: options.weights, from: 'flag' };
  }
  const fromManifest = own(options.manifestWeights, experiment);
  const defined = own(options.manifestOrder, experiment) ?? (fromManifest ? Object.keys(fromManifest) : undefined);
  if (defined?.length) {
    const arms = [...order, ...defined.filter((a) => !order.includes(a))];
    const undefinedArms = arms.filter((a) => !defined.includes(a));
    const weightOf = (a: string) => (!defined.includes(a) ? 0 : fromManifest ? (own(fromManifest, a) ?? 0) : 1 / defined.length);
    const source = fromManifest ? undefined : 'an equal split of the arms the manifest defines (it gives no weights)';
    return { arms, weights: arms.map(weightOf), from: fromManifest ? 'manifest' : 'equal', ...(undefinedArms.length && { undefinedArms }), ...(source && { source }) };
  }
  // An experiment has at least two arms: one logged alone means another is silent.
  const arms = order.length === 1 ? [...order, '(another arm, never logged)'] : order;
  const manifestGiven = options.manifestExperiments !== undefined || options.manifestOrder !== undefined || options.manifestWeights !== undefined;
  const why = options.weights ? `--weights has ${options.weights.length} values for ${arms.length} arms` : manifestGiven ? 'the manifest does not define this experiment' : undefined;
  return { arms, weights: arms.map(() => 1 / arms.length), from: 'equal', ...(why && { source: `an equal split (${why})` }) };
}

/** How the control was chosen, for a sentence about it. */
const CONTROL_RULE: Record<ExperimentResult['controlRule'], string> = {
  flag: 'chosen with --control',
  counterfactual: 'its exposures are counterfactual',
  manifest: "the manifest's first variation",
  sorted: 'chosen as the first variation key in sorted order',
};

/**
 * The `similar-arm-names` check: arm names (logged, or defined by the manifest) that differ only
 * by case or surrounding whitespace, "treatment", "treatment " and "Treatment". The analysis
 * keeps them apart, as the events name them (merging would rewrite the data on a guess), so a
 * stray one-user arm shows up as an arm of its own, fails the split check, and, sorting before
 * "control", can become the control. Undefined when every name is distinct so.
 */
export function similarArmNames(arms: readonly { variation: string; units: number }[], control: string, rule: ExperimentResult['controlRule'], unit: string): Check | undefined {
  const groups = new Map<string, { variation: string; units: number }[]>();
  for (const a of arms) {
    const key = a.variation.trim().toLowerCase();
    const group = groups.get(key);
    if (group) group.push(a);
    else groups.set(key, [a]);
  }
  const similar = [...groups].filter(([, list]) => list.length > 1).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (!similar.length) return undefined;
  const u = isolate(unit);
  const named = (a: { variation: string; units: number }) => `${isolate(JSON.stringify(a.variation))} (${human(a.units)} ${u}${a.units === 1 ? '' : 's'})`;
  const list = similar.map(([, group]) => [...group].sort((a, b) => (a.variation < b.variation ? -1 : 1)).map(named).join(', ')).join('; ');
  const isControl = rule !== 'flag' && similar.some(([, group]) => group.some((a) => a.variation === control));
  const controlToo = isControl ? ` The control, ${isolate(JSON.stringify(control))} (${CONTROL_RULE[rule]}), is one of them: pass --control to compare with the arm you mean.` : '';
  return {
    id: 'similar-arm-names', status: 'warn', count: similar.reduce((sum, [, group]) => sum + group.length, 0),
    message: `Arm names that differ only by case or surrounding whitespace: ${list}. They are analysed as separate arms, as the events name them (not merged); if they are meant to be one arm, the code that logs the variation spells it more than one way.${controlToo}`,
  };
}

/** A --control or --experiment that names nothing in the data: a typo, said before any report is made. */
export class UnknownNameError extends Error {
  constructor(readonly flag: 'control' | 'experiment', message: string) {
    super(message);
    this.name = 'UnknownNameError';
  }
}

const didYouMean = (name: string, known: readonly string[]) => {
  const near = nearestWord(name, known);
  return near === undefined ? '' : ` — did you mean ${isolate(near)}?`;
};

/**
 * The message for a --control that is not an arm of an experiment analysed (logged, or defined
 * by the manifest), else undefined. Without this the report would invent the arm with no units
 * and fail its split check, a misleading verdict about a typo. An experiment with no arm at all
 * (only forced exposures) is not held against it.
 */
export function unknownControl(rows: Pick<AggregateRows, 'arms'>, options: Pick<ReportOptions, 'control' | 'manifestOrder' | 'manifestWeights'>): UnknownNameError | undefined {
  const { control } = options;
  if (control === undefined) return undefined;
  const byExperiment = new Map<string, ArmRow[]>();
  for (const r of rows.arms) {
    const list = byExperiment.get(r.experiment);
    if (list) list.push(r);
    else byExperiment.set(r.experiment, [r]);
  }
  for (const [experiment, list] of [...byExperiment].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const defined = [...(own(options.manifestOrder, experiment) ?? []), ...Object.keys(own(options.manifestWeights, experiment) ?? {})];
    const arms = [...new Set([...loggedArms(list), ...defined])].sort();
    if (arms.includes(control)) continue;
    return new UnknownNameError('control', `no arm named ${isolate(control)} in experiment ${isolate(experiment)}; its arms are ${nameList(arms)}${didYouMean(control, arms)}`);
  }
  return undefined;
}

/** Every experiment the rows hold (with an arm, an exposure or an exposure without a unit), sorted. */
export function experimentsIn(rows: Pick<AggregateRows, 'arms' | 'exposures' | 'without_unit'>): string[] {
  const names = new Set<string>([...rows.arms, ...rows.exposures, ...(rows.without_unit ?? [])].map((r) => r.experiment));
  return [...names].sort();
}

/** The message for an --experiment that is none of `known` (the experiments in the events). */
export function unknownExperiment(experiment: string, known: readonly string[]): UnknownNameError {
  const those = known.length ? `; the experiments in them are ${nameList(known)}${didYouMean(experiment, known)}` : ': they have no exposures or assignments of any experiment';
  return new UnknownNameError('experiment', `no experiment named ${isolate(experiment)} in the events${those}`);
}
