/**
 * The same aggregation as the SQL in ./sql.ts, in plain TypeScript over events in memory.
 * It is the second implementation the SQL is tested against, and what the coverage tests
 * run over hundreds of simulated experiments without starting a database. Keep the two in
 * step: test/analysis/sql.test.ts compares them row for row.
 */
import { FUTURE_MS, SKEW_MS, type AggregateRows, type ArmRow, type ConsistencyRow, type ExposureRow, type FeedbackRow, type QueryOptions, type TourRow, type UnitRow } from './sql';
import { ZONED_TIMESTAMP, ZONELESS_TIMESTAMP } from './sql-events';
import { BLANK_ID } from './sql-dialect';
import { goalNameRows, withoutUnitRows } from './aggregate-checks';
import { laterId } from './string-order';
import { compareCopies } from './copy-order';
import { boolOrNull, helpfulOf, num, str } from './typed-fields';

/** An event as read from NDJSON: schema v1 fields, any of them possibly missing. */
export type RawEvent = Record<string, unknown>;

// Fields are typed by the rules of the SQL's events table (./typed-fields.ts), so that a
// hand-made or warehouse file with ill-typed fields gives the same rows in both.
/** A unit id: VARCHAR, with a blank one (BLANK_ID) missing, as the SQL's cleanSelect reads it. */
const unitIdOf = (v: unknown): string | null => (typeof v === 'string' && BLANK_ID.test(v) ? null : str(v));
/** BOOLEAN as a flag: true is 1, false and NULL 0 (the SQL's CASE WHEN column THEN 1 ELSE 0). */
const bool = (v: unknown): 0 | 1 => (boolOrNull(v) === true ? 1 : 0);

export interface Clean {
  event_id: string;
  type: string | null;
  name: string | null;
  ms: number;
  user_id: string | null;
  account_id: string | null;
  anonymous_id: string | null;
  item_id: string | null;
  item_type: string | null;
  item_ver: number;
  experiment: string | null;
  variation: string | null;
  bucket: number;
  unit: string | null;
  unit_id: string | null;
  is_cf: number;
  is_forced: number;
  step: number | null;
  origin: string | null;
  helpful: string | null;
}

const ZONED = new RegExp(ZONED_TIMESTAMP);
const ZONELESS = new RegExp(ZONELESS_TIMESTAMP);

/** Epoch ms of an ISO timestamp with a zone (as the SQL reads it), else NaN. */
export function zonedMs(ts: unknown): number {
  if (typeof ts !== 'string' || !ZONED.test(ts)) return NaN;
  // Date.parse wants "+hh:mm" and a "T"; the SQL engines also take "+hhmm", "+hh" and a space.
  const normal = ts.replace(' ', 'T').replace(/ ?([+-]\d{2}):?(\d{2})?$/, (_m, h: string, m?: string) => `${h}:${m ?? '00'}`).replace(',', '.');
  const ms = Date.parse(normal);
  // Date.parse rolls an impossible day over (2026-02-30 is 2 March); the SQL engines read none.
  const [, y, mo, d] = /^(\d{4})-(\d{2})-(\d{2})/.exec(normal)!;
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d)));
  return date.getUTCFullYear() === Number(y) && date.getUTCMonth() === Number(mo) - 1 && date.getUTCDate() === Number(d) ? ms : NaN;
}

