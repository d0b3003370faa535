/**
 * The attribute context conditions are evaluated against. Built from plain inputs so the
 * engine stays pure: the browser layer measures page and device and passes them in, and
 * every "days since" is computed from `now`, never from a clock. docs/targeting.md lists
 * every attribute name; keep the two in step.
 */
import type { Attributes } from './condition';
import { isPageStats, PAGE_HISTORY_MS, type EventStats, type ItemProgress, type PageStats, type ProgressState, type Visits } from './progress';

export interface UserInput {
  id?: string | null;
  accountId?: string | null;
  traits?: Record<string, unknown>;
  /** Account-level traits, e.g. `{ plan: "trial" }`. */
  accountTraits?: Record<string, unknown>;
}

export interface PageInput {
  url: string;
  referrer?: string;
}

export interface DeviceInput {
  width: number;
  height: number;
  touch: boolean;
  language: string;
}

/** Everything `buildAttributes` reads. */
export interface AttributeInput {
  user: UserInput;
  page: PageInput;
  device: DeviceInput;
  locale: string;
  progress: ProgressState;
  /** Milliseconds since the epoch. */
  now: number;
  /** Experiment key -> assigned variation key, for `experiments.<key>` conditions. */
  experiments?: Record<string, string>;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * A phone: the short side of the viewport is under 600 CSS pixels (Material's compact
 * width class) and the screen is touch. A narrow desktop window is not a phone.
 */
export const PHONE_MAX_SHORT_SIDE = 600;

/** Whole days elapsed from `then` to `now`; 0 when the clock went backwards. */
export function daysSince(then: number, now: number): number {
  return Math.max(0, Math.floor((now - then) / DAY_MS));
}

/**
 * `page.*`: the URL taken apart. A URL that does not parse leaves path, query and hash empty.
 * A path from the root ("/pricing?plan=pro", what a server has of its request) is read
 * against a placeholder origin: without one it does not parse, and `page.path` would be "".
 */
export function pageAttributes(page: PageInput): Record<string, unknown> {
  let parsed: URL | undefined;
  try {
    parsed = new URL(page.url, page.url.startsWith('/') ? 'http://h' : undefined);
  } catch {
    parsed = undefined;
  }
  const query: Record<string, string> = {};
  const utm: Record<string, string> = {};
  // A repeated parameter keeps its last value, as most server frameworks do.
  parsed?.searchParams.forEach((value, key) => {
    query[key] = value;
    if (key.startsWith('utm_')) utm[key] = value;
  });
  return {
    ...utm,
    url: page.url,
    path: parsed?.pathname ?? '',
    query,
    hash: parsed?.hash ?? '',
    referrer: page.referrer ?? '',
  };
}

/** `device.*`, with the derived `device.phone`. */
export function deviceAttributes(device: DeviceInput): Record<string, unknown> {
  return { ...device, phone: device.touch && Math.min(device.width, device.height) < PHONE_MAX_SHORT_SIDE };
}

/** `events.<name>.*`: the stored counters plus `daysSinceLast`. */
export function eventAttributes(events: Record<string, EventStats>, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, stats] of Object.entries(events)) {
    out[name] = { count: stats.count, firstAt: stats.firstAt, lastAt: stats.lastAt, daysSinceLast: daysSince(stats.lastAt, now) };
  }
  return out;
}

/**
 * `items.<id>.*`: the stored record plus days since it was last seen, dismissed, completed.
 * Absent times stay absent (not `undefined`): GrowthBook reads a missing key as null, which
 * compares like 0 in `$lt`, while an explicit undefined would not.
 */
export function itemAttributes(items: Record<string, ItemProgress>, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [id, record] of Object.entries(items)) {
    const attrs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) if (value !== undefined) attrs[key] = value;
    if (record.lastSeenAt !== undefined) attrs.daysSinceLastSeen = daysSince(record.lastSeenAt, now);
    if (record.dismissedAt !== undefined) attrs.daysSinceDismissed = daysSince(record.dismissedAt, now);
    if (record.completedAt !== undefined) attrs.daysSinceCompleted = daysSince(record.completedAt, now);
    out[id] = attrs;
  }
  return out;
}

