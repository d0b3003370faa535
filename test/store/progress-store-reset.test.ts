/**
 * A reset in another tab is not undone by this one (src/store/progress-store.ts forget): a
 * write of the old record that lands after the other tab's delete (in flight when the delete
 * ran, or made before this tab heard of the reset) is deleted again once this tab hears of it;
 * what the other tab stored since its reset is kept, and what this tab does afterwards is stored.
 */
import { describe, expect, it } from 'vitest';
import { recordDismissed, recordSeen } from '../../src/engine/progress';
import { openProgressStore } from '../../src/store/progress-store';
import { memoryStorage, type KeyValueStorage } from '../../src/store/storage';

const KEY = 'progress:u1';
const report = () => undefined;
type Stored = { state: { items: Record<string, { status: string }> } } | undefined;

/** Memory storage whose writes wait while `held` (this tab's write in flight), in the order made. */
function holdingStorage() {
  const inner = memoryStorage();
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  const control = {
    hold: () => void (gate = new Promise<void>((resolve) => (open = resolve))),
    release: () => open(),
  };
  const storage: KeyValueStorage = { ...inner, kind: 'holding', set: async (key, value) => (await gate, inner.set(key, value)) };
  return { inner, storage, control };
}

describe('a reset in another tab', () => {
  it("deletes again this tab's write of the old record that landed after the reset's delete", async () => {
    const { inner, storage, control } = holdingStorage();
    await inner.set(KEY, { schema: 1, state: { items: { old: { version: 1, status: 'seen', timesSeen: 1 } }, events: {} } });
    const tab = await openProgressStore(storage, KEY, { report });
    control.hold();
    tab.update((s) => recordDismissed(s, 'tip', 1, 5));
    // The other tab resets: its delete runs while this tab's write waits, and lands first.
    await Promise.resolve();
    await inner.delete(KEY);
    control.release();
    // The write lands, restoring the record...
    await tab.flush();
    expect(((await inner.get(KEY)) as Stored)?.state.items.tip).toBeDefined();
    // ...until the reset message arrives.
    tab.forget();
    await tab.flush();
    expect(await inner.get(KEY)).toBeUndefined();
    expect(tab.get().items).toEqual({});
  });

  it('deletes it when the message comes while the write is in flight', async () => {
    const { inner, storage, control } = holdingStorage();
    const tab = await openProgressStore(storage, KEY, { report });
    control.hold();
    tab.update((s) => recordDismissed(s, 'tip', 1, 5));
    await Promise.resolve();
    await inner.delete(KEY);
    tab.forget();
    control.release();
    await tab.flush();
    expect(await inner.get(KEY)).toBeUndefined();
  });

  it('keeps what the other tab stored after its reset, and stores what this tab does afterwards', async () => {
    const { inner, storage } = holdingStorage();
    const tab = await openProgressStore(storage, KEY, { report });
    tab.update((s) => recordDismissed(s, 'old', 1, 5));
    await tab.flush();
    // The other tab reset the record and stored something new under it.
    await inner.set(KEY, { schema: 1, state: { items: { fresh: { version: 1, status: 'seen', timesSeen: 1, lastSeenAt: 9 } }, events: {} } });
    tab.forget();
    await tab.flush();
    expect(Object.keys(((await inner.get(KEY)) as Stored)!.state.items)).toEqual(['fresh']);
    tab.update((s) => recordSeen(s, 'next', 1, 10));
    await tab.flush();
    expect(Object.keys(((await inner.get(KEY)) as Stored)!.state.items).sort()).toEqual(['fresh', 'next']);
  });
});
