/**
 * The decision: given the manifest, this person's progress, the attribute context and
 * the time, which items show now and, for every item, why or why not. Pure and
 * deterministic: same input, same output; time is a parameter.
 *
 * Items are considered highest priority first (manifest order breaks ties). Each one is
 * checked on its own first (`eligibility.ts`), then against what the items before it took:
 * the one running tour and the pacing caps (`pacing.ts`).
 */
import type { Item, Manifest } from '../manifest/schema';
import type { Attributes } from './condition';
import type { RegexGuard } from './condition-guard';
import type { EligibilityContext } from './eligibility';
import { eligibilityReason } from './item-verdict';
import { capsOf, Pacer, type CapName } from './pacing';
import { prepareItem, prepareManifest, type PreparedItem, type PreparedManifest } from './prepare';
import type { DismissedBy, ItemStatus, ProgressState } from './progress';

export { applicableProgress, DEFAULT_FREQUENCY, frequencyOf } from './eligibility';
export { DEFAULT_CAPS, isInterruptive } from './pacing';
export { prepareManifest, priorityOrder } from './prepare';
export type { CapName } from './pacing';
export type { PreparedManifest } from './prepare';

/** Why an item is or is not shown. The first failing reason wins. */
export type Reason =
  | { code: 'shown' }
  | { code: 'already-showing' }
  | { code: 'before-schedule'; start: string }
  | { code: 'after-schedule'; end: string }
  | { code: 'trigger'; waitingFor: string; event?: string }
  | { code: 'condition'; path: string; actual: unknown; expected: unknown }
  /** A prerequisite is not completed; `status` is where it stands, if it was ever seen. */
  | { code: 'requires'; missing: string; status?: ItemStatus }
  /** `at`: when the goal event was first tracked. */
  | { code: 'goal-reached'; goal: string; at?: number }
  /** `forPageView`: an `always` (or repeating) item closed in this page view, back on the next one. */
  | { code: 'completed'; at?: number; forPageView?: boolean }
  | { code: 'dismissed'; at?: number; forPageView?: boolean; by?: DismissedBy }
  | { code: 'frequency'; rule: string; until?: number }
  /** A pacing cap; `until` is a time (minGap), `untilNext` an occasion (perPageView, perSession). */
  | { code: 'cap'; cap: CapName; limit: number; until?: number; untilNext?: 'pageView' | 'session' }
  | { code: 'tour-running'; tour: string }
  /** A higher-priority item shown in this same decision took the last slot of `cap`. */
  | { code: 'priority'; outranked: string; cap: CapName }
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
  /**
   * When the current page view began (ms). Items closed after it stay hidden until the next
   * page view even when their frequency is `always`.
   * @default progress.visits.lastAt (what `recordVisit` stamps at each page view)
   */
  pageViewStartedAt?: number;
}

export interface DecideInput {
  manifest: Manifest;
  progress: ProgressState;
  attributes: Attributes;
  /** Milliseconds since the epoch. */
  now: number;
  pacing?: PacingState;
  /** Ids on screen now: they keep showing without being checked, paced or counted again. */
  showing?: readonly string[];
  /**
   * Interruptive ids whose pacing slot this page view already spent (shown earlier in it, taken
   * down since: their target left the page for a moment). Checked as usual, but neither held
   * back by the caps their own showing filled nor counted again, nor by the `once` or repeat rule
   * their own showing would otherwise break (it is the same showing). A passive id here only has
   * that last effect.
   */
  paced?: readonly string[];
  /**
   * Interruptive ids that spent a slot of this session already (shown on an earlier page view
   * of it: a banner that follows the person from page to page). Each page view they take one of
   * its slots, but not another of the session's, nor wait out the gap after their own showing.
   */
  pacedInSession?: readonly string[];
  /** Events tracked since the page view began, for `{"event": ...}` triggers. */
  recentEvents?: readonly string[];
  /** Ids started from code (`startTour`): they skip trigger, history, goal and pacing. */
  requested?: readonly string[];
  /** The tour running in this or another tab, if any. */
  activeTour?: string;
  /**
   * `prepareManifest(manifest)`, computed once when the manifest loads, so each decision
   * skips the per-manifest work. Ignored unless prepared from this very `manifest` object
   * with this `regexGuard`.
   */
  prepared?: PreparedManifest;
  /**
   * Runs `$regex` / `$regexi` patterns safely (`guardPattern`, manifest/safe-regex.ts). Without
   * it, a condition clause with a pattern fails without running: the SDK passes it once a
   * manifest that uses `$regex` has loaded it.
   * @default guardPattern in `guidepost/engine`; none inside the SDK
   */
  regexGuard?: RegexGuard;
}

