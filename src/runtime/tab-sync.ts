/**
 * Tabs of the same origin keep each other current: progress changes (a dismissal in one tab
 * hides the item in the others), which tab runs which tour (one tab at a time), and resets.
 */
import { GuidepostError } from '../errors';
import { openTabChannel, type TabMessage } from '../store/tabs';
import { mergeIdentity, parseIdentity, saveIdentity } from '../store/identity';
import { uuidv7 } from '../track/uuid';
import { evaluate } from './decisions';
import { becomeDevice } from './person';
import type { Runtime } from './runtime';
import { ownEntry } from '../engine/progress';

/** Records which tour this tab runs and tells the other tabs. */
export function setLocalTour(rt: Runtime, tour: string | undefined): void {
  if (rt.localTour === tour) return;
  rt.localTour = tour;
  rt.tabs?.post({ kind: 'tour', tab: rt.tabs.tabId, tour: tour ?? null });
}

/**
 * Another tab changed these items' records (its message, or what it wrote, found by a write
 * here: progress-store.ts): what it dismissed or completed is hidden here too; then decided again.
 */
export function othersChangedItems(rt: Runtime, ids: string[]): void {
  const { progress } = rt;
  if (!progress) return;
  for (const id of ids) {
    const status = ownEntry(progress.get().items, id)?.status;
    if (status === 'dismissed' || status === 'completed') {
      rt.showing.delete(id);
      // A request that waited for another tab's run of this tour is answered: it was seen there.
      rt.requested.delete(id);
      if (rt.tours?.isRunning(id)) rt.tours.close(id, 'other-tab');
    }
  }
  evaluate(rt);
}

function onTabMessage(rt: Runtime, message: TabMessage, made: { id?: string }): void {
  const { progress, tabs } = rt;
  if (!progress || !tabs) return;
  switch (message.kind) {
    case 'progress':
      if (message.key !== progress.key) return;
      progress.applyRemote(message.change);
      return othersChangedItems(rt, Object.keys(message.change.items ?? {}));
    case 'tour':
      if (message.tour) rt.remoteTours.set(message.tab, message.tour);
      else rt.remoteTours.delete(message.tab);
      if (!message.tour) return evaluate(rt);
      // Both tabs run it (this one resumed it from storage before the other's answer to its
      // hello came): the tab opened later yields, without recording anything; ids are UUID v7, so
      // the later tab's sorts after. The one opened first answers its own copy of this race the other way.
      if (message.tour === rt.localTour && message.tab < tabs.tabId && rt.tours?.isRunning(message.tour)) {
        rt.tours.close(message.tour, 'other-tab');
        // Still wanted here: it goes on in this tab, where it was, if the other tab closes first.
        rt.requested.add(message.tour);
      }
      return;
    case 'hello':
      if (rt.localTour) tabs.post({ kind: 'tour', tab: tabs.tabId, tour: rt.localTour });
      return;
    case 'session': {
      // What another tab reported once or counted for pacing in this session: kept here too (tabs.ts checked it).
      const theirs = parseIdentity(message.identity);
      if (theirs && rt.identity) rt.identity = mergeIdentity(rt.identity, theirs);
      return;
    }
    case 'anonymous':
    case 'device': {
      // `device`: another tab reset the device: this one is the new device too, or it would write
      // the old identity back. `anonymous`: two ids for one device (tabs of a first visit that
      // Web Locks could not order, identity.ts): an id made on this page gives way to one another
      // tab read from storage, or to a smaller one also made during this visit, and is assigned
      // again; a tab that keeps its own answers a made one with it (only a made one: two stored
      // ids never echo each other).
      const theirs = parseIdentity(message.identity);
      const mine = rt.identity!;
      if (!theirs || theirs.anonymousId === mine.anonymousId) return;
      const theirsMade = message.kind === 'anonymous' && message.made;
      if (message.kind === 'anonymous' && (made.id !== mine.anonymousId || (theirsMade && theirs.anonymousId > mine.anonymousId))) {
        return void (theirsMade && tabs.post({ kind: 'anonymous', identity: mine, made: made.id === mine.anonymousId }));
      }
      made.id = theirsMade ? theirs.anonymousId : undefined;
      // Stored (again): a write of the old id from this tab may have landed after the other's.
      void saveIdentity(rt.storage!, theirs);
      rt.tours?.dispose();
      // Its tour is no longer running here: other tabs must not go on being told it is.
      setLocalTour(rt, undefined);
      rt.showing.clear();
      return void becomeDevice(rt, theirs).catch((error: Error) => rt.report(new GuidepostError('storage', error.message)));
    }
    case 'reset':
      if (message.key !== progress.key) return;
      progress.forget();
      rt.showing.clear();
      return evaluate(rt);
  }
}

/**
 * Opens the channel and says hello (a tab running a tour answers). A channel that cannot be
 * opened (SecurityError in opaque origins) leaves this tab alone.
 */
export function joinTabs(rt: Runtime, madeId?: string): void {
  const tabs = openTabChannel('guidepost', uuidv7(rt.now()), globalThis, (e) => rt.report(new GuidepostError('storage', e.message)));
  rt.tabs = tabs;
  if (!tabs) return;
  const made = { id: madeId };
  rt.cleanups.push(tabs.subscribe((message) => onTabMessage(rt, message, made)));
  tabs.post({ kind: 'hello', tab: tabs.tabId });
  // An id made on this page: a tab that stored (or made) another one answers (onTabMessage).
  if (madeId === rt.identity!.anonymousId) tabs.post({ kind: 'anonymous', identity: rt.identity!, made: true });
}

/**
 * Back from the back/forward cache (pageshow, persisted): leaving let this tab's tour go
 * (pagehide), and what the other tabs said meanwhile may never have arrived. The tour still on
 * screen is claimed again, and the others are asked again what they run: where another tab
 * started the same tour meanwhile, the later-opened tab yields (onTabMessage), so one runs it.
 */
export function rejoinTabs(rt: Runtime): void {
  const { tabs } = rt;
  if (!tabs) return;
  rt.remoteTours.clear();
  const running = rt.tours?.runningIds()[0];
  if (running) setLocalTour(rt, running);
  // Not decided again now: the answers are not in yet (the page as it was cached stands; the
  // next decision knows what the others run).
  tabs.post({ kind: 'hello', tab: tabs.tabId });
}
