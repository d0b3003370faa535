/**
 * src/store/idb.ts repairing a database it did not make (fake-indexeddb): a database that
 * exists without a store this version needs is upgraded one version up (the store added, the
 * others kept with their data), a newer database with every store is used as it is, our own
 * connections never block such an upgrade, one that does not close makes it wait within the
 * bound (the TimeoutError says why) and it goes through once that connection closes, and an
 * upgrade that cannot be made fails the operation (callers fall back and report).
 */
import { describe, expect, it, vi } from 'vitest';
import { idbConnection } from '../../src/store/idb';
import { freshDbName } from '../support/delivery-helpers';

/** Makes database `name` at `version` with `stores`, each holding "k" -> "v", and closes it (or not). */
function makeDb(name: string, version: number, stores: string[], keepOpen = false): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onupgradeneeded = () => stores.forEach((store) => request.result.createObjectStore(store).put('v', 'k'));
    request.onsuccess = () => (keepOpen || request.result.close(), resolve(request.result));
    request.onerror = () => reject(request.error);
  });
}

/** Reads "k" of `store` on an open database. */
const read = (db: IDBDatabase, store: string) =>
  new Promise<unknown>((resolve, reject) => {
    const request = db.transaction(store).objectStore(store).get('k');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/** What the database holds: its version, its stores and the "k" of each. */
const shape = async (db: IDBDatabase) => ({
  version: db.version,
  stores: Object.fromEntries(await Promise.all(Array.from(db.objectStoreNames).map(async (store) => [store, await read(db, store)]))),
});

describe('a database without a store this version needs', () => {
  it('progress ("guidepost" without "kv"): upgraded one version up, the store added, the other kept with its data', async () => {
    const name = freshDbName();
    await makeDb(name, 1, ['other']);
    const connection = idbConnection({ name, stores: ['kv'] });
    expect(await connection.run(shape)).toEqual({ version: 2, stores: { kv: undefined, other: 'v' } });
    connection.close();
  });

  it('the outbox (asked for version 1, without "meta"): upgraded, its undelivered events kept', async () => {
    const name = freshDbName();
    await makeDb(name, 1, ['events']);
    const connection = idbConnection({ name, stores: ['events', 'meta'], version: 1 });
    expect(await connection.run(shape)).toEqual({ version: 2, stores: { events: 'v', meta: undefined } });
    connection.close();
    // Opened again as version 1 is asked for, the repaired database (now version 2) is used as it is.
    const again = idbConnection({ name, stores: ['events', 'meta'], version: 1 });
    expect(await again.run(shape)).toEqual({ version: 2, stores: { events: 'v', meta: undefined } });
    again.close();
  });

  it('a newer database with every store is used as it is, though a lower version is asked for', async () => {
    const name = freshDbName();
    await makeDb(name, 7, ['events', 'meta', 'later']);
    const connection = idbConnection({ name, stores: ['events', 'meta'], version: 1 });
    expect(await connection.run(shape)).toEqual({ version: 7, stores: { events: 'v', meta: 'v', later: 'v' } });
    connection.close();
  });

  it('an open connection of this SDK closes for the upgrade: it is not blocked, and reopens the new version', async () => {
    const name = freshDbName();
    const ours = idbConnection({ name, stores: ['kv'], timeoutMs: 60_000 });
    expect((await ours.run(shape)).version).toBe(1);
    const newer = idbConnection({ name, stores: ['kv', 'extra'], timeoutMs: 60_000 });
    expect(await newer.run(shape)).toEqual({ version: 2, stores: { kv: undefined, extra: undefined } });
    expect((await ours.run(shape)).version).toBe(2);
    ours.close();
    newer.close();
  });

  it('a connection that does not close (another script) makes it wait within the bound, then fail saying why; it goes through once that one closes', async () => {
    const name = freshDbName();
    const foreign = await makeDb(name, 1, ['other'], true);
    const connection = idbConnection({ name, stores: ['kv'], timeoutMs: 100 });
    await expect(connection.run(shape)).rejects.toMatchObject({
      name: 'TimeoutError',
      message: `IndexedDB "${name}" did not answer within 100 ms: its upgrade waits for another tab to close it`,
    });
    foreign.close();
    // The waiting upgrade goes through: the database answers again, repaired.
    await vi.waitFor(() => connection.run(shape).then((found) => expect(found).toEqual({ version: 2, stores: { kv: undefined, other: 'v' } })));
    connection.close();
  });

  it('an upgrade that cannot be made fails the operation with its error (the stores fall back and report)', async () => {
    const name = freshDbName();
    await makeDb(name, 1, ['other']);
    const refusing = {
      open: (db: string, version?: number) => {
        if (version !== undefined) throw new DOMException('The profile is read-only.', 'UnknownError');
        return indexedDB.open(db);
      },
    } as unknown as IDBFactory;
    const connection = idbConnection({ name, stores: ['kv'], factory: () => refusing });
    await expect(connection.run(shape)).rejects.toMatchObject({ name: 'UnknownError' });
    // Nothing was changed, nothing is left open: the database can still be deleted at once.
    await new Promise((resolve, reject) => {
      const request = indexedDB.deleteDatabase(name);
      request.onblocked = () => reject(new Error('blocked: a connection was left open'));
      request.onsuccess = resolve;
    });
  });
});
