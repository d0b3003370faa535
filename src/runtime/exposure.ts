/**
 * Exposure and the session record: the one place an item counts as shown (or, in a holdout
 * arm, as "would have been shown"), its exposure and assignment events, and the session
 * pacing and de-duplication kept in the identity record.
 */
import { isInterruptive } from '../engine/decide';
import { recordSeen } from '../engine/progress';
import type { Item } from '../manifest/schema';
import { countInterruptive, rememberInSession, saveIdentity, touchSession, type IdentityRecord } from '../store/identity';
import { itemFields } from './items';
import { emit, type Runtime } from './runtime';

/** Replaces the identity record and stores it (session pacing and de-duplication live there). */
export function updateIdentity(rt: Runtime, next: IdentityRecord): void {
  rt.identity = next;
  void saveIdentity(rt.storage!, next).catch(rt.report);
}

/** False when `key` was already reported this session; otherwise remembers it. */
function rememberForSession(rt: Runtime, key: string): boolean {
  const next = rememberInSession(rt.identity!, key);
  if (next) updateIdentity(rt, next);
  return next !== undefined;
}

/** Activity: the session goes on, or a new one starts (the tracker then reports its id). */
export function keepSessionAlive(rt: Runtime): void {
  const before = rt.identity!.session.id;
  updateIdentity(rt, touchSession(rt.identity!, rt.now()));
  if (rt.identity!.session.id !== before) rt.tracker?.setContext({ sessionId: rt.identity!.session.id });
}

/** One `assignment` event per unit, experiment and arm per session: the intent-to-treat population. */
export function reportAssignments(rt: Runtime): void {
  if (!rt.tracker || !rt.experiments) return;
  for (const a of rt.experiments.all()) {
    if (!a.inExperiment || !a.variation || !a.unitId) continue;
    const key = ['assignment', a.unit, a.unitId, a.experiment, a.bucketVersion, a.variation].join('|');
    if (!rememberForSession(rt, key)) continue;
    emit(rt, { type: 'assignment', experiment: a.experiment, variation: a.variation, bucket_version: a.bucketVersion, unit: a.unit, unit_id: a.unitId, forced: a.forced });
  }
}

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
 * The single place an item becomes visible — or, in a holdout arm, would have: both arms
 * come through here, so exposure, progress, pacing and whatever loads lazily (the delivery
 * code loads at the first event) are identical up to the render call. Returns whether to render.
 */
export function markShown(rt: Runtime, item: Item): boolean {
  rt.requested.delete(item.id);
  const pageView = rt.pageView;
  const render = rt.experiments?.armFor(item)?.assignment.enabled ?? true;
  const exposureKey = `${item.id}@${item.version ?? 1}`;
  if (!pageView.exposed.has(exposureKey)) {
    pageView.exposed.add(exposureKey);
    reportExposure(rt, item, render);
    if (item.type === 'checklist' && !rt.progress!.get().items[item.id]) rt.expandedChecklists.add(item.id);
    rt.progress!.update((s) => recordSeen(s, item.id, item.version ?? 1, rt.now()));
  }
  if (!render) pageView.counterfactual.add(item.id);
  if (isInterruptive(item, rt.manifest!.settings?.caps)) {
    pageView.interruptiveShown++;
    updateIdentity(rt, countInterruptive(rt.identity!, rt.now()));
  }
  return render;
}
