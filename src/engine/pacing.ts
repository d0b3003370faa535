/**
 * One pacing policy for every kind of help: at most `perPageView` interruptive items per page
 * view and `perSession` per session, at least `minGapSeconds` between two of them. Passive
 * help (help links, tooltips, checklists) is exempt unless `caps.includePassive`.
 *
 * The counters are the caller's (they outlive a decision); `Pacer` tracks what one decision
 * spends on top of them, so a single `decide()` never over-commits either.
 */
import type { Caps, Item } from '../manifest/schema';
import type { PacingState, Reason } from './decide';

export type CapName = 'perPageView' | 'perSession' | 'minGap';

export const DEFAULT_CAPS: Readonly<Required<Caps>> = { perPageView: 1, perSession: 3, minGapSeconds: 0, includePassive: false };

const INTERRUPTIVE_BY_DEFAULT: Readonly<Record<Item['type'], boolean>> = {
  tour: true, banner: true, hotspot: true, helpLink: false, tooltip: false, checklist: false,
};

/** True when showing `item` counts against the caps. */
export function isInterruptive(item: Item, caps: Caps = {}): boolean {
  const declared = item.interruptive ?? INTERRUPTIVE_BY_DEFAULT[item.type];
  return declared || caps.includePassive === true;
}

/** The caps in force: the manifest's over the defaults (a key present but undefined keeps the default). */
export function capsOf(caps: Caps | undefined): Required<Caps> {
  const out: Required<Caps> = { ...DEFAULT_CAPS };
  for (const key of Object.keys(DEFAULT_CAPS) as (keyof Caps)[]) {
    if (caps?.[key] !== undefined) (out as Record<keyof Caps, unknown>)[key] = caps[key];
  }
  return out;
}

interface Counters {
  pageView: number;
  session: number;
  lastAt: number | undefined;
}

/** Pacing within one decision: the caller's counters plus what this decision has shown. */
export class Pacer {
  private readonly initial: Counters;
  private spent: Counters;
  /** The first interruptive item this decision showed. */
  private leader: string | undefined;

  constructor(private readonly caps: Required<Caps>, pacing: PacingState, private readonly now: number) {
    this.initial = { pageView: pacing.pageViewShown, session: pacing.sessionShown, lastAt: pacing.lastInterruptiveAt };
    this.spent = this.initial;
  }

  /**
   * Why one more interruptive item may not show now, or undefined. When only this decision's
   * own choices closed the cap, the reason is `priority`: the item shown first outranked it.
   * `pageViewOnly`: the item already spent its session's slot (shown on an earlier page view of
   * this session): only the page view's cap holds it back.
   */
  blocked(pageViewOnly = false): Reason | undefined {
    const cap = this.capReason(this.spent, pageViewOnly);
    if (!cap) return undefined;
    if (this.leader !== undefined && !this.capReason(this.initial, pageViewOnly)) return { code: 'priority', outranked: this.leader, cap: cap.cap };
    return cap;
  }

  /** Spends one interruptive slot for `itemId` (`pageViewOnly`: the page view's; its session's is spent already). */
  spend(itemId: string, pageViewOnly = false): void {
    const { pageView, session, lastAt } = this.spent;
    this.spent = pageViewOnly ? { pageView: pageView + 1, session, lastAt } : { pageView: pageView + 1, session: session + 1, lastAt: this.now };
    this.leader ??= itemId;
  }

  private capReason({ pageView, session, lastAt }: Counters, pageViewOnly: boolean): (Reason & { code: 'cap' }) | undefined {
    const { perPageView, perSession, minGapSeconds } = this.caps;
    if (pageView >= perPageView) return { code: 'cap', cap: 'perPageView', limit: perPageView, untilNext: 'pageView' };
    if (pageViewOnly) return undefined;
    if (session >= perSession) return { code: 'cap', cap: 'perSession', limit: perSession, untilNext: 'session' };
    const gapMs = minGapSeconds * 1000;
    // `now < lastAt` (the clock went back) also waits: the gap is only known to have passed
    // once the clock is `gapMs` past the last showing.
    if (lastAt !== undefined && gapMs > 0 && this.now < lastAt + gapMs) {
      return { code: 'cap', cap: 'minGap', limit: minGapSeconds, until: lastAt + gapMs };
    }
    return undefined;
  }
}
