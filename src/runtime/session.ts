/**
 * The session record kept in the identity record: activity (a new session after a gap),
 * de-duplication of what is reported once per session, and assignment events.
 */
import { rememberInSession, saveIdentity, touchSession, type IdentityRecord } from '../store/identity';
import { emit, type Runtime } from './runtime';

/**
 * Replaces the identity record and stores it (session pacing and de-duplication live there);
 * what was reported once or counted for pacing is told to the other tabs, which merge it
 * (tab-sync.ts), so their next write of the record keeps it.
 */
export function updateIdentity(rt: Runtime, next: IdentityRecord): void {
  const before = rt.identity?.session;
  rt.identity = next;
  void saveIdentity(rt.storage!, next).catch(rt.report);
  const { exposures, paced, interruptiveShown } = next.session;
  if (before?.exposures !== exposures || before?.paced !== paced || before?.interruptiveShown !== interruptiveShown) rt.tabs?.post({ kind: 'session', identity: next });
}

/** False when `key` was already reported this session; otherwise remembers it. */
export function rememberForSession(rt: Runtime, key: string): boolean {
  const next = rememberInSession(rt.identity!, key);
  if (next) updateIdentity(rt, next);
  return next !== undefined;
}

/**
 * Activity: the session goes on, or a new one starts: the tracker then reports its id, and the
 * new session gets its own `assignment` events before anything of it is exposed.
 */
export function keepSessionAlive(rt: Runtime): void {
  const before = rt.identity!.session.id;
  updateIdentity(rt, touchSession(rt.identity!, rt.now()));
  if (rt.identity!.session.id === before) return;
  rt.tracker?.setContext({ sessionId: rt.identity!.session.id });
  reportAssignments(rt);
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

