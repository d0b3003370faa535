/**
 * The decision: given the manifest, this person's progress, the attribute context and
 * the time, which items show now and, for every item, why or why not. Pure and
 * deterministic: same input, same output; time is a parameter.
 */
import type { Caps, Frequency, Item, Manifest } from '../manifest/schema';
import { evalCondition, firstFailingClause, type Attributes } from './condition';
import type { ItemProgress, ProgressState } from './progress';

/** Why an item is or is not shown. The first failing reason wins. */
export type Reason =
  | { code: 'shown' }
  | { code: 'already-showing' }
  | { code: 'before-schedule'; start: string }
  | { code: 'after-schedule'; end: string }
  | { code: 'trigger'; waitingFor: string }
  | { code: 'condition'; path: string; actual: unknown; expected: unknown }
  | { code: 'requires'; missing: string }
  | { code: 'goal-reached'; goal: string }
  | { code: 'completed'; at?: number }
  | { code: 'dismissed'; at?: number }
  | { code: 'frequency'; rule: string; until?: number }
  | { code: 'cap'; cap: 'perPageView' | 'perSession' | 'minGap'; limit: number; until?: number }
  | { code: 'tour-running'; tour: string }
  | { code: 'priority'; outranked: string }
  /** Added by the DOM layer: the engine allowed it but its target is not in the page. */
  | { code: 'target-missing'; selector: string };

export interface Verdict {
  itemId: string;
  type: Item['type'];
  show: boolean;
  reason: Reason;
  /** Counts against the pacing caps. */
  interruptive: boolean;
}

/** Pacing already spent; kept by the caller between decisions. */
export interface PacingState {
  /** Interruptive items shown in this page view. */
  pageViewShown: number;
  /** Interruptive items shown in this session. */
  sessionShown: number;
  /** When the last interruptive item was shown (ms). */
  lastInterruptiveAt?: number;
}

export interface DecideInput {
  manifest: Manifest;
  progress: ProgressState;
  attributes: Attributes;
  /** Milliseconds since the epoch. */
  now: number;
  pacing?: PacingState;
  /** Ids on screen now: they keep showing without being paced or counted again. */
  showing?: readonly string[];
  /** Events tracked since the page view began, for `{"event": ...}` triggers. */
  recentEvents?: readonly string[];
  /** Ids started from code (`startTour`): they pass the `manual` trigger and pacing. */
  requested?: readonly string[];
  /** The tour running in this or another tab, if any. */
  activeTour?: string;
}

export interface Decision {
  /** One verdict per item, in manifest order. */
  verdicts: Verdict[];
  /** Items to show, highest priority first. */
  show: Item[];
}

export const DEFAULT_CAPS: Required<Caps> = { perPageView: 1, perSession: 3, minGapSeconds: 0, includePassive: false };

const INTERRUPTIVE_BY_DEFAULT: Record<Item['type'], boolean> = {
  tour: true, banner: true, hotspot: true, helpLink: false, tooltip: false, checklist: false,
};

const DEFAULT_FREQUENCY: Record<Item['type'], Frequency> = {
  tour: 'untilCompleted', banner: 'untilCompleted', hotspot: 'untilCompleted', checklist: 'untilCompleted',
  helpLink: 'always', tooltip: 'always',
};

const DAY_MS = 86_400_000;

export function isInterruptive(item: Item, caps: Caps = {}): boolean {
  const declared = item.interruptive ?? INTERRUPTIVE_BY_DEFAULT[item.type];
  return declared || caps.includePassive === true;
}

/** The progress record that applies to this version of the item (older versions may be ignored). */
export function applicableProgress(item: Item, progress: ProgressState): ItemProgress | undefined {
  const record = progress.items[item.id];
  if (!record) return undefined;
  const version = item.version ?? 1;
  if (record.version === version) return record;
  return item.reshowOnNewVersion === false ? record : undefined;
}

/** Reasons that depend on the item and this person alone (not on other items). */
export function individualReason(item: Item, input: DecideInput): Reason | undefined {
  const { now, progress, attributes } = input;
  if (item.schedule?.start && now < Date.parse(item.schedule.start)) return { code: 'before-schedule', start: item.schedule.start };
  if (item.schedule?.end && now >= Date.parse(item.schedule.end)) return { code: 'after-schedule', end: item.schedule.end };

  const trigger = item.trigger ?? 'pageView';
  const requested = input.requested?.includes(item.id) ?? false;
  if (!requested) {
    if (trigger === 'manual') return { code: 'trigger', waitingFor: 'a call from code (startTour)' };
    if (typeof trigger === 'object' && 'event' in trigger && !input.recentEvents?.includes(trigger.event)) {
      return { code: 'trigger', waitingFor: `event "${trigger.event}"` };
    }
  }

  if (item.when && !evalCondition(attributes, item.when)) {
    const failing = firstFailingClause(attributes, item.when);
    return { code: 'condition', path: failing?.path ?? '$', actual: failing?.actual, expected: failing?.clause ?? item.when };
  }
  for (const id of item.requires ?? []) {
    if (progress.items[id]?.status !== 'completed') return { code: 'requires', missing: id };
  }
  if (item.goal && (progress.events[item.goal]?.count ?? 0) > 0) return { code: 'goal-reached', goal: item.goal };
  if (requested) return undefined;
  return frequencyReason(item, applicableProgress(item, progress), now);
}