export interface Decision {
  /** One verdict per item, in manifest order. */
  verdicts: Verdict[];
  /** Items to show, highest priority first. */
  show: Item[];
}

const NO_PACING: PacingState = { pageViewShown: 0, sessionShown: 0 };
// The two reasons without data are shared (frozen) rather than allocated per item.
const SHOWN: Reason = Object.freeze({ code: 'shown' });
const ALREADY_SHOWING: Reason = Object.freeze({ code: 'already-showing' });

function eligibilityContext(input: DecideInput): EligibilityContext & { paced: ReadonlySet<string> } {
  return {
    now: input.now,
    progress: input.progress,
    attributes: input.attributes,
    recentEvents: new Set(input.recentEvents ?? []),
    pageViewStartedAt: input.pacing?.pageViewStartedAt ?? input.progress.visits?.lastAt,
    paced: new Set(input.paced ?? []),
    regexGuard: input.regexGuard,
  };
}

/**
 * Reasons that depend on the item and this person alone (not on other items), or undefined
 * when only pacing and other tours could still hold it back.
 */
export function individualReason(item: Item, input: DecideInput): Reason | undefined {
  const prepared = prepareItem(item, capsOf(input.manifest.settings?.caps));
  return eligibilityReason(prepared, eligibilityContext(input), input.requested?.includes(item.id) ?? false);
}

/** Everything one decision shares between items. */
interface Round {
  context: EligibilityContext;
  showing: ReadonlySet<string>;
  requested: ReadonlySet<string>;
  paced: ReadonlySet<string>;
  pacedInSession: ReadonlySet<string>;
  pacer: Pacer;
  activeTour: string | undefined;
}

/** Decides every item. See `Reason` for the vocabulary of explanations. */
export function decide(input: DecideInput): Decision {
  const prepared = isPreparedFor(input.prepared, input) ? input.prepared : prepareManifest(input.manifest, { shareClauses: false, regexGuard: input.regexGuard });
  const { items, order, caps } = prepared;
  const showing = new Set(input.showing ?? []);
  const context = eligibilityContext(input);
  const round: Round = {
    context: { ...context, clauseMemo: new Uint8Array(prepared.clauseCount) },
    showing,
    requested: new Set(input.requested ?? []),
    paced: context.paced,
    pacedInSession: new Set(input.pacedInSession ?? []),
    pacer: new Pacer(caps, input.pacing ?? NO_PACING, input.now),
    // A tour already on screen holds the slot even if a higher-priority tour comes first.
    activeTour: input.activeTour ?? tourOnScreen(prepared, showing),
  };
  const verdicts: Verdict[] = new Array(items.length);
  const show: Item[] = [];
  for (const index of order) {
    const { item, interruptive } = items[index];
    const reason = judge(items[index], round);
    const shown = reason.code === 'shown' || reason.code === 'already-showing';
    if (reason.code === 'shown') {
      if (interruptive && !round.paced.has(item.id)) round.pacer.spend(item.id, round.pacedInSession.has(item.id));
      if (item.type === 'tour') round.activeTour = item.id;
    }
    if (shown) show.push(item);
    verdicts[index] = { itemId: item.id, type: item.type, show: shown, reason, interruptive };
  }
  return { verdicts, show };
}

/**
 * A prepared manifest is only trusted for the very manifest object it came from (and not after
 * items were pushed into it), compiled with the same `$regex` guard.
 */
function isPreparedFor(prepared: PreparedManifest | undefined, { manifest, regexGuard }: DecideInput): prepared is PreparedManifest {
  return prepared !== undefined && prepared.manifest === manifest && prepared.items.length === manifest.items.length && prepared.regexGuard === regexGuard;
}

/** The reason for one item, given what higher-priority items already took in this round. */
function judge(prepared: PreparedItem, round: Round): Reason {
  const { item, interruptive } = prepared;
  if (round.showing.has(item.id)) return ALREADY_SHOWING;
  const requested = round.requested.has(item.id);
  const individual = eligibilityReason(prepared, round.context, requested);
  if (individual) return individual;
  if (item.type === 'tour' && round.activeTour !== undefined && round.activeTour !== item.id) {
    return { code: 'tour-running', tour: round.activeTour };
  }
  // An explicit request (a "Take the tour" button) is not pushed help: it skips the caps, but spends them.
  if (interruptive && !requested && !round.paced.has(item.id)) {
    const paced = round.pacer.blocked(round.pacedInSession.has(item.id));
    if (paced) return paced;
  }
  return SHOWN;
}

function tourOnScreen({ items, order }: PreparedManifest, showing: ReadonlySet<string>): string | undefined {
  if (showing.size === 0) return undefined;
  for (const index of order) {
    const { item } = items[index];
    if (item.type === 'tour' && showing.has(item.id)) return item.id;
  }
  return undefined;
}