/** The events once each, with the hygiene counts; `latest` is the last usable epoch ms (the SQL's latestMs in ./sql.ts). */
function cleanEvents(events: Iterable<RawEvent>, latest: number) {
  let rows = 0;
  let usable = 0;
  let zoneless = 0;
  let future = 0;
  let endMs = -Infinity;
  const first = new Map<string, Clean>();
  // The event each kept copy came from: a copy stamped in the same millisecond is compared with it (./copy-order.ts).
  const kept = new Map<string, RawEvent>();
  for (const e of events) {
    rows++;
    const id = str(e.event_id);
    const ms = zonedMs(e.ts);
    if (Number.isNaN(ms) && typeof e.ts === 'string' && ZONELESS.test(e.ts)) zoneless++;
    if (id === null || Number.isNaN(ms)) continue;
    if (ms > latest) {
      future++;
      continue;
    }
    usable++;
    endMs = Math.max(endMs, ms);
    const seen = first.get(id);
    if (seen && (seen.ms < ms || (seen.ms === ms && compareCopies(kept.get(id)!, e) <= 0))) continue;
    kept.set(id, e);
    first.set(id, {
      event_id: id,
      type: str(e.type),
      name: str(e.name),
      ms,
      user_id: str(e.user_id),
      account_id: str(e.account_id),
      anonymous_id: str(e.anonymous_id),
      item_id: str(e.item_id),
      item_type: str(e.item_type),
      item_ver: num(e.item_version) ?? 1,
      experiment: str(e.experiment),
      variation: str(e.variation),
      bucket: num(e.bucket_version) ?? 0,
      unit: str(e.unit),
      unit_id: unitIdOf(e.unit_id),
      is_cf: bool(e.counterfactual),
      is_forced: bool(e.forced),
      step: num(e.step),
      origin: str(e.origin),
      helpful: helpfulOf(e),
    });
  }
  return { rows, usable, zoneless, future, endMs: Number.isFinite(endMs) ? endMs : null, clean: [...first.values()] };
}

function group<T, K extends string>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/**
 * People of one tour version who never completed it, counted by the step they were on when they
 * left (the SQL's tour_positions): their latest step_viewed, or dismissed event with a step; a
 * dismissal wins a tie in time, then the larger event_id. Not their furthest step: after Back,
 * someone who reached step 3 and closed the tour on step 2 left on step 2.
 */
function leftAt(list: Clean[], person: (e: Clean) => string | null): Map<number, number> {
  const last = new Map<string, Clean>();
  const completed = new Set<string>();
  for (const e of list) {
    const who = person(e);
    if (who === null) continue;
    if (e.type === 'completed') completed.add(who);
    if ((e.type !== 'step_viewed' && e.type !== 'dismissed') || e.step === null || e.step < 0) continue;
    const seen = last.get(who);
    const rank = (x: Clean) => (x.type === 'dismissed' ? 1 : 0);
    if (!seen || e.ms > seen.ms || (e.ms === seen.ms && (rank(e) > rank(seen) || (rank(e) === rank(seen) && laterId(e.event_id, seen.event_id))))) last.set(who, e);
  }
  const counts = new Map<number, number>();
  for (const [who, e] of last) if (!completed.has(who)) counts.set(e.step as number, (counts.get(e.step as number) ?? 0) + 1);
  return counts;
}

/** A grouping key: names from the logs may hold any character, a NUL too, so no separator is safe. */
const keyOf = (...parts: unknown[]) => JSON.stringify(parts);