/** Views of one path within the last `windowMs`, the current page view included when it was recorded. */
function viewsWithin(stats: PageStats, now: number, windowMs: number): number {
  let n = 0;
  // Views stamped after `now` (the clock went back) count as recent rather than vanishing.
  for (const t of stats.recent) if (t > now - windowMs) n++;
  return n;
}

/**
 * `pages.<path>.*`: all-time count and first/last view, plus rolling windows counted from
 * the bounded recent history (`last24Hours`, `last7Days`, `last30Days`; they saturate at
 * `MAX_VIEWS_PER_PATH`). Malformed stored entries are skipped, never thrown on.
 */
export function pageHistoryAttributes(pages: Record<string, unknown> | undefined, now: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, stats] of Object.entries(pages ?? {})) {
    if (!isPageStats(stats)) continue;
    out[path] = {
      count: stats.count,
      firstAt: stats.firstAt,
      lastAt: stats.lastAt,
      daysSinceLast: daysSince(stats.lastAt, now),
      last24Hours: viewsWithin(stats, now, 24 * HOUR_MS),
      last7Days: viewsWithin(stats, now, 7 * DAY_MS),
      last30Days: viewsWithin(stats, now, Math.min(30 * DAY_MS, PAGE_HISTORY_MS)),
    };
  }
  return out;
}

/**
 * Builds the attribute context. Person-level traits are also spread at the top of `user`
 * and `account` (`user.plan` as well as `user.traits.plan`) because that is how writers
 * read them; the ids always win over a trait of the same name.
 */
export function buildAttributes(input: AttributeInput): Attributes {
  const { user, progress, now } = input;
  const visits: Visits = progress.visits ?? { count: 0, sessions: 0, firstAt: now, lastAt: now };
  return {
    user: { ...user.traits, id: user.id ?? null, accountId: user.accountId ?? null, traits: user.traits ?? {} },
    account: { ...user.accountTraits, id: user.accountId ?? null },
    page: pageAttributes(input.page),
    device: deviceAttributes(input.device),
    locale: input.locale,
    visits: { count: visits.count, sessions: visits.sessions, firstAt: visits.firstAt, lastAt: visits.lastAt },
    daysSinceFirstSeen: daysSince(visits.firstAt, now),
    events: eventAttributes(progress.events, now),
    pages: pageHistoryAttributes(progress.pages, now),
    items: itemAttributes(progress.items, now),
    experiments: { ...input.experiments },
  };
}

/**
 * The documented attribute context as data, for the writers' checks (`guidepost validate`):
 * per namespace, the fields it has. Kept next to `buildAttributes` so the two change together;
 * docs/targeting.md lists the same names. Nothing at runtime reads it (tree-shaken away).
 *
 * - `fields`: the known names directly under the namespace (`page.path`).
 * - `keyed`: the namespace is keyed by a name the writer chooses (`events.<name>`), and
 *   `fields` are the names under that key (`events.<name>.count`).
 * - `leaf`: the attribute is a value itself, with nothing under it (`locale`).
 */
export const DOCUMENTED_ATTRIBUTES: Readonly<Record<string, { fields?: readonly string[]; keyed?: boolean; leaf?: boolean }>> = {
  user: { fields: ['id', 'accountId', 'traits'] },
  account: { fields: ['id'] },
  page: { fields: ['url', 'path', 'query', 'hash', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] },
  device: { fields: ['width', 'height', 'touch', 'language', 'phone'] },
  locale: { leaf: true },
  visits: { fields: ['count', 'sessions', 'firstAt', 'lastAt'] },
  daysSinceFirstSeen: { leaf: true },
  events: { keyed: true, fields: ['count', 'firstAt', 'lastAt', 'daysSinceLast'] },
  pages: { keyed: true, fields: ['count', 'firstAt', 'lastAt', 'daysSinceLast', 'last24Hours', 'last7Days', 'last30Days'] },
  items: {
    keyed: true,
    fields: ['status', 'timesSeen', 'firstSeenAt', 'lastSeenAt', 'dismissedAt', 'dismissedBy', 'completedAt', 'daysSinceLastSeen', 'daysSinceDismissed', 'daysSinceCompleted', 'step', 'version'],
  },
  experiments: { keyed: true },
};
