/**
 * A realistic event log in schema v1 with a known truth, for `guidepost simulate`, the
 * analysis tests and the benchmark. The story: a B2B app runs the Intercom-style holdout
 * `help-links-holdout` over every help link (arms `holdout`, counterfactual, and `help`).
 * Accounts have several users, users have several sessions; both arms log an exposure at
 * the trigger point; the goal `upgraded` converts at `baseline` in the holdout and at
 * `baseline + lift` with help, within 28 days of the unit's first exposure, so the lift the
 * analysis should find is known exactly. Around it: tours abandoned at realistic steps,
 * "Was this helpful?" answers, noise goals, goals outside the window, duplicate deliveries,
 * QA overrides (`forced`), units seen in two arms (a stale cached manifest with an old seed)
 * and, on request, a sample-ratio bias (exposures of one arm lost).
 *
 * Assignment uses the SDK's own `assignVariation`, so every simulated unit is in the arm the
 * SDK would put it in.
 */
import { assignVariation } from '../engine/assign';
import type { Experiment } from '../manifest/schema';
import { EVENT_SCHEMA_VERSION, type GuidepostEvent } from '../track/event';
import { SDK_VERSION } from '../version';
import { createRandom } from './random';
import { DAY, HOUR, simulateNoise, simulateTour, uuidv7, type SimUser } from './simulate-extras';

export const SIM_EXPERIMENT = 'help-links-holdout';
export const SIM_GOAL = 'upgraded';
export const SIM_WINDOW_DAYS = 28;

export interface SimulateOptions {
  /** Experiment units: users, or accounts with --unit account. */
  units: number;
  /** True absolute lift of the help arm's conversion rate (0.09 = 9 points). */
  lift: number;
  seed: number;
  /** Conversion rate of the holdout arm. @default 0.2 */
  baseline?: number;
  /** What the experiment randomizes. @default 'user' */
  unit?: 'user' | 'account';
  /** Inject a sample-ratio bias: the help arm's expected share of exposed units (0.52 = 52/48). */
  srm?: number;
  /** First day of the log (UTC). @default '2026-01-05' */
  start?: string;
  /** Tours, feedback and noise events besides exposures and goals. @default true */
  extras?: boolean;
}

export interface SimulationTruth {
  units: number;
  baseline: number;
  lift: number;
  unit: 'user' | 'account';
  /** Exposed, not forced, seen in one arm: what the analysis should count per arm. */
  exposedUnits: Record<string, number>;
  /** Of those, units that converted within the window. */
  convertedUnits: Record<string, number>;
  duplicateRows: number;
  forcedEvents: number;
  forcedUnits: number;
  multiVariationUnits: number;
  events: number;
}

export const simExperiment = (unit: 'user' | 'account', seed?: string): Experiment => ({
  key: SIM_EXPERIMENT,
  unit,
  variations: [{ key: 'holdout', enabled: false }, { key: 'help' }],
  scope: { types: ['helpLink'] },
  ...(seed !== undefined && { seed }),
});

const HELP_ITEMS = ['reports-help', 'board-help', 'export-help'] as const;
const PAGES: Record<string, string> = { 'reports-help': '/reports', 'board-help': '/board', 'export-help': '/projects' };

type User = SimUser;


/**
 * Simulates the log. Returns the events in collector (arrival) order — by time, with
 * duplicate deliveries arriving later — and the truth the analysis should recover.
 */