/** The aggregation of ./sql.ts over events in memory (the same rows, in any order). */
export function aggregateEvents(events: Iterable<RawEvent>, options: QueryOptions, withUnits = false): AggregateRows {
  const { rows, usable, zoneless, future, endMs, clean: all } = cleanEvents(events, (options.nowMs ?? Date.now()) + FUTURE_MS);
  const asOf = options.asOfMs ?? endMs ?? 0;
  const windowMs = Math.round(options.windowMs);
  const clean = all;
  // --as-of: later exposures, assignments and goals are not part of the analysis (the SQL's `ms <= as_of`).
  const beforeAsOf = (e: Clean) => options.asOfMs === undefined || e.ms <= asOf;
  const population = (type: string | null) => (type === 'assignment' ? 'assigned' : 'exposed') as 'assigned' | 'exposed';
  const inExperiment = clean.filter(
    (e) => (e.type === 'exposure' || e.type === 'assignment') && e.experiment !== null && e.unit !== null && (options.experiment === undefined || e.experiment === options.experiment),
  );

  // Goal times per (unit kind, unit id), as the SQL's `goals` union builds them.
  const goals = new Map<string, { id: string; ms: number }[]>();
  const addGoal = (unit: string, unitId: string, e: Clean) => {
    const key = keyOf(unit, unitId);
    const list = goals.get(key);
    if (list) list.push({ id: e.event_id, ms: e.ms });
    else goals.set(key, [{ id: e.event_id, ms: e.ms }]);
  };
  for (const e of clean) {
    if (e.type !== 'goal' || e.name !== options.goal || !beforeAsOf(e)) continue;
    if (e.account_id !== null) addGoal('account', e.account_id, e);
    if (e.user_id !== null) addGoal('user', e.user_id, e);
    if (e.anonymous_id !== null && (e.user_id === null || e.user_id !== e.anonymous_id)) addGoal('user', e.anonymous_id, e);
  }

  // Units with a forced (QA) exposure are left out entirely (the SQL's forced_unit_ids).
  const forced = new Set(inExperiment.filter((e) => e.type === 'exposure' && e.is_forced === 1 && e.unit_id !== null && beforeAsOf(e)).map((e) => keyOf(e.experiment, e.bucket, e.unit, e.unit_id)));
  const units = group(
    inExperiment.filter((e) => e.is_forced === 0 && e.variation !== null && e.unit_id !== null && beforeAsOf(e) && !forced.has(keyOf(e.experiment, e.bucket, e.unit, e.unit_id))),
    (e) => keyOf(population(e.type), e.experiment, e.bucket, e.unit, e.unit_id),
  );
  const armRows = new Map<string, ArmRow>();
  const unitRows: UnitRow[] = [];
  const perId = new Map<string, { e: Clean; exposure?: string; assignment?: string; exposureMixed?: boolean; assignmentMixed?: boolean }>();
  for (const list of units.values()) {
    const e0 = list[0];
    const variations = [...new Set(list.map((e) => e.variation as string))].sort();
    const mixed = variations.length > 1 ? 1 : 0;
    const arm = variations[0];
    const armLast = variations[variations.length - 1];
    // A loop, not Math.min(...list): a unit with 125,000+ events overflowed the call stack.
    const firstMs = list.reduce((min, e) => Math.min(min, e.ms), Infinity);
    const cf = list.reduce((max, e) => Math.max(max, e.is_cf), -Infinity);
    const inProgress = firstMs + windowMs > asOf ? 1 : 0;
    const inWindow = new Set<string>();
    const early = new Set<string>();
    const skew = new Set<string>();
    if (!mixed) {
      for (const g of goals.get(keyOf(e0.unit, e0.unit_id)) ?? []) {
        if (g.ms >= firstMs && g.ms < firstMs + windowMs) inWindow.add(g.id);
        if (g.ms < firstMs) early.add(g.id);
        if (g.ms < firstMs && g.ms >= firstMs - SKEW_MS) skew.add(g.id);
      }
      unitRows.push({ population: population(e0.type), experiment: e0.experiment as string, bucket: e0.bucket, unit: e0.unit as string, unit_id: e0.unit_id as string, arm });
    }
    const idKey = keyOf(e0.experiment, e0.bucket, e0.unit, e0.unit_id);
    const id = perId.get(idKey) ?? { e: e0 };
    id[population(e0.type) === 'exposed' ? 'exposure' : 'assignment'] = `${arm} | ${armLast}`;
    if (population(e0.type) === 'exposed') id.exposureMixed = mixed === 1;
    else id.assignmentMixed = mixed === 1;
    perId.set(idKey, id);
    const key = keyOf(population(e0.type), e0.experiment, e0.bucket, e0.unit, mixed, inProgress, arm, armLast);
    const row = armRows.get(key) ?? {
      population: population(e0.type), experiment: e0.experiment as string, bucket: e0.bucket, unit: e0.unit as string, mixed, in_progress: inProgress, arm, arm_last: armLast,
      units: 0, cf_units: 0, converted: 0, goal_count: 0, early_units: 0, skew_units: 0,
    };
    row.units++;
    row.cf_units += cf;
    row.converted += inWindow.size > 0 ? 1 : 0;
    row.goal_count += inWindow.size;
    row.early_units += early.size > 0 ? 1 : 0;
    row.skew_units += skew.size > 0 ? 1 : 0;
    armRows.set(key, row);
  }

  const consistency = new Map<string, ConsistencyRow>();
  for (const { e, exposure, assignment, exposureMixed, assignmentMixed } of perId.values()) {
    const key = keyOf(e.experiment, e.bucket, e.unit);
    const row = consistency.get(key) ?? { experiment: e.experiment as string, bucket: e.bucket, unit: e.unit as string, exposed_units: 0, assigned_units: 0, unassigned_exposed: 0, disagreeing: 0 };
    if (exposure !== undefined) row.exposed_units++;
    if (assignment !== undefined) row.assigned_units++;
    if (exposure !== undefined && assignment === undefined) row.unassigned_exposed++;
    if (exposure !== undefined && assignment !== undefined && !exposureMixed && !assignmentMixed && exposure !== assignment) row.disagreeing++;
    consistency.set(key, row);
  }

  const exposures: ExposureRow[] = [...group(inExperiment, (e) => keyOf(population(e.type), e.experiment, e.bucket, e.unit)).values()].map((list) => ({
    population: population(list[0].type),
    experiment: list[0].experiment as string,
    bucket: list[0].bucket,
    unit: list[0].unit as string,
    events: list.length,
    forced_events: list.filter((e) => e.is_forced === 1).length,
    forced_units: new Set(list.filter((e) => e.is_forced === 1 && e.unit_id !== null).map((e) => e.unit_id)).size,
  }));

  const tours: TourRow[] = [];
  const tourEvents = clean.filter((e) => e.item_type === 'tour' && (e.type === 'step_viewed' || e.type === 'completed' || e.type === 'dismissed'));
  const person = (e: Clean) => e.user_id ?? e.anonymous_id;
  const countRows = (list: Clean[], tour: string, itemVer: number, kind: TourRow['kind'], step: number, origin: string) =>
    tours.push({ tour, item_ver: itemVer, kind, out_step: step, out_origin: origin, units: new Set(list.map(person).filter((p) => p !== null)).size, events: list.length });
  for (const list of group(tourEvents, (e) => keyOf(e.item_id, e.item_ver)).values()) {
    const tour = list[0].item_id as string;
    const ver = list[0].item_ver;
    const viewed = list.filter((e) => e.type === 'step_viewed');
    if (viewed.length) countRows(viewed, tour, ver, 'started', -1, '');
    for (const steps of group(viewed, (e) => String(e.step ?? -1)).values()) countRows(steps, tour, ver, 'step', steps[0].step ?? -1, '');
    const completed = list.filter((e) => e.type === 'completed');
    if (completed.length) countRows(completed, tour, ver, 'completed', -1, '');
    for (const how of group(list.filter((e) => e.type === 'dismissed'), (e) => e.origin ?? '').values()) countRows(how, tour, ver, 'dismissed', -1, how[0].origin ?? '');
    for (const [step, units] of leftAt(list, person)) tours.push({ tour, item_ver: ver, kind: 'left', out_step: step, out_origin: '', units, events: units });
  }

  const feedback: FeedbackRow[] = [];
  const answers = clean.filter((e) => e.type === 'feedback' && e.item_id !== null && (e.helpful === 'true' || e.helpful === 'false'));
  for (const list of group(answers, (e) => e.item_id as string).values()) {
    const latest = new Map<string | null, Clean>();
    for (const e of list) {
      const who = person(e);
      const seen = latest.get(who);
      if (!seen || e.ms > seen.ms || (e.ms === seen.ms && laterId(e.event_id, seen.event_id))) latest.set(who, e);
    }
    const kept = [...latest.values()];
    feedback.push({
      item_id: list[0].item_id as string,
      item_kind: kept.map((e) => e.item_type ?? '').sort().at(-1) ?? '',
      answers: kept.length,
      yes: kept.filter((e) => e.helpful === 'true').length,
    });
  }

  return {
    hygiene: { rows_read: rows, usable, distinct_usable: all.length, zoneless, future, end_ms: endMs },
    arms: [...armRows.values()],
    consistency: [...consistency.values()],
    exposures,
    tours,
    feedback,
    goal_names: goalNameRows(clean),
    without_unit: withoutUnitRows(clean, options, beforeAsOf),
    ...(withUnits && { units: unitRows }),
  };
}
