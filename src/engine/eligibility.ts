/**
 * Eligibility of one item on its own: schedule, goal, history (frequency, dismissal,
 * completion, version), prerequisites and trigger; the targeting condition and the checks in
 * order are in `item-verdict.ts` (this module is also the SDK's screen, which must not load the
 * condition evaluator). Nothing here looks at other items; pacing and tours (which do) live in
 * `decide.ts` and `pacing.ts`.
 *
 * The checks run in a fixed order and the first failure is the verdict's reason. The order
 * puts lasting reasons before passing ones (a completed item says "completed", not "waiting
 * for an event"), and cheap checks before the condition, which is the only costly one.
 */
import type { Frequency, Item } from '../manifest/schema';
import type { Attributes, ClauseMemo } from './condition';
import type { RegexGuard } from './condition-guard';
import type { ItemProgress, ProgressState } from './progress';
import type { Reason } from './decide';
import type { PreparedItem } from './prepare';
import { ownEntry } from './progress';

const DAY_MS = 86_400_000;

/**
 * How often each kind of help shows when the manifest does not say. Banners and hotspots
 * stay until the person closes them (a closed banner is remembered); help links and
 * tooltips are reference material and always available.
 */
export const DEFAULT_FREQUENCY: Readonly<Record<Item['type'], Frequency>> = {
  tour: 'untilCompleted', checklist: 'untilCompleted', banner: 'untilCompleted', hotspot: 'untilCompleted',
  helpLink: 'always', tooltip: 'always',
};

/** The frequency rule in force for `item`. */
export function frequencyOf(item: Item): Frequency {
  return item.frequency ?? DEFAULT_FREQUENCY[item.type];
}

/** What eligibility needs besides the item; built once per decision. */
export interface EligibilityContext {
  now: number;
  progress: ProgressState;
  attributes: Attributes;
  /** Events tracked in this page view (for `{"event": ...}` triggers). */
  recentEvents: ReadonlySet<string>;
  /** When the current page view began; dismissals after it hide even `always` items until the next one. */
  pageViewStartedAt?: number;
  /**
   * Ids shown earlier in this page view and taken down since (`DecideInput.paced`): showing one
   * again is the same showing, so its own sighting does not count against `once` or a repeat rule.
   */
  paced?: ReadonlySet<string>;
  /** Clause results shared by the items of one decision (same attributes), see `ClausePool`. */
  clauseMemo?: ClauseMemo;
  /** Runs `$regex` patterns of conditions that are not compiled (see `DecideInput.regexGuard`). */
  regexGuard?: RegexGuard;
}

/**
 * The progress record that applies to this version of the item. A record of an older
 * version is ignored (the rewrite shows again) unless `reshowOnNewVersion` is false. A record
 * of a newer version than the manifest's (a rolled-back manifest) still applies: the person
 * already dealt with newer content.
 */
export function applicableProgress(item: Item, progress: ProgressState): ItemProgress | undefined {
  const record = ownEntry(progress.items, item.id);
  if (!record) return undefined;
  const version = item.version ?? 1;
  if (record.version >= version) return record;
  return item.reshowOnNewVersion === false ? record : undefined;
}

/** Outside its schedule window `[start, end)`. An unparsable date (validation prevents it) blocks nothing. */
export function scheduleReason(prepared: Pick<PreparedItem, 'item' | 'start' | 'end'>, now: number): Reason | undefined {
  const { start, end, item } = prepared;
  // NaN (no date) compares false both ways, so an absent bound never blocks.
  if (now < start) return { code: 'before-schedule', start: item.schedule!.start! };
  if (now >= end) return { code: 'after-schedule', end: item.schedule!.end! };
  return undefined;
}

/** Its goal event was tracked at least once: the help did its job, it never shows again. */
export function goalReason(item: Item, progress: ProgressState): Reason | undefined {
  if (item.goal === undefined) return undefined;
  const stats = ownEntry(progress.events, item.goal);
  return stats && stats.count > 0 ? { code: 'goal-reached', goal: item.goal, at: stats.firstAt } : undefined;
}

