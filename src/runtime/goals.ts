/**
 * Goals: `track(name)` once start() has booted. Kept apart from actions.ts, which the UI's
 * surface callbacks import too: this one decides again, and the decisions stay in the core.
 */
import { MAX_EVENT_NAMES, ownEntry, recordCompleted, recordEvent } from '../engine/progress';
import type { Item } from '../manifest/schema';
import type { ProgressStore } from '../store/progress-store';
import { isStandIn } from '../store/stand-in-progress';
import { evaluate } from './decisions';
import { itemFields } from './items';
import { emit, type Runtime } from './runtime';
import { keepSessionAlive } from './session';

/**
 * `track(name)` once start() has booted: the event is recorded and reported as a goal; help
 * whose goal it is has done its job (completed, taken off screen); tours and checklists that
 * wait for it move on; then what shows is decided again. `at`: when track() was called (a call
 * kept while start() ran is recorded and reported with its own time, not the replay's).
 */
/**
 * Records goal `name`, tracked at `at`, in one person's progress: the event, and the completion
 * of each item whose goal it is that has started and is not completed yet (`skip`: items left
 * as they are, those previewed). Returns the items it completed.
 */
export function recordGoal(
  progress: ProgressStore,
  items: readonly Item[],
  name: string,
  at: number,
  skip: (id: string) => boolean = () => false,
): Item[] {
  progress.update((s) => recordEvent(s, name, at));
  const completed: Item[] = [];
  for (const item of items) {
    if (item.goal !== name || skip(item.id)) continue;
    const record = ownEntry(progress.get().items, item.id);
    if (record && record.status !== 'completed') {
      progress.update((s) => recordCompleted(s, item.id, item.version ?? 1, at));
      completed.push(item);
    }
  }
  return completed;
}

export function trackGoal(rt: Runtime, name: string, properties: Record<string, unknown> | undefined, at = rt.now()): void {
  const { progress, manifest } = rt;
  keepSessionAlive(rt);
  emit(rt, { type: 'goal', name, properties }, at);
  const who = { id: rt.user.id, accountId: rt.user.accountId };
  const record = (store: ProgressStore) =>
    reportingAs(rt, who, () => {
      for (const item of recordGoal(store, manifest!.items, name, at, (id) => rt.previewing.has(id))) {
        // Held out, it was never shown: its record (both arms keep one, so later decisions match)
        // is completed, but no `completed` is reported, or the holdout would count completers
        // of help they never saw.
        if (rt.experiments?.armFor(item)?.assignment.enabled === false) continue;
        emit(rt, { ...itemFields(item), type: 'completed', origin: 'goal' }, at);
      }
    });
  // Another person signed in a moment ago: what their goal completes is decided on their record, once read.
  if (isStandIn(progress!)) progress.whenOpen(record);
  else record(progress!);
  for (const item of manifest!.items) if (item.goal === name && !rt.previewing.has(item.id)) rt.showing.delete(item.id);
  // Triggers ask whether a name was tracked in this page view, not how often: each name once,
  // as many names as progress keeps, however often the host tracks.
  const recent = rt.pageView.recentEvents;
  if (recent.length < MAX_EVENT_NAMES && !recent.includes(name)) recent.push(name);
  rt.tours?.eventTracked(name);
  // A checklist on screen was decided by the decision chunk, which completes it (actions.ts).
  rt.decider?.completeChecklists(rt);
  evaluate(rt);
}

/** The person a call was made for (their ids when it was made). */
export type CallerIds = Pick<Runtime['user'], 'id' | 'accountId'>;

/** Runs `report` with the tracker reporting as `who`, then as the person signed in now. */
export function reportingAs(rt: Runtime, who: CallerIds, report: () => void): void {
  const now = rt.user;
  if ((now.id ?? null) === (who.id ?? null) && (now.accountId ?? null) === (who.accountId ?? null)) return report();
  rt.tracker?.setContext({ userId: who.id ?? null, accountId: who.accountId ?? null });
  try {
    report();
  } finally {
    rt.tracker?.setContext({ userId: now.id ?? null, accountId: now.accountId ?? null });
  }
}
