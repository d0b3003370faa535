/**
 * What people do on a surface: close it, press its buttons, follow its links, open a
 * hotspot, answer "Was this helpful?", toggle a checklist, start a task. Loaded with the UI
 * (only surfaces call these).
 */
import { ownEntry, recordCompleted } from '../engine/progress';
import { GuidepostError } from '../errors';
import type { Item } from '../manifest/schema';
import { urlKind, urlProblem } from '../manifest/url';
import type { ViewButton } from '../ui/content';
import type { SurfaceCallbacks } from '../ui/Layer';
import { closeItem } from './actions';
import { itemFields } from './items';
import { navigateInApp } from './navigate';
import { emit, type Runtime } from './runtime';

/**
 * The validator refuses unsafe URLs, but a compiled manifest skips it: navigation checks
 * again. True when `url` may be followed; otherwise reports it.
 */
function mayFollow(rt: Runtime, item: Item, url: string): boolean {
  const problem = urlProblem(url);
  if (problem === undefined) return true;
  rt.report(new GuidepostError('manifest', `item "${item.id}": the URL ${JSON.stringify(url.slice(0, 200))} is not allowed (${problem}); not followed`));
  return false;
}

/** The button actions that end an item that is not a tour. */
const ENDING: ReadonlySet<string> = new Set(['next', 'dismiss', 'done']);

/** Whether `item` is recorded completed (this version of it). */
function isCompleted(rt: Runtime, item: Item): boolean {
  const record = ownEntry(rt.progress!.get().items, item.id);
  return record?.status === 'completed' && record.version === (item.version ?? 1);
}

function onButton(rt: Runtime, item: Item, { button }: ViewButton): void {
  emit(rt, { ...itemFields(item), type: 'cta_clicked', properties: { action: button.action } });
  // A hotspot's buttons live in its popover, and opening it completed it (reported then): a button
  // that ends it takes it away, with no second "completed" (nor a "dismissed" its record ignores).
  if (item.type === 'hotspot' && ENDING.has(button.action) && !rt.previewing.has(item.id) && isCompleted(rt, item)) {
    // Completed in an earlier page view (frequency "always" shows it on every one): the completion
    // is dated now, silently, so the next decision of this page view leaves it closed as well.
    const completedAt = ownEntry(rt.progress!.get().items, item.id)?.completedAt;
    if (completedAt === undefined || completedAt < rt.pageView.startedAt) rt.progress!.update((s) => recordCompleted(s, item.id, item.version ?? 1, rt.now()));
    rt.showing.delete(item.id);
    rt.view!.render();
    return;
  }
  const tours = rt.tours!;
  switch (button.action) {
    case 'next':
      return item.type === 'tour' ? tours.next(item.id) : closeItem(rt, item, 'cta', true);
    case 'back':
      return item.type === 'tour' ? tours.back(item.id) : undefined;
    case 'dismiss':
      return closeItem(rt, item, 'cta');
    case 'done':
      return closeItem(rt, item, 'cta', true);
    case 'url':
      if (button.url && mayFollow(rt, item, button.url)) rt.doc!.defaultView?.open(button.url, '_blank', 'noopener');
      return;
    case 'track':
      if (button.event) rt.api.track(button.event);
      return;
    case 'startTour':
      if (button.tour) rt.api.startTour(button.tour);
      return;
  }
}

export function surfaceCallbacks(rt: Runtime): SurfaceCallbacks {
  return {
    onClose: (item, origin) => {
      // Closing the popover of a help link or a hotspot leaves its "?" or beacon in place for
      // this page view (focus returns to it); an opened hotspot is already completed.
      if (item.type === 'helpLink' || item.type === 'hotspot') return;
      closeItem(rt, item, origin);
    },
    onButton: (item, button) => onButton(rt, item, button),
    onLinkClick: (item, url, event) => {
      emit(rt, { ...itemFields(item), type: 'link_clicked', properties: { url } });
      const anchor = event.currentTarget as HTMLAnchorElement | null;
      const leavesThisTab = !anchor?.target && !event.defaultPrevented && event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
      if (!leavesThisTab) {
        void rt.tracker!.flush();
        return;
      }
      // Leaving this page: give the click event up to a second to reach the collector first.
      event.preventDefault();
      const href = anchor!.href;
      void rt.api.flushBeforeNavigation(1000).finally(() => rt.doc!.location.assign(href));
    },
    onOpen: (item) => {
      emit(rt, { ...itemFields(item), type: 'shown' });
      // Opening a hotspot is what it asks for: it will not pulse again. Completed once, and
      // reported as it is recorded (origin "open"); opening it again in this page view changes nothing.
      if (item.type === 'hotspot' && !rt.previewing.has(item.id) && !isCompleted(rt, item)) {
        rt.progress!.update((s) => recordCompleted(s, item.id, item.version ?? 1, rt.now()));
        emit(rt, { ...itemFields(item), type: 'completed', origin: 'open' });
      }
    },
    onTour: (item, action) => rt.tours![action](item.id),
    onFeedback: (item, value) => emit(rt, { ...itemFields(item), type: 'feedback', properties: { ...value } }),
    onChecklistToggle: (item) => {
      const expanded = rt.expandedChecklists;
      if (expanded.has(item.id)) expanded.delete(item.id);
      else expanded.add(item.id);
      rt.view!.render();
    },
    onTask: (item, task) => {
      emit(rt, { ...itemFields(item), type: 'cta_clicked', properties: { task: task.id } });
      if (task.tour) rt.api.startTour(task.tour);
      else if (task.url && mayFollow(rt, item, task.url)) {
        // Another site opens in a new tab without access to this one; the product's own pages in this tab.
        if (urlKind(task.url) === 'external') rt.doc!.defaultView?.open(task.url, '_blank', 'noopener');
        else {
          // Through the app's router when it has one (a single-page app is not reloaded), as tours go.
          const to = new URL(task.url, rt.doc!.location.href);
          navigateInApp(rt, to.pathname + to.search + to.hash);
        }
      }
    },
  };
}
