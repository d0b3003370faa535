/**
 * Ending surfaces: closing one (dismissed or completed, recorded and reported) and
 * completing checklists whose tasks are all done. Used by the surfaces' callbacks (loaded
 * with the UI) and by `track()`, which can complete a checklist on a page that shows one.
 */
import { recordCompleted, recordDismissed } from '../engine/progress';
import { checklistDone } from '../controller/checklists';
import type { ChecklistItem, Item } from '../manifest/schema';
import type { CloseOrigin } from '../ui/Layer';
import { itemFields } from './items';
import { emit, type Runtime } from './runtime';

/** Ends a surface for good: dismissed (or completed), recorded and reported. A preview just goes away. */
export function closeItem(rt: Runtime, item: Item, origin: CloseOrigin, completed = false): void {
  if (rt.previewing.has(item.id) && item.type !== 'tour') {
    rt.previewing.delete(item.id);
    rt.showing.delete(item.id);
    rt.view!.render();
    return;
  }
  if (item.type === 'tour') {
    if (completed) rt.tours!.done(item.id);
    else rt.tours!.close(item.id, origin);
    return;
  }
  const version = item.version ?? 1;
  const now = rt.now();
  rt.progress!.update((s) => (completed ? recordCompleted(s, item.id, version, now) : recordDismissed(s, item.id, version, now)));
  emit(rt, { ...itemFields(item), type: completed ? 'completed' : 'dismissed', origin });
  rt.showing.delete(item.id);
  rt.view!.render();
}

/** Completes the checklists on screen whose every task is done; redraws the others (their progress changed). */
export function completeChecklists(rt: Runtime): void {
  const lists = [...rt.showing.values()].map((surface) => surface.item).filter((item): item is ChecklistItem => item.type === 'checklist');
  if (!lists.length) return;
  // Drawn with their progress first, also the ones the last task completes: a checklist says
  // the task just done through the layer's live region ("Invite a teammate: done, 3 of 3"),
  // which outlives it; closed at once, it would go without a word.
  rt.view!.render();
  for (const list of lists) if (checklistDone(list, rt.progress!.get()).size === list.tasks.length) closeItem(rt, list, 'cta', true);
}
