/**
 * The checks around the arithmetic, and the one number to report. Each check turns a count
 * the queries made into a verdict in plain words; the recommendation picks the population
 * whose checks pass and says why it is the one to quote.
 */
import { human, percentText, pointsText, pText } from './human';
import { isolate } from './names';
import { interimHeadline, interimLook, type Look } from './report-interim';
import type { Check, Comparison, ExperimentResult, PopulationResult, Recommendation } from './report-types';

export type { Look } from './report-interim';

const count = (x: number, unit: string) => `${human(x)} ${unit}${x === 1 ? '' : 's'}`;
/** The verb for a count: "1 user was", "2 users were". */
const was = (x: number) => (x === 1 ? 'was' : 'were');

export interface CheckCounts {
  unit: string;
  exposedUnits: number;
  assignedUnits: number;
  disagreeing: number;
  unassignedExposed: number;
  earlyUnits: number;
  skewUnits: number;
  multiVariationUnits: number;
  /** Units assigned in more than one arm (left out of intent-to-treat). @default 0 */
  multiAssignedUnits?: number;
  inProgress: { exposed: number; assigned: number };
  includeInProgress: boolean;
  windowDays: number;
  /** Events (of any experiment) stamped after the analysis time, left out. */
  futureEvents?: number;
  /** The goal asked for, and the goal names the data has with their event counts (absent: not counted). */
  goal?: { name: string; names: { name: string; events: number }[] };
  /** Non-forced exposures without a unit or a unit_id, per arm (absent or empty: none). */
  withoutUnit?: { arm: string; noUnit: number; noUnitId: number }[];
}

/** Edit distance (Levenshtein), case-insensitive: for "did you mean". */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    row = next;
  }
  return row[y.length];
}

/** One name holds the other, ignoring case ("upgrade" and "upgrade_clicked"): closer than any edit distance says. */
const related = (a: string, b: string) => a.toLowerCase().includes(b.toLowerCase()) || b.toLowerCase().includes(a.toLowerCase());

/** How many goal names the check lists. */
const GOAL_NAMES_LISTED = 5;

/**
 * The goal check: a --goal that no goal event carries gives every arm 0 conversions, which would
 * read as a confident "no effect". It fails (warn) and names the goals the data has, closest first.
 */
export function goalCheck(goal: NonNullable<CheckCounts['goal']>): Check | undefined {
  const found = goal.names.find((g) => g.name === goal.name);
  if (found && found.events > 0) return undefined;
  const near = goal.names
    .filter((g) => g.events > 0 && g.name !== goal.name)
    .map((g) => ({ ...g, related: related(g.name, goal.name) ? 0 : 1, d: distance(g.name.slice(0, 200), goal.name.slice(0, 200)) }))
    .sort((a, b) => a.related - b.related || a.d - b.d || b.events - a.events || (a.name < b.name ? -1 : 1));
  const listed = near.slice(0, GOAL_NAMES_LISTED).map((g) => `${isolate(JSON.stringify(g.name))} (${count(g.events, 'event')})`);
  const more = near.length > GOAL_NAMES_LISTED ? ` and ${human(near.length - GOAL_NAMES_LISTED)} more` : '';
  const names = near.length ? ` Goal names in the data, closest first (a name that holds the other, then by edit distance): ${listed.join(', ')}${more}; did you mean ${isolate(near[0].name)}?` : ' The data has no goal events at all.';
  return {
    id: 'goal-events', status: 'warn', count: 0,
    message: `No goal event is named ${isolate(JSON.stringify(goal.name))} (--goal), so every arm has 0 conversions and no lift can be measured.${names}`,
  };
}

const unitsIn = (p: PopulationResult) => p.arms.reduce((s, a) => s + a.units, 0);

