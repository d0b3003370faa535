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
  /** Interruptive items counted in `interruptiveShown`: each counts once per session, however many pages it follows the person to. */
  paced?: string[];
}

export interface IdentityRecord {
  anonymousId: string;
  session: SessionRecord;
}

const KEY = 'identity';

const newSession = (now: number): SessionRecord => ({ id: uuidv7(now), startedAt: now, lastActiveAt: now, interruptiveShown: 0 });

/** What start() knows of the device: its identity; `known`: an anonymous id was stored (else one was made now); `empty`: the storage never held anything. */
export interface IdentityRead {
  identity: IdentityRecord;
  known: boolean;
  empty: boolean;
}

/** Longest anonymous or session id kept from storage (ours are 36-character UUIDs). */
export const MAX_STORED_ID_LENGTH = 128;

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_STORED_ID_LENGTH;
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * A stored session as this version uses it, or undefined when it cannot be read. Storage is
 * untrusted (another script of the origin, an old or newer version, a corrupt profile): counters
 * must be numbers (a string would concatenate), de-duplication keys an array of strings, bounded.
 */
/** Stored keys as strings, the newest MAX_SESSION_KEYS; none when not an array. */
const keys = (value: unknown) => (Array.isArray(value) ? value.slice(-MAX_SESSION_KEYS).filter((key): key is string => typeof key === 'string' && key.length <= 2000) : undefined);

function readSession(value: unknown): SessionRecord | undefined {
  const stored = (value ?? {}) as Partial<Record<keyof SessionRecord, unknown>>;
  const { id, startedAt, lastActiveAt, interruptiveShown: shown, lastInterruptiveAt, exposures } = stored;
  if (!isId(id) || !isTime(startedAt) || !isTime(lastActiveAt)) return undefined;
  return {
    id,
    startedAt,
    lastActiveAt,
    interruptiveShown: Number.isInteger(shown) && (shown as number) >= 0 ? (shown as number) : 0,
    lastInterruptiveAt: isTime(lastInterruptiveAt) ? lastInterruptiveAt : undefined,
    exposures: keys(exposures),
    paced: keys(stored.paced),
  };
}

/**
 * The identity as stored, its session continued or a new one begun. A stored record without a
 * usable id is reported: the new id makes this device a new person (progress keyed by the old
 * id, experiment arms), which its team should be able to tell from a first visit.
 */
async function readStoredIdentity(storage: KeyValueStorage, now: number, report?: (error: Error) => void): Promise<IdentityRead> {
  const stored = await storage.get<Record<string, unknown>>(KEY);
  const record = stored !== null && typeof stored === 'object' ? stored : undefined;
  // An id that is not one (wrong type, empty, huge) is not kept: it would go out with every event.
  const known = isId(record?.anonymousId);
  if (!known && stored !== undefined && stored !== null) {
    const id = record?.anonymousId;
    const what = !record ? typeof stored : `anonymousId: ${typeof id === 'string' ? `${id.length} characters` : id === null ? 'null' : typeof id}`;
    report?.(new Error(`Guidepost discarded a stored identity it could not read (${what}); a new anonymous id starts progress and experiment arms afresh`));
  }
  const anonymousId = known ? (record!.anonymousId as string) : uuidv7(now);
  const previous = readSession(record?.session);
  const session: SessionRecord = previous && now - previous.lastActiveAt <= SESSION_GAP_MS ? { ...previous, lastActiveAt: now } : newSession(now);
  return { identity: { anonymousId, session }, known, empty: false };
}

/**
 * The identity for start(), not written back (see `readStoredIdentity`). When the storage says
 * it never held anything (a first visit), a new identity at once: the read would only wait for
 * the database to be created, to find nothing. Whichever answers first is used.
 */
export function readIdentity(storage: KeyValueStorage, now: number, report?: (error: Error) => void): Promise<IdentityRead> {
  // Asked first: the read below opens (on a first visit, creates) the database.
  const neverUsed = storage.neverUsed?.();
  const stored = readStoredIdentity(storage, now, report);
  if (!neverUsed) return stored;
  return new Promise((resolve, reject) => {
    stored.then(resolve, reject);
    neverUsed.then(
      (empty) => empty && resolve({ identity: { anonymousId: uuidv7(now), session: newSession(now) }, known: false, empty: true }),
      () => undefined,
    );
  });
}

/**
 * The identity for start(), one anonymous id per device however many tabs (or instances on a
 * page) find none at the same moment on a first visit: each made its own, and the same person
 * was then two units in every experiment. Where the browser has Web Locks, the read runs under
 * one: a tab that makes an id holds the lock until the id is stored (start() does not wait for
 * that), so one that starts meanwhile waits, reads it and uses it (only the tab second in the
 * race waits, for the first one's write). Without them, a new id read from a storage that was
 * used is written, then read again: tabs that re-read after both wrote take the one written
 * last. What is left (a first visit without locks, a storage that fails) is settled over the
 * tab channel (tab-sync.ts). A new id is stored here; a known one is written back by the caller.
 * `signal` (destroy() during start()) withdraws a lock request still waiting and its timer: the
 * promise then rejects with an AbortError and nothing of it outlives the instance.
 */
