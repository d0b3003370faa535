/**
 * Exposure: the one place an item counts as shown (or, in a holdout arm, as "would have been
 * shown"), its exposure event, and the pacing spent. Loaded with the rest of the decision
 * (decide-chunk.ts): a page on which nothing can show never exposes anything.
 */
import { isInterruptive } from '../engine/pacing';
import { ownEntry, recordSeen } from '../engine/progress';
import type { Item } from '../manifest/schema';
import { countInterruptive } from '../store/identity';
import { itemFields } from './items';
import { emit, type Runtime } from './runtime';
import { rememberForSession, updateIdentity } from './session';

/** One exposure per (unit, experiment, bucketVersion, variation, item) per session. */
function reportExposure(rt: Runtime, item: Item, rendered: boolean): void {
  const a = rt.experiments?.armFor(item)?.assignment;
  const key = [a?.unit, a?.unitId, a?.experiment, a?.bucketVersion, a?.variation, item.id, item.version ?? 1].join('|');
  if (!rememberForSession(rt, key)) return;
  emit(rt, {
    ...itemFields(item),
    type: 'exposure',
    rendered,
    ...(a && {
      experiment: a.experiment,
      variation: a.variation,
      bucket_version: a.bucketVersion,
      unit: a.unit,
      unit_id: a.unitId ?? undefined,
      counterfactual: !rendered,
      forced: a.forced,
    }),
  });
}

/**
 * Below this viewport height, in CSS pixels (a desktop zoomed to 200% or more, a phone held
 * sideways), a checklist seen for the first time opens folded to its launcher: its panel, up to
 * 70% of the viewport's height, would cover the page's own header and the control in focus.
 */
const MIN_HEIGHT_TO_OPEN_BY_ITSELF = 500;

const roomToOpen = (rt: Runtime) => (rt.doc?.defaultView?.innerHeight ?? MIN_HEIGHT_TO_OPEN_BY_ITSELF) >= MIN_HEIGHT_TO_OPEN_BY_ITSELF;

/**
 * The single place an item becomes visible — or, in a holdout arm, would have: both arms
 * come through here, so exposure, progress, pacing and whatever loads lazily (the delivery
 * code loads at the first event) are identical up to the render call. Returns whether to render.
 */
export function markShown(rt: Runtime, item: Item): boolean {
  rt.requested.delete(item.id);
  const pageView = rt.pageView;
  const render = rt.experiments?.armFor(item)?.assignment.enabled ?? true;
  // Reported at every showing, once per session and arm (reportExposure): an arm that changed in
  // this page view (identify() with an account id, a forced arm) is exposed when the item shows again.
  reportExposure(rt, item, render);
  const exposureKey = `${item.id}@${item.version ?? 1}`;
  if (!pageView.exposed.has(exposureKey)) {
    pageView.exposed.add(exposureKey);
    if (item.type === 'checklist' && !ownEntry(rt.progress!.get().items, item.id) && roomToOpen(rt)) rt.expandedChecklists.add(item.id);
    rt.progress!.update((s) => recordSeen(s, item.id, item.version ?? 1, rt.now()));
  }
  if (!render) pageView.counterfactual.add(item.id);
  // One slot per item and page view: an item whose target left and came back holds the one it took.
  if (isInterruptive(item, rt.manifest!.settings?.caps) && !pageView.paced.has(item.id)) {
    pageView.paced.add(item.id);
    pageView.interruptiveShown++;
    // The session counts it once, however many pages it follows the person to.
    const counted = countInterruptive(rt.identity!, rt.now(), item.id);
    if (counted !== rt.identity) updateIdentity(rt, counted);
  }
  return render;
}