/** Verdicts from the consistency counts (the split checks and the audit are added by the caller). */
export function consistencyChecks(c: CheckCounts): Check[] {
  const checks: Check[] = [];
  const u = isolate(c.unit);
  if (c.assignedUnits === 0) {
    checks.push({ id: 'assignment-exposure-agreement', status: 'skipped', message: 'No assignment events: whether exposures agree with assignments cannot be checked.' });
  } else {
    checks.push(
      c.disagreeing > 0
        ? { id: 'assignment-exposure-agreement', status: 'fail', count: c.disagreeing, message: `${count(c.disagreeing, u)} logged an exposure in a different arm from their assignment: the page showed one arm while the SDK had assigned another (a second SDK copy, a stale manifest, ids shared between people).` }
        : { id: 'assignment-exposure-agreement', status: 'pass', count: 0, message: `Every exposed ${u} with an assignment was exposed in its assigned arm.` },
      c.unassignedExposed > 0
        ? { id: 'exposures-without-assignment', status: 'warn', count: c.unassignedExposed, message: `${count(c.unassignedExposed, u)} logged exposures but no assignment event (lost events, or exposures logged by code that skips assignment); they are in the exposed population only.` }
        : { id: 'exposures-without-assignment', status: 'pass', count: 0, message: `Every exposed ${u} has an assignment event.` },
    );
  }
  checks.push(
    c.earlyUnits > 0
      ? {
          id: 'goals-before-exposure', status: 'warn', count: c.earlyUnits,
          message: `${count(c.earlyUnits, u)} had a goal before their first exposure (${human(c.skewUnits)} within the hour before: most likely device clock skew). Those goals are not counted as conversions; the ${u}s stay in the analysis.`,
        }
      : { id: 'goals-before-exposure', status: 'pass', count: 0, message: 'No goal came before its unit\'s first exposure.' },
  );
  const inProgress = c.inProgress.exposed + c.inProgress.assigned;
  checks.push({
    id: 'in-progress-units', status: inProgress > 0 ? 'warn' : 'pass', count: c.inProgress.exposed,
    message: inProgress === 0
      ? `Every ${u}'s ${human(c.windowDays)}-day window had closed by the end of the data.`
      : c.includeInProgress
        ? `${count(c.inProgress.exposed, `exposed ${u}`)} (and ${human(c.inProgress.assigned)} assigned) ${inProgress === 1 ? 'is' : 'are'} still inside their ${human(c.windowDays)}-day window and ${inProgress === 1 ? 'is' : 'are'} counted with a cut-short window (--include-in-progress).`
        : `${count(c.inProgress.exposed, `exposed ${u}`)} (and ${human(c.inProgress.assigned)} assigned) ${inProgress === 1 ? 'is' : 'are'} still inside their ${human(c.windowDays)}-day window at the end of the data: left out until it closes (--include-in-progress counts them).`,
  });
  if (c.futureEvents) {
    checks.push({
      id: 'future-events', status: 'warn', count: c.futureEvents,
      message: `${count(c.futureEvents, 'event')} ${c.futureEvents === 1 ? 'is' : 'are'} stamped more than an hour after the time of this analysis (a device clock set ahead, or edited data) and left out: the data ends at the newest event before then, so no window is closed by a date still to come.`,
    });
  }
  const unitless = (c.withoutUnit ?? []).filter((r) => r.noUnit + r.noUnitId > 0);
  if (unitless.length) {
    const total = unitless.reduce((sum, r) => sum + r.noUnit + r.noUnitId, 0);
    const perArm = unitless.map((r) => `${isolate(r.arm)} ${human(r.noUnit + r.noUnitId)} (${[r.noUnit > 0 && `${human(r.noUnit)} without unit`, r.noUnitId > 0 && `${human(r.noUnitId)} without unit_id`].filter(Boolean).join(', ')})`);
    checks.push({
      id: 'exposures-without-unit', status: 'warn', count: total,
      message: `${count(total, 'non-forced exposure event')} ${total === 1 ? 'has' : 'have'} no unit or no unit_id and ${total === 1 ? 'is' : 'are'} left out, since ${total === 1 ? 'it belongs' : 'they belong'} to no unit: ${perArm.join('; ')}. The SDK always sets both; code that builds its own events may not. Losses concentrated in one arm bias the comparison.`,
    });
  }
  if (c.goal) {
    const goal = goalCheck(c.goal);
    if (goal) checks.push(goal);
  }
  const multiAssigned = c.multiAssignedUnits ?? 0;
  if (c.multiVariationUnits > 0 || multiAssigned > 0) {
    const seen = [
      c.multiVariationUnits > 0 && `${count(c.multiVariationUnits, u)} ${was(c.multiVariationUnits)} exposed in more than one arm and ${c.multiVariationUnits === 1 ? 'is' : 'are'} left out`,
      multiAssigned > 0 && `${count(multiAssigned, u)} ${was(multiAssigned)} assigned to more than one arm and ${multiAssigned === 1 ? 'is' : 'are'} left out of intent-to-treat`,
    ].filter(Boolean).join('; ');
    checks.push({ id: 'multi-variation-units', status: 'warn', count: c.multiVariationUnits, message: `${seen}: sticky assignment broke somewhere (a seed or weights changed without a new bucketVersion, a stale cached manifest, or ids shared between people).` });
  }
  return checks;
}