export function startIdentity(
  storage: KeyValueStorage,
  now: number,
  report?: (error: Error) => void,
  locks = typeof navigator === 'undefined' ? undefined : navigator.locks,
  signal?: AbortSignal,
): Promise<IdentityRead> {
  const withoutLocks = async () => {
    const read = await readIdentity(storage, now, report);
    if (read.known) return read;
    const saved = saveIdentity(storage, read.identity);
    // A first visit does not wait for the database to be created.
    if (read.empty) return read;
    await saved;
    const again = await readStoredIdentity(storage, now);
    return again.known ? { ...again, known: false } : read;
  };
  if (!locks) return withoutLocks();
  return new Promise((resolve, reject) => {
    let settled = false;
    // Locks refused (opaque origins), or the lock not granted within LOCK_WAIT_MS (a script of the
    // page holding it): as without them, so start() is never held by someone else's lock.
    const fallback = () => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', aborted);
      withoutLocks().then(resolve, reject);
    };
    const timer = setTimeout(fallback, LOCK_WAIT_MS);
    const aborted = () => {
      clearTimeout(timer);
      if (settled) return;
      settled = true;
      reject(new DOMException('start() was abandoned (destroy())', 'AbortError'));
    };
    if (signal?.aborted) return aborted();
    signal?.addEventListener('abort', aborted, { once: true });
    locks
      // The signal takes a request still queued off the lock's queue (the browser rejects it).
      .request('guidepost-identity', signal ? { signal } : {}, async () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', aborted);
        if (settled) return;
        settled = true;
        // neverUsed is asked inside the lock: a tab that held it has created the database by now.
        const read = await readIdentity(storage, now, report).catch((error: unknown) => void reject(error));
        if (!read) return;
        resolve(read);
        if (!read.known) await saveIdentity(storage, read.identity).catch(() => undefined);
      })
      .catch(() => {
        clearTimeout(timer);
        // Withdrawn by the signal: already settled by aborted().
        if (!signal?.aborted) fallback();
      });
  });
}

/** Longest wait for the identity's Web Lock before reading without it. */
export const LOCK_WAIT_MS = 3000;

/** The identity, read and written back (its session's activity, or a new id and session). */
export async function loadIdentity(storage: KeyValueStorage, now: number): Promise<IdentityRecord> {
  const { identity } = await readStoredIdentity(storage, now);
  await saveIdentity(storage, identity);
  return identity;
}

/** An identity record (from another tab: untrusted) as this version uses it, bounded; undefined when it is not one. */
export function parseIdentity(value: unknown): IdentityRecord | undefined {
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
  const session = readSession(record?.session);
  return record && isId(record.anonymousId) && session ? { anonymousId: record.anonymousId, session } : undefined;
}

/** `first`'s keys, then those only `second` has: the newest MAX_SESSION_KEYS. */
function unionKeys(first: string[] = [], second: string[] = []): string[] | undefined {
  const known = new Set(first);
  const all = [...first, ...second.filter((key) => !known.has(key))];
  return all.length ? all.slice(-MAX_SESSION_KEYS) : undefined;
}

const later = (a?: number, b?: number) => (a === undefined ? b : b === undefined ? a : Math.max(a, b));

/**
 * This tab's identity with what another tab of the device recorded for the same session (its
 * `session` message, tab-sync.ts): what either reported once per session and what either counted
 * for pacing are kept, in memory and in this tab's next write of the record (written whole, each
 * tab's copy erased the others' keys), so no tab reports an exposure again nor shows more
 * interruptive items than the session allows. Another device identity (reset() elsewhere) or
 * another session (a tab that began a new one after a gap) leaves this tab's record as it was.
 */
export function mergeIdentity(mine: IdentityRecord, stored: IdentityRecord): IdentityRecord {
  const [a, b] = [mine.session, stored.session];
  if (stored.anonymousId !== mine.anonymousId || a.id !== b.id) return mine;
  const paced = unionKeys(a.paced, b.paced);
  const session: SessionRecord = {
    ...a,
    lastActiveAt: Math.max(a.lastActiveAt, b.lastActiveAt),
    interruptiveShown: Math.max(a.interruptiveShown, b.interruptiveShown, paced?.length ?? 0),
    lastInterruptiveAt: later(a.lastInterruptiveAt, b.lastInterruptiveAt),
    exposures: unionKeys(a.exposures, b.exposures),
    paced,
  };
  return { ...mine, session };
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
  if (now - session.lastActiveAt > SESSION_GAP_MS) return { ...identity, session: newSession(now) };
  return { ...identity, session: { ...session, lastActiveAt: now } };
}

/** Remembers `key` for this session; undefined when it was already reported (de-duplication). */
export function rememberInSession(identity: IdentityRecord, key: string): IdentityRecord | undefined {
  const seen = identity.session.exposures ?? [];
  if (seen.includes(key)) return undefined;
  return { ...identity, session: { ...identity.session, exposures: [...seen, key].slice(-MAX_SESSION_KEYS) } };
}

/** Interruptive item `itemId` was shown now (session pacing); an item already counted this session is not counted again. */
export function countInterruptive(identity: IdentityRecord, now: number, itemId?: string): IdentityRecord {
  const session = identity.session;
  const paced = session.paced ?? [];
  if (itemId !== undefined && paced.includes(itemId)) return identity;
  return {
    ...identity,
    session: { ...session, interruptiveShown: session.interruptiveShown + 1, lastInterruptiveAt: now, ...(itemId !== undefined && { paced: [...paced, itemId].slice(-MAX_SESSION_KEYS) }) },
  };
}
