/** Which checklist tasks are done: a task completes when its event has been tracked. */
import type { ProgressState } from '../engine/progress';
import type { ChecklistItem } from '../manifest/schema';
import { ownEntry } from '../engine/progress';

export function checklistDone(list: ChecklistItem, progress: ProgressState): Set<string> {
  const done = new Set<string>();
  for (const task of list.tasks) {
    const tourDone = task.tour !== undefined && ownEntry(progress.items, task.tour)?.status === 'completed';
    const eventDone = task.completeOn !== undefined && (ownEntry(progress.events, task.completeOn)?.count ?? 0) > 0;
    if (tourDone || eventDone) done.add(task.id);
  }
  return done;
}