/** The fields of a result the recommendation reads (hygiene optional: hand-made results may lack it). */
type RecommendInput = Pick<ExperimentResult, 'exposed' | 'intentToTreat' | 'checks' | 'unit' | 'control'> & { hygiene?: Pick<ExperimentResult['hygiene'], 'multiVariationUnits'> };

/**
 * What the intent-to-treat figure adds to the exposed one, from the counts (never a claim the
 * table contradicts). Units exposed in more than one arm are left out of the exposed figure but
 * did reach the help: they are not among those who never did (at most the surplus of assigned
 * over exposed, as some of them may be in-progress or unassigned).
 */
function ittAgainstExposed(e: Pick<RecommendInput, 'unit' | 'exposed' | 'intentToTreat' | 'hygiene'>): string {
  const surplus = unitsIn(e.intentToTreat) - unitsIn(e.exposed);
  const multi = Math.min(Math.max(surplus, 0), e.hygiene?.multiVariationUnits ?? 0);
  const neverReached = surplus - multi;
  const u = isolate(e.unit);
  const intro = `The intent-to-treat figure below (every assigned ${u}) is the same experiment seen through everyone`;
  if (neverReached > 0) return `${intro}, diluted by the ${human(neverReached)} assigned ${u}s who never reached the help.`;
  const alsoMulti = multi > 0 ? ` (counting the ${count(multi, u)} exposed in more than one arm, left out of the exposed figure)` : '';
  if (neverReached === 0) return `${intro}; here as many ${u}s were assigned as exposed${alsoMulti}, so the two should be close.`;
  return `${intro}; here fewer ${u}s were assigned than exposed (exposures without an assignment event: see the checks).`;
}

const usable = (p: PopulationResult) => p.available && p.srm?.status === 'pass' && p.comparisons.length > 0 && p.comparisons.every((c) => Number.isFinite(c.pValue));

/**
 * Why there is no number. No units counted anywhere is "nothing yet", not a failure. Otherwise
 * each population's split verdict is named once, with its population: both populations of an
 * experiment often fail for the same reason, and the same sentence twice reads as a glitch.
 */
