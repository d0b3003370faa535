/** Plain-language sentences for verdicts, for the debug panel, the CLI and `explain()`. */
import type { Reason } from './decide';

const json = (value: unknown) => (value === undefined ? 'nothing' : JSON.stringify(value));
const when = (ms: number | undefined) => (ms === undefined ? '' : ` until ${new Date(ms).toISOString()}`);

export function describeReason(reason: Reason): string {
  switch (reason.code) {
    case 'shown': return 'shown';
    case 'already-showing': return 'shown (already on screen)';
    case 'before-schedule': return `not shown: its schedule starts at ${reason.start}`;
    case 'after-schedule': return `not shown: its schedule ended at ${reason.end}`;
    case 'trigger': return `not shown: waiting for ${reason.waitingFor}`;
    case 'condition': return `not shown: condition "${reason.path}" is false (expected ${json(reason.expected)}, actual value ${json(reason.actual)})`;
    case 'requires': return `not shown: requires "${reason.missing}" to be completed first`;
    case 'goal-reached': return `not shown: its goal "${reason.goal}" was already reached`;
    case 'completed': return 'not shown: already completed';
    case 'dismissed': return 'not shown: dismissed by the user';
    case 'frequency': return `not shown: frequency rule "${reason.rule}"${when(reason.until)}`;
    case 'cap': return `not shown: pacing cap ${reason.cap} (${reason.limit}) reached${when(reason.until)}`;
    case 'tour-running': return `not shown: the tour "${reason.tour}" is running`;
    case 'priority': return `not shown: "${reason.outranked}" has priority in this page view`;
    case 'target-missing': return `not shown: no element matches ${reason.selector}`;
  }
}