/**
 * What this person's history with the item allows:
 * - `once`: never after it was seen, dismissed or completed.
 * - `untilCompleted`: until it is completed or dismissed.
 * - `{everyDays, maxTimes}`: again `everyDays` after it was last seen or dismissed, at most
 *   `maxTimes` times; completing it ends it.
 * - `always`: every page view; a dismissal or completion only hides it for the rest of the
 *   page view in which it happened (closing a help link's popover must not remove the link for good).
 * An item `paced` in this page view (its target re-rendered) comes back unless it was closed:
 * counting its own sighting would make a `once` hotspot vanish for good on a React re-render.
 */
export function historyReason(item: Item, record: ItemProgress | undefined, context: Pick<EligibilityContext, 'now' | 'pageViewStartedAt' | 'paced'>): Reason | undefined {
  if (!record) return undefined;
  const frequency = frequencyOf(item);
  const closedNow = closedInThisPageView(record, context.pageViewStartedAt);
  if (frequency === 'always') return closedNow;
  if (record.status === 'completed') return { code: 'completed', at: record.completedAt };
  const sameShowing = context.paced?.has(item.id) === true;
  if (typeof frequency === 'object') return closedNow ?? (sameShowing ? undefined : repeatReason(frequency, record, context.now));
  if (record.status === 'dismissed') return record.dismissedBy ? { code: 'dismissed', at: record.dismissedAt, by: record.dismissedBy } : { code: 'dismissed', at: record.dismissedAt };
  if (frequency === 'once' && record.timesSeen > 0 && !sameShowing) return { code: 'frequency', rule: 'once' };
  return undefined;
}

/** A dismissal or completion during the current page view. */
function closedInThisPageView(record: ItemProgress, pageViewStartedAt: number | undefined): Reason | undefined {
  if (pageViewStartedAt === undefined) return undefined;
  if (record.status === 'completed' && record.completedAt !== undefined && record.completedAt >= pageViewStartedAt) {
    return { code: 'completed', at: record.completedAt, forPageView: true };
  }
  // Not the status: closing an item completed on an earlier page view keeps it "completed"
  // (recordDismissed), and only the time says it was closed now.
  if (record.dismissedAt !== undefined && record.dismissedAt >= pageViewStartedAt) {
    return { code: 'dismissed', at: record.dismissedAt, forPageView: true };
  }
  return undefined;
}

function repeatReason(frequency: { everyDays?: number; maxTimes?: number }, record: ItemProgress, now: number): Reason | undefined {
  if (frequency.maxTimes !== undefined && record.timesSeen >= frequency.maxTimes) {
    return { code: 'frequency', rule: `at most ${frequency.maxTimes} times` };
  }
  if (frequency.everyDays === undefined) return undefined;
  const last = latest(record.lastSeenAt, record.dismissedAt);
  if (last === undefined) return undefined;
  // A clock that went backwards keeps waiting (now < last): the rule is about elapsed time.
  const until = last + frequency.everyDays * DAY_MS;
  return now < until ? { code: 'frequency', rule: `every ${frequency.everyDays} days`, until } : undefined;
}

const latest = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/** Every id in `requires` must be completed (any version: a prerequisite done once stays done). */
export function requiresReason(item: Item, progress: ProgressState): Reason | undefined {
  if (!item.requires) return undefined;
  for (const id of item.requires) {
    const status = ownEntry(progress.items, id)?.status;
    if (status !== 'completed') return { code: 'requires', missing: id, ...(status ? { status } : {}) };
  }
  return undefined;
}

/**
 * `manual` items wait for `startTour`; `{"event"}` items for that event in this page view.
 * `pageView` and `{"elementAppears"}` pass here: the DOM layer waits for the element.
 */
export function triggerReason(item: Item, recentEvents: ReadonlySet<string>): Reason | undefined {
  const trigger = item.trigger ?? 'pageView';
  if (trigger === 'manual') return { code: 'trigger', waitingFor: 'a call from code (startTour)' };
  if (typeof trigger === 'object' && 'event' in trigger && !recentEvents.has(trigger.event)) {
    return { code: 'trigger', waitingFor: `event "${trigger.event}"`, event: trigger.event };
  }
  return undefined;
}
