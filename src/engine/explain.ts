/** Plain-language sentences for verdicts, for the debug panel, the CLI and `explain()`. */
import type { CapName, Reason } from './decide';

const json = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
const iso = (ms: number) => new Date(ms).toISOString();
const at = (ms: number | undefined) => (ms === undefined ? '' : ` at ${iso(ms)}`);
const until = (ms: number | undefined) => (ms === undefined ? '' : ` until ${iso(ms)}`);

const CAP_NAMES: Record<CapName, string> = {
  perPageView: 'interruptive items per page view',
  perSession: 'interruptive items per session',
  minGap: 'seconds between interruptive items',
};

const NEXT: Record<'pageView' | 'session', string> = {
  pageView: ' until the next page view',
  session: ' until the next session (after 30 minutes without activity)',
};

function describeCap(reason: Reason & { code: 'cap' }): string {
  const wait = reason.until !== undefined ? until(reason.until) : reason.untilNext ? NEXT[reason.untilNext] : '';
  return `not shown: pacing cap ${reason.cap} reached (at most ${reason.limit} ${CAP_NAMES[reason.cap]})${wait}`;
}

const DISMISSED_BY = {
  user: 'dismissed by the user',
  'target-missing': "ended when a step's target was not on the page",
  api: 'closed by the app (closeTour())',
};

/** One sentence saying why an item is or is not shown, with the value or time that decided it. */
export function describeReason(reason: Reason): string {
  switch (reason.code) {
    case 'shown': return 'shown';
    case 'already-showing': return 'shown (already on screen)';
    case 'before-schedule': return `not shown: its schedule starts at ${reason.start}`;
    case 'after-schedule': return `not shown: its schedule ended at ${reason.end}`;
    case 'trigger': return `not shown: waiting for ${reason.waitingFor}`;
    case 'condition': return `not shown: condition "${reason.path}" is false (expected ${json(reason.expected)}, actual value ${json(reason.actual)})`;
    case 'requires': return `not shown: requires "${reason.missing}" to be completed first${reason.status ? ` (it is ${reason.status})` : ' (not seen yet)'}`;
    case 'goal-reached': return `not shown: its goal "${reason.goal}" was already reached${at(reason.at)}`;
    case 'completed': return reason.forPageView ? `not shown: completed in this page view${at(reason.at)}; back on the next page view` : `not shown: already completed${at(reason.at)}`;
    case 'dismissed': return reason.forPageView ? `not shown: closed in this page view${at(reason.at)}; back on the next page view` : `not shown: ${DISMISSED_BY[reason.by ?? 'user']}${at(reason.at)}`;
    case 'frequency': return `not shown: frequency rule "${reason.rule}"${until(reason.until)}`;
    case 'cap': return describeCap(reason);
    case 'tour-running': return `not shown: the tour "${reason.tour}" is running`;
    case 'priority': return `not shown: "${reason.outranked}" comes first (priority, then manifest order) and was shown instead (pacing cap ${reason.cap})`;
    case 'target-missing': return `not shown: no element matches ${reason.selector}`;
  }
}