function nothingToReport(e: Pick<ExperimentResult, 'exposed' | 'intentToTreat' | 'unit'>): Recommendation {
  const populations = [
    { label: 'Exposed', p: e.exposed },
    { label: 'Assigned', p: e.intentToTreat },
  ].filter(({ p }) => p.available);
  if (populations.every(({ p }) => unitsIn(p) === 0)) {
    const waiting = Math.max(0, ...populations.map(({ p }) => p.inProgressUnits));
    const still = waiting > 0 ? ` ${count(waiting, isolate(e.unit))} ${waiting === 1 ? 'is' : 'are'} still inside the window and will count once it closes.` : '';
    return { population: null, headline: 'Nothing to report yet: no units counted.', why: `With no units there is no split to check and no lift to compare.${still}` };
  }
  const verdicts = new Map<string, string[]>();
  for (const { label, p } of populations) {
    if (!p.srm || p.srm.status === 'pass') continue;
    verdicts.set(p.srm.verdict, [...(verdicts.get(p.srm.verdict) ?? []), `${label.toLowerCase()} ${isolate(e.unit)}s`]);
  }
  const why = [...verdicts].map(([verdict, who]) => (populations.length > 1 ? `${capitalize(who.join(' and '))}: ${verdict}` : verdict)).join(' ');
  return { population: null, headline: 'Do not report a lift yet: no population passes its checks.', why: why || 'There are not enough units in every arm to compare.' };
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** One comparison in a headline: the lift, its interval, p (and Holm's adjusted p with several arms), the relative lift. */
function figures(c: Comparison, k: number): string {
  const relative = Number.isFinite(c.relativeLift) ? `; relative ${pointsText(c.relativeLift)}% (${pointsText(c.relativeCi[0])}% to ${pointsText(c.relativeCi[1])}%)` : '';
  const adjusted = k > 1 ? `, Holm-adjusted ${pText(c.adjustedPValue ?? NaN)}` : '';
  const exact = c.method === 'newcombe-fisher' ? ", Newcombe interval and Fisher's exact test" : '';
  return `95% CI ${pointsText(c.absoluteCi[0])} to ${pointsText(c.absoluteCi[1])} points, ${pText(c.pValue)}${adjusted}${exact}${relative}`;
}

/** The verdict on one arm: significant (after Holm's correction), a disagreement between interval and test, or no detectable effect. */
function verdictOf(c: Comparison): string {
  const arm = isolate(c.variation);
  if (c.significant) return `${arm} ${c.absoluteLift > 0 ? 'raised' : 'lowered'} conversion by ${pointsText(c.absoluteLift)} points`;
  if (c.testsDisagree) return `no clear effect of ${arm}: ${pointsText(c.absoluteLift)} points, but the interval and the test disagree (a borderline result), so it is not called significant`;
  return `no detectable effect of ${arm}: ${pointsText(c.absoluteLift)} points`;
}

/** The unit and the smallest arm's units of the population a headline is about. */
interface Sample {
  unit: string;
  smallestArm: number;
}

/**
 * The caveat a "no detectable effect" headline needs when the arms are smaller than the sample
 * size the --mde lift needs: read alone, the headline says "no effect", while the data could not
 * have seen one of that size. Empty when every comparison had enough units, or for a borderline
 * result (its own wording already says it is not a finding).
 */
function tooFewUnits(comparisons: Comparison[], { unit, smallestArm }: Sample): string {
  const short = comparisons.filter((c) => !c.enoughData && !c.testsDisagree && Number.isFinite(c.neededPerArm));
  if (!short.length) return '';
  const needed = Math.max(...short.map((c) => c.neededPerArm));
  const u = isolate(unit);
  return ` Inconclusive, not evidence of no effect: too few ${u}s to tell (${human(smallestArm)} in the smallest arm; about ${human(needed)} per arm are needed to detect the --mde lift).`;
}

/**
 * The headline from every treatment-vs-control comparison: with one, its verdict; with several,
 * the arms significant after Holm's correction, else "no detectable effect in any of the k arms".
 */
function headlineOf(comparisons: Comparison[], sample: Sample): { headline: string; comparison: Comparison; significantArms: string[] } {
  const k = comparisons.length;
  const winners = comparisons.filter((c) => c.significant);
  const significantArms = winners.map((c) => c.variation);
  const caveat = winners.length ? '' : tooFewUnits(comparisons, sample);
  if (k === 1) return { headline: `Report this: ${verdictOf(comparisons[0])} (${figures(comparisons[0], 1)}).${caveat}`, comparison: comparisons[0], significantArms };
  const each = (list: Comparison[]) => list.map((c) => `${isolate(c.variation)} ${pointsText(c.absoluteLift)} points (${figures(c, k)})`).join('; ');
  if (!winners.length) {
    return { headline: `Report this: no detectable effect in any of the ${k} arms compared with the control, after Holm's correction for ${k} comparisons: ${each(comparisons)}.${caveat}`, comparison: comparisons[0], significantArms };
  }
  const rest = comparisons.filter((c) => !c.significant);
  const others = rest.length ? ` No detectable effect of ${rest.map((c) => isolate(c.variation)).join(', ')} after the correction: ${each(rest)}.` : '';
  const found = winners.map((c) => `${verdictOf(c)} (${figures(c, k)})`).join('; ');
  return { headline: `Report this (Holm's correction for ${k} comparisons with the control): ${found}.${others}`, comparison: winners[0], significantArms };
}

/**
 * The number to report: triggered when its checks pass, else intent-to-treat, else none. With
 * `look`, a report that counts units still inside their window is an interim look
 * (./report-interim.ts): its figures, never "Report this".
 */
export function recommend(e: RecommendInput, look?: Look): Recommendation {
  const blocking = e.checks.filter((c) => c.status === 'fail' && (c.id === 'assignment-audit' || c.id === 'assignment-exposure-agreement'));
  if (blocking.length) {
    return { population: null, headline: 'Do not report a lift yet: the assignment itself is in doubt.', why: blocking.map((c) => c.message).join(' ') };
  }
  const noGoal = e.checks.find((c) => c.id === 'goal-events' && c.status !== 'pass');
  if (noGoal) return { population: null, headline: 'Do not report a lift: no goal event has the name asked for.', why: noGoal.message };
  const exposedOk = usable(e.exposed);
  const ittOk = usable(e.intentToTreat);
  const population = exposedOk ? 'exposed' : ittOk ? 'intentToTreat' : null;
  if (population === null) return nothingToReport(e);
  const result = population === 'exposed' ? e.exposed : e.intentToTreat;
  const smallestArm = result.arms.reduce((min, a) => Math.min(min, a.units), Infinity);
  const { headline, comparison: c, significantArms } = headlineOf(result.comparisons, { unit: e.unit, smallestArm });
  const found = significantArms.length > 0;
  const u = isolate(e.unit);
  const interim = interimLook(result, look);
  // An interim look claims no effect beyond noise, nor that one may hide in it: the data is not all in.
  const noise = interim ? '' : `; ${found ? 'the effect found is beyond noise' : 'a smaller true effect may be hiding in the noise'}`;
  const mdl = Number.isFinite(c.detectableLift)
    ? ` With ${human(smallestArm)} ${u}s in the smallest arm and a ${percentText(result.arms.find((a) => a.control)?.rate ?? NaN)} control rate, a true lift of ${human(c.detectableLift * 100)} points or more would show as significant 80% of the time (the minimum detectable lift)${noise}.`
    : '';
  const why =
    population === 'exposed'
      ? `Population: ${u}s exposed at the trigger point, from each one's first exposure. Both arms log that moment (the control without showing anything), so the two groups are comparable, and the effect is not diluted by ${u}s who never reached the help. ${e.intentToTreat.available ? ittAgainstExposed(e) : ''}`.trim()
      : `Population: every assigned ${u} (intent-to-treat). The exposed population failed its split check, so its exposures are not comparable between arms; assignment happens before anything can differ between arms, so this figure stays unbiased (diluted by ${u}s who never reached the help).`;
  if (interim) {
    const k = result.comparisons.length;
    const soFar = result.comparisons.map((x) => `${isolate(x.variation)} ${pointsText(x.absoluteLift)} points (${figures(x, k)})`).join('; ');
    return { population, comparison: c, significantArms, headline: interimHeadline(soFar, interim, e.unit, look!.windowMs), why: why + mdl, interim };
  }
  return { population, comparison: c, significantArms, headline, why: why + mdl };
}
