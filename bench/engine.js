/**
 * Decision-engine benchmarks on the BUILT engine (dist/engine.js), the code users run.
 *
 * The manifests are synthetic but shaped like real ones: mostly help links and tooltips,
 * some tours, banners, hotspots and checklists; most items targeted by `when` conditions on
 * traits, events, pages and other items; prerequisite chains, schedule windows, explicit
 * frequencies, goals and priorities. The progress state is that of a person a few weeks in.
 * A seeded PRNG makes every run measure the same input.
 */
import { buildAttributes, decide, prepareManifest, recordCompleted, recordDismissed, recordEvent, recordSeen, recordVisit, prepareScreenItem, screenItem, validateManifest } from '../dist/engine.js';

const DAY = 86_400_000;
/** A fixed "now" so the schedules and day counts are the same on every run. */
const NOW = Date.UTC(2026, 2, 2, 10, 0, 0);

/** mulberry32: small, fast and good enough to generate test data reproducibly. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENT_NAMES = Array.from({ length: 120 }, (_, i) => `event_${i}`);
const PATHS = ['/', '/projects', '/reports', '/pricing', '/settings', '/billing', '/board', '/expenses'];

/** Condition clauses a writer would plausibly use, as functions of the random source. */
const CLAUSES = [
  () => ({ 'account.plan': { $in: ['trial', 'starter'] } }),
  () => ({ 'user.role': 'admin' }),
  (r, pick) => ({ 'page.path': pick(PATHS) }),
  () => ({ 'page.path': { $regex: '^/projects/' } }),
  (r, pick) => ({ [`events.${pick(EVENT_NAMES)}.count`]: { $exists: false } }),
  (r, pick) => ({ [`events.${pick(EVENT_NAMES)}.count`]: { $gte: 1 + Math.floor(r() * 5) } }),
  () => ({ daysSinceFirstSeen: { $gte: 7 } }),
  (r, pick) => ({ [`pages.${pick(PATHS)}.last7Days`]: { $gte: 3 } }),
  () => ({ 'device.phone': false }),
  () => ({ $or: [{ locale: 'en' }, { locale: { $regex: '^es' } }] }),
  (r, pick, id) => ({ [`items.${id}.status`]: { $ne: 'completed' } }),
  () => ({ 'visits.sessions': { $gte: 2 }, 'user.traits.seats': { $lt: 50 } }),
];

const TYPES = [
  ['helpLink', 0.35], ['tooltip', 0.25], ['hotspot', 0.1], ['banner', 0.1], ['tour', 0.1], ['checklist', 0.1],
];

function pickType(r) {
  let x = r();
  for (const [type, share] of TYPES) if ((x -= share) < 0) return type;
  return 'helpLink';
}

/** One item of a realistic manifest. */
function makeItem(i, r) {
  const pick = (list) => list[Math.floor(r() * list.length)];
  const type = pickType(r);
  const id = `item-${i}`;
  const item = { id, type, title: `Help ${i}`, body: 'Some **helpful** text.' };
  if (type === 'helpLink' || type === 'tooltip' || type === 'hotspot') item.target = { anchor: `anchor-${i % 200}` };
  if (type === 'tour') item.steps = [{ body: 'One' }, { target: `#step-${i}`, body: 'Two' }];
  if (type === 'checklist') item.tasks = [{ id: 'a', title: 'First', completeOn: pick(EVENT_NAMES) }];
  if (r() < 0.7) {
    const when = {};
    const clauses = 1 + Math.floor(r() * 3);
    for (let c = 0; c < clauses; c++) Object.assign(when, pick(CLAUSES)(r, pick, `item-${Math.floor(r() * Math.max(1, i))}`));
    item.when = when;
  }
  if (i > 0 && r() < 0.15) item.requires = [`item-${i - 1 - Math.floor(r() * Math.min(i, 20))}`];
  if (r() < 0.2) {
    const start = NOW + Math.round((r() - 0.6) * 30) * DAY;
    item.schedule = r() < 0.5 ? { start: new Date(start).toISOString() } : { start: new Date(start).toISOString(), end: new Date(start + 14 * DAY).toISOString() };
  }
  const f = r();
  if (f < 0.1) item.frequency = 'once';
  else if (f < 0.2) item.frequency = { everyDays: 7, maxTimes: 3 };
  else if (f < 0.25) item.frequency = 'always';
  const t = r();
  if (t < 0.1) item.trigger = { event: pick(EVENT_NAMES) };
  else if (t < 0.15) item.trigger = 'manual';
  else if (t < 0.2) item.trigger = { elementAppears: `#late-${i}` };
  if (r() < 0.3) item.priority = 1 + Math.floor(r() * 10);
  if (r() < 0.2) item.goal = pick(EVENT_NAMES);
  if (r() < 0.1) item.version = 2;
  return item;
}

/** A validated manifest of `count` items. Validation is the real one, so every item is well-formed. */
export function makeManifest(count, seed = 1) {
  const r = prng(seed);
  const raw = {
    schemaVersion: 1,
    revision: `bench-${count}`,
    settings: { caps: { perPageView: 2, perSession: 5, minGapSeconds: 60 } },
    items: Array.from({ length: count }, (_, i) => makeItem(i, r)),
  };
  const { manifest, problems } = validateManifest(raw);
  const errors = problems.filter((p) => p.severity === 'error');
  if (!manifest || errors.length) throw new Error(`benchmark manifest is invalid: ${errors.slice(0, 3).map((p) => p.message).join('; ')}`);
  return manifest;
}