function frequencyReason(item: Item, record: ItemProgress | undefined, now: number): Reason | undefined {
  if (!record) return undefined;
  const frequency = item.frequency ?? DEFAULT_FREQUENCY[item.type];
  if (record.status === 'completed' && frequency !== 'always') return { code: 'completed', at: record.completedAt };
  if (typeof frequency === 'object') {
    if (frequency.maxTimes !== undefined && record.timesSeen >= frequency.maxTimes) {
      return { code: 'frequency', rule: `at most ${frequency.maxTimes} times` };
    }
    const last = Math.max(record.lastSeenAt ?? 0, record.dismissedAt ?? 0);
    if (frequency.everyDays !== undefined && last && now < last + frequency.everyDays * DAY_MS) {
      return { code: 'frequency', rule: `every ${frequency.everyDays} days`, until: last + frequency.everyDays * DAY_MS };
    }
    return undefined;
  }
  if (record.status === 'dismissed') return { code: 'dismissed', at: record.dismissedAt };
  if (frequency === 'once' && record.timesSeen > 0) return { code: 'frequency', rule: 'once' };
  return undefined;
}

/** Decides every item. See `Reason` for the vocabulary of explanations. */
export function decide(input: DecideInput): Decision {
  const { manifest } = input;
  const caps = { ...DEFAULT_CAPS, ...manifest.settings?.caps };
  const pacing = input.pacing ?? { pageViewShown: 0, sessionShown: 0 };
  const showing = new Set(input.showing ?? []);
  const requested = new Set(input.requested ?? []);
  const order = manifest.items.map((item, index) => ({ item, index }));
  // Highest priority first; manifest order breaks ties so the result never depends on sort stability.
  order.sort((a, b) => (b.item.priority ?? 0) - (a.item.priority ?? 0) || a.index - b.index);

  const verdicts = new Map<string, Verdict>();
  let pageViewShown = pacing.pageViewShown;
  let sessionShown = pacing.sessionShown;
  let lastAt = pacing.lastInterruptiveAt;
  let activeTour = input.activeTour;
  let firstShownInterruptive: string | undefined;

  for (const { item } of order) {
    const interruptive = isInterruptive(item, caps);
    const verdict = (show: boolean, reason: Reason) => verdicts.set(item.id, { itemId: item.id, type: item.type, show, reason, interruptive });
    if (showing.has(item.id)) {
      verdict(true, { code: 'already-showing' });
      if (item.type === 'tour') activeTour = item.id;
      continue;
    }
    const individual = individualReason(item, input);
    if (individual) {
      verdict(false, individual);
      continue;
    }
    if (item.type === 'tour' && activeTour !== undefined && activeTour !== item.id) {
      verdict(false, { code: 'tour-running', tour: activeTour });
      continue;
    }
    if (interruptive && !requested.has(item.id)) {
      const capReason = paceReason(caps, pageViewShown, sessionShown, lastAt, input.now);
      if (capReason) {
        verdict(false, firstShownInterruptive && capReason.cap === 'perPageView' ? { code: 'priority', outranked: firstShownInterruptive } : capReason);
        continue;
      }
    }
    if (interruptive) {
      pageViewShown++;
      sessionShown++;
      lastAt = input.now;
      firstShownInterruptive ??= item.id;
    }
    if (item.type === 'tour') activeTour = item.id;
    verdict(true, { code: 'shown' });
  }

  const ordered = manifest.items.map((item) => verdicts.get(item.id)!);
  const show = order.filter(({ item }) => verdicts.get(item.id)!.show).map(({ item }) => item);
  return { verdicts: ordered, show };
}

function paceReason(caps: Required<Caps>, pageViewShown: number, sessionShown: number, lastAt: number | undefined, now: number): (Reason & { code: 'cap' }) | undefined {
  if (pageViewShown >= caps.perPageView) return { code: 'cap', cap: 'perPageView', limit: caps.perPageView };
  if (sessionShown >= caps.perSession) return { code: 'cap', cap: 'perSession', limit: caps.perSession };
  const gap = caps.minGapSeconds * 1000;
  if (lastAt !== undefined && now < lastAt + gap) return { code: 'cap', cap: 'minGap', limit: caps.minGapSeconds, until: lastAt + gap };
  return undefined;
}
