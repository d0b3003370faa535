/**
 * The device's anonymous id and the current session, with the session's pacing counters.
 * A session ends after thirty minutes without activity.
 */
import { SESSION_GAP_MS } from '../engine/progress';
import { uuidv7 } from '../track/uuid';
import type { KeyValueStorage } from './storage';

export interface SessionRecord {
  id: string;
  startedAt: number;
  lastActiveAt: number;
  /** Interruptive items shown this session (pacing). */
  interruptiveShown: number;
  lastInterruptiveAt?: number;
  /** Exposure keys already reported this session (exposures are de-duplicated per session). */
  exposures?: string[];
}

export interface IdentityRecord {
  anonymousId: string;
  session: SessionRecord;
}

const KEY = 'identity';

/** The identity as stored, its session continued or a new one begun; `known`: an anonymous id was stored (else one was made now). Not written back. */
export async function readIdentity(storage: KeyValueStorage, now: number): Promise<{ identity: IdentityRecord; known: boolean }> {
  const stored = await storage.get<IdentityRecord>(KEY);
  const known = typeof stored?.anonymousId === 'string';
  const anonymousId = known ? stored!.anonymousId : uuidv7(now);
  const previous = stored?.session;
  const session: SessionRecord =
    previous && typeof previous.id === 'string' && now - previous.lastActiveAt <= SESSION_GAP_MS
      ? { ...previous, lastActiveAt: now }
      : { id: uuidv7(now), startedAt: now, lastActiveAt: now, interruptiveShown: 0 };
  return { identity: { anonymousId, session }, known };
}

/** The identity, read and written back (its session's activity, or a new id and session). */
export async function loadIdentity(storage: KeyValueStorage, now: number): Promise<IdentityRecord> {
  const { identity } = await readIdentity(storage, now);
  await storage.set(KEY, identity);
  return identity;
}

export function saveIdentity(storage: KeyValueStorage, identity: IdentityRecord): Promise<void> {
  return storage.set(KEY, identity);
}

export function clearIdentity(storage: KeyValueStorage): Promise<void> {
  return storage.delete(KEY);
}

/** At most this many exposure and assignment keys are remembered per session. */
export const MAX_SESSION_KEYS = 1000;

/**
 * Activity now: the session goes on, or — after thirty idle minutes — a new one starts with
 * fresh per-session pacing and de-duplication.
 */
export function touchSession(identity: IdentityRecord, now: number): IdentityRecord {
  const session = identity.session;
  if (now - session.lastActiveAt > SESSION_GAP_MS) {
    return { ...identity, session: { id: uuidv7(now), startedAt: now, lastActiveAt: now, interruptiveShown: 0 } };
  }
  return { ...identity, session: { ...session, lastActiveAt: now } };
}

/** Remembers `key` for this session; undefined when it was already reported (de-duplication). */
export function rememberInSession(identity: IdentityRecord, key: string): IdentityRecord | undefined {
  const seen = identity.session.exposures ?? [];
  if (seen.includes(key)) return undefined;
  return { ...identity, session: { ...identity.session, exposures: [...seen, key].slice(-MAX_SESSION_KEYS) } };
}

/** An interruptive item was shown now (session pacing). */
export function countInterruptive(identity: IdentityRecord, now: number): IdentityRecord {
  const session = identity.session;
  return { ...identity, session: { ...session, interruptiveShown: session.interruptiveShown + 1, lastInterruptiveAt: now } };
}