/** Three weeks of use: visits, events, and a history with a third of the items. */
export function makeProgress(manifest, seed = 2) {
  const r = prng(seed);
  let state = { items: {}, events: {} };
  for (let day = 21; day >= 0; day--) {
    for (let v = 0; v < 4; v++) state = recordVisit(state, NOW - day * DAY + v * 600_000, PATHS[Math.floor(r() * PATHS.length)]);
  }
  for (const name of EVENT_NAMES.slice(0, 80)) {
    const times = 1 + Math.floor(r() * 5);
    for (let k = 0; k < times; k++) state = recordEvent(state, name, NOW - Math.floor(r() * 20) * DAY);
  }
  // Each record is made by the real update functions on its own, then gathered: applying them
  // to the whole state would copy thousands of records per item (quadratic set-up time).
  const items = {};
  for (const item of manifest.items) {
    const x = r();
    if (x > 0.33) continue;
    const version = item.version ?? 1;
    const at = NOW - Math.floor(r() * 20) * DAY;
    let one = recordSeen({ items: {}, events: {} }, item.id, version, at);
    if (x < 0.1) one = recordCompleted(one, item.id, version, at + 60_000);
    else if (x < 0.2) one = recordDismissed(one, item.id, version, at + 60_000);
    items[item.id] = one.items[item.id];
  }
  return { ...state, items };
}

/** The decide() input for `count` items, as the browser layer would build it on /projects/42. */
export function makeInput(count) {
  const manifest = makeManifest(count);
  const progress = makeProgress(manifest);
  const attributes = buildAttributes({
    user: { id: 'u_42', accountId: 'acme', traits: { role: 'admin', seats: 12 }, accountTraits: { plan: 'trial' } },
    page: { url: 'https://app.example.com/projects/42?tab=board&utm_source=newsletter', referrer: 'https://app.example.com/' },
    device: { width: 1440, height: 900, touch: false, language: 'en-GB' },
    locale: 'en',
    progress,
    now: NOW,
    experiments: { 'onboarding-help': 'help' },
  });
  return {
    manifest,
    progress,
    attributes,
    now: NOW,
    pacing: { pageViewShown: 0, sessionShown: 1, lastInterruptiveAt: NOW - 5 * 60_000, pageViewStartedAt: NOW - 1000 },
    showing: [],
    recentEvents: ['event_3'],
    requested: [],
  };
}

/** A summary of what one decision decided, so the table shows the input is realistic. */
function summarize(decision) {
  if (!decision) return '';
  const codes = {};
  for (const verdict of decision.verdicts) if (!verdict.show) codes[verdict.reason.code] = (codes[verdict.reason.code] ?? 0) + 1;
  const top = Object.entries(codes).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([code, n]) => `${code} ${n}`);
  return `${decision.show.length} shown; not: ${top.join(', ')}`;
}

/**
 * `decide` as the SDK calls it on every route change and tracked event: the manifest was
 * prepared once when it loaded (`prepareManifest`). The "cold" rows include that preparation.
 */
function decideBenchmark(count, { prepared, runs, warmup, budgetMs }) {
  return {
    name: `decide, ${count.toLocaleString('en')} items${prepared ? '' : ' (cold: prepares the manifest too)'}`,
    runs,
    warmup,
    budgetMs,
    setup: () => {
      const input = makeInput(count);
      if (prepared) input.prepared = prepareManifest(input.manifest);
      return () => decide(input);
    },
    note: summarize,
  };
}

/**
 * The screen as the SDK runs it before the engine has loaded (every route change and tracked
 * event on a page where nothing could show so far): every item, prepared once, through
 * `screenItem`, with the same input as decide's. The note says how many it rules out; the rest would load the engine.
 */
function screenBenchmark(count, { runs, warmup }) {
  return {
    name: `screen, ${count.toLocaleString('en')} items (before the engine loads)`,
    runs,
    warmup,
    setup: () => {
      const input = makeInput(count);
      const context = { now: input.now, progress: input.progress, attributes: input.attributes, recentEvents: new Set(input.recentEvents), pageViewStartedAt: input.pacing.pageViewStartedAt };
      // Prepared once per manifest, as the SDK does; each run is one screening of every item.
      const prepared = input.manifest.items.map(prepareScreenItem);
      return () => prepared.map((item) => screenItem(item, context));
    },
    note: (reasons) => (reasons ? `${reasons.filter(Boolean).length} of ${reasons.length} ruled out` : ''),
  };
}

/** @type {import('./harness.js').Benchmark[]} */
export const benchmarks = [
  screenBenchmark(1_000, { runs: 2000, warmup: 300 }),
  screenBenchmark(10_000, { runs: 300, warmup: 60 }),
  decideBenchmark(1_000, { prepared: true, runs: 2000, warmup: 300, budgetMs: 1 }),
  decideBenchmark(10_000, { prepared: true, runs: 300, warmup: 60, budgetMs: 10 }),
  decideBenchmark(1_000, { prepared: false, runs: 1000, warmup: 200 }),
  decideBenchmark(10_000, { prepared: false, runs: 100, warmup: 20 }),
  {
    name: 'prepareManifest, 10,000 items',
    runs: 100,
    warmup: 20,
    setup: () => {
      const manifest = makeManifest(10_000);
      return () => prepareManifest(manifest);
    },
  },
  {
    name: 'buildAttributes (3 weeks of progress)',
    runs: 2000,
    warmup: 300,
    setup: () => {
      const { progress } = makeInput(1_000);
      return () => buildAttributes({ user: { id: 'u' }, page: { url: 'https://app.example.com/projects/42' }, device: { width: 1440, height: 900, touch: false, language: 'en' }, locale: 'en', progress, now: NOW });
    },
  },
];