export function simulate(options: SimulateOptions): { events: GuidepostEvent[]; truth: SimulationTruth } {
  const random = createRandom(options.seed);
  const unitKind = options.unit ?? 'user';
  const baseline = options.baseline ?? 0.2;
  const rates: Record<string, number> = { holdout: baseline, help: Math.min(1, Math.max(0, baseline + options.lift)) };
  const start = Date.parse(`${options.start ?? '2026-01-05'}T00:00:00.000Z`);
  const extras = options.extras !== false;
  const experiment = simExperiment(unitKind);
  // A cached manifest from the pilot, hashed with another seed: the few units who load it
  // on a second device get a fresh (50/50) draw and may land in the other arm.
  const staleExperiment = simExperiment(unitKind, `${SIM_EXPERIMENT}-pilot`);
  const out: { event: GuidepostEvent; arrival: number }[] = [];
  const truth: SimulationTruth = {
    units: options.units, baseline, lift: rates.help - rates.holdout, unit: unitKind,
    exposedUnits: { holdout: 0, help: 0 }, convertedUnits: { holdout: 0, help: 0 },
    duplicateRows: 0, forcedEvents: 0, forcedUnits: 0, multiVariationUnits: 0, events: 0,
  };
  // Probability that an arm's exposures are lost, to produce the requested expected split.
  const lose: Record<string, number> = { holdout: 0, help: 0 };
  if (options.srm !== undefined && options.srm !== 0.5) {
    const s = options.srm;
    if (s > 0.5) lose.holdout = 1 - (1 - s) / s;
    else lose.help = 1 - s / (1 - s);
  }

  let sessionCounter = 0;
  const newSession = () => `s_${(sessionCounter++).toString(36)}_${random.hex(6)}`;
  const emit = (user: User, session: string, ms: number, { type, ...fields }: Partial<GuidepostEvent> & Pick<GuidepostEvent, 'type'>) => {
    const event: GuidepostEvent = {
      event_id: uuidv7(ms, random),
      type,
      ts: new Date(ms).toISOString(),
      schema_version: EVENT_SCHEMA_VERSION,
      sdk_version: SDK_VERSION,
      anonymous_id: user.anonymousId,
      user_id: user.id,
      account_id: user.accountId,
      session_id: session,
      revision: '2026-01-05.1',
      url: fields.item_id ? PAGES[fields.item_id] ?? '/projects' : '/projects',
      ...fields,
    };
    out.push({ event, arrival: ms });
    return event;
  };
  const exposure = (user: User, session: string, ms: number, item: string, variation: string, forced = false, revision?: string) =>
    emit(user, session, ms, {
      type: 'exposure',
      item_id: item,
      item_type: 'helpLink',
      item_version: 1,
      rendered: variation === 'help',
      experiment: SIM_EXPERIMENT,
      variation,
      bucket_version: 0,
      unit: unitKind,
      unit_id: unitKind === 'account' ? user.accountId : user.id,
      counterfactual: variation !== 'help',
      forced,
      ...(revision && { revision }),
    });

  const context = { random, start, emit, newSession };
  const tour = (user: User, ms: number) => simulateTour(context, user, ms);

  const noise = (user: User, from: number, sessions: number) => simulateNoise(context, user, from, sessions);

  // --- the population: accounts of 1–6 users ---
  let userCounter = 0;
  let accountCounter = 0;
  const newAccount = (): User[] => {
    const accountId = `acct_${(accountCounter++).toString().padStart(6, '0')}`;
    const size = 1 + Math.min(5, random.geometric(0.45));
    return Array.from({ length: size }, () => ({ id: `u_${(userCounter++).toString().padStart(7, '0')}`, accountId, anonymousId: `anon_${random.hex(12)}` }));
  };
  // Each experiment unit is a list of users: one user (user unit), or an account's users.
  const units: User[][] = [];
  if (unitKind === 'account') {
    for (let i = 0; i < options.units; i++) units.push(newAccount());
  } else {
    while (units.length < options.units) for (const user of newAccount()) if (units.length < options.units) units.push([user]);
  }

  for (const members of units) {
    const arrival = start + random.next() * 14 * DAY;
    const assignment = assignVariation(experiment, { userId: members[0].id, anonymousId: members[0].anonymousId, accountId: members[0].accountId }, {});
    const variation = assignment.variation as string;
    // The SDK logs an assignment when the unit enters the experiment (intent-to-treat).
    emit(members[0], newSession(), arrival, {
      type: 'assignment',
      experiment: SIM_EXPERIMENT,
      variation,
      bucket_version: 0,
      unit: unitKind,
      unit_id: unitKind === 'account' ? members[0].accountId : members[0].id,
    });
    // Who uses the product, and when each member first hits a page with a help link.
    const triggered = random.chance(0.82);
    const lost = random.chance(lose[variation]);
    let firstExposure = Infinity;
    let exposingUsers = 0;
    for (const [index, user] of members.entries()) {
      const joined = arrival + (index === 0 ? 0 : random.exponential(3 * DAY));
      if (extras) {
        if (random.chance(0.6)) tour(user, joined + random.next() * HOUR);
        noise(user, joined, 1 + random.geometric(0.35));
      }
      if (!triggered || (index > 0 && !random.chance(0.55))) continue;
      exposingUsers++;
      let t = joined + random.exponential(1.5 * DAY);
      const sessions = 1 + random.geometric(0.4);
      for (let s = 0; s < sessions; s++) {
        const session = newSession();
        const items = HELP_ITEMS.filter((_, i) => i === 0 || random.chance(0.35));
        if (!lost) {
          for (const [i, item] of items.entries()) exposure(user, session, t + i * 90_000, item, variation);
          firstExposure = Math.min(firstExposure, t);
        }
        if (variation === 'help' && extras) {
          if (random.chance(0.18)) emit(user, session, t + 20_000, { type: 'link_clicked', item_id: items[0], item_type: 'helpLink', item_version: 1 });
          if (random.chance(0.06)) {
            const helpful = random.chance(0.7);
            emit(user, session, t + 60_000, { type: 'feedback', item_id: items[0], item_type: 'helpLink', item_version: 1, properties: { helpful } });
          }
        }
        t += 0.5 * DAY + random.exponential(3 * DAY);
      }
    }
    const exposed = exposingUsers > 0 && !lost;
    // The goal: one upgrade, by one member, within the window after the first exposure
    // with the arm's probability. Units that never triggered convert too, at any time.
    const converts = random.chance(exposed ? rates[variation] : baseline);
    const buyer = random.pick(members);
    const from = exposed ? firstExposure : arrival;
    if (converts) emit(buyer, newSession(), from + HOUR + random.next() * 25 * DAY, { type: 'goal', name: SIM_GOAL, properties: { plan: 'team' } });
    else if (random.chance(0.04)) emit(buyer, newSession(), from + (SIM_WINDOW_DAYS + 2) * DAY + random.next() * 30 * DAY, { type: 'goal', name: SIM_GOAL, properties: { plan: 'team' } });
    // Some had upgraded before they ever saw help (a different plan): outside the window.
    if (random.chance(0.02)) emit(buyer, newSession(), arrival - random.next() * 20 * DAY, { type: 'goal', name: SIM_GOAL, properties: { plan: 'starter' } });
    if (!exposed) continue;
    // A few load a stale cached manifest on another device: a fresh draw with the pilot's seed.
    let mixed = false;
    if (random.chance(0.006)) {
      const user = random.pick(members);
      const stale = assignVariation(staleExperiment, { userId: user.id, anonymousId: user.anonymousId, accountId: user.accountId }, {}).variation as string;
      exposure({ ...user, anonymousId: `anon_${random.hex(12)}` }, newSession(), firstExposure + DAY + random.next() * 5 * DAY, 'reports-help', stale, false, '2025-12-15.3');
      mixed = stale !== variation;
    }
    if (mixed) {
      truth.multiVariationUnits++;
    } else {
      truth.exposedUnits[variation]++;
      if (converts) truth.convertedUnits[variation]++;
    }
  }

  // QA: staff force each arm with ?guidepost_force=... on the internal account.
  const qa = Array.from({ length: 8 }, (_, i) => ({ id: `qa_${i}`, accountId: 'acct_internal', anonymousId: `anon_${random.hex(12)}` }));
  const forcedUnits = new Set<string>();
  for (const [i, user] of qa.entries()) {
    const forcedVariation = i % 2 === 0 ? 'help' : 'holdout';
    const forced = assignVariation(experiment, { userId: user.id, anonymousId: user.anonymousId, accountId: user.accountId }, {}, { forcedVariation });
    const sessions = 2 + random.int(3);
    for (let s = 0; s < sessions; s++) {
      const ms = start + random.next() * 20 * DAY;
      exposure(user, newSession(), ms, 'reports-help', forced.variation as string, forced.forced);
      truth.forcedEvents++;
      forcedUnits.add(unitKind === 'account' ? user.accountId : user.id);
      if (random.chance(0.3)) emit(user, newSession(), ms + HOUR, { type: 'goal', name: SIM_GOAL, properties: { plan: 'test' } });
    }
  }
  truth.forcedUnits = forcedUnits.size;

  // Retried batches: about 0.3% of events arrive twice, seconds to an hour later.
  const originals = out.length;
  for (let i = 0; i < originals; i++) {
    if (random.chance(0.003)) {
      out.push({ event: out[i].event, arrival: out[i].arrival + 1000 + random.next() * HOUR });
      truth.duplicateRows++;
    }
  }
  out.sort((a, b) => a.arrival - b.arrival);
  truth.events = out.length;
  return { events: out.map((o) => o.event), truth };
}
