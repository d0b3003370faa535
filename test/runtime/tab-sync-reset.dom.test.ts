/**
 * reset() in one tab is not undone by another (src/runtime/tab-sync.ts `reset`, progress-store.ts
 * forget): a dismissal the other tab was writing when the reset deleted the record lands after
 * the delete, and is deleted again once that tab hears of the reset; the identity the reset made
 * is stored again by the tabs that take it over. Two instances on one page sharing a storage
 * stand for two tabs (Node's BroadcastChannel between them).
 */
import { afterEach, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type Guidepost, type KeyValueStorage } from '../../src/index';

const live: Guidepost[] = [];
afterEach(() => {
  live.splice(0).forEach((gp) => gp.destroy());
  document.body.innerHTML = '';
});

const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'note', type: 'banner', body: 'Read me' }] };
const layers = () => [...document.querySelectorAll('guidepost-root')].map((root) => root.shadowRoot!);

/** Memory storage that holds the first write of `key` with `item` dismissed once armed, until released. */
function holdingStorage() {
  const inner = memoryStorage();
  let armed: string | undefined;
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = false;
  let landed = false;
  const storage: KeyValueStorage = {
    ...inner,
    kind: 'holding',
    set: async (key, value) => {
      const items = (value as { state?: { items?: Record<string, { status: string }> } }).state?.items;
      if (key === armed && items?.note?.status === 'dismissed') {
        armed = undefined;
        holding = true;
        await held;
        await inner.set(key, value);
        return void (landed = true);
      }
      return inner.set(key, value);
    },
  };
  return { inner, storage, arm: (key: string) => (armed = key), release, isHolding: () => holding, hasLanded: () => landed };
}

async function tab(storage: KeyValueStorage) {
  const gp = createGuidepost({ manifest, storage, locale: 'en' });
  live.push(gp);
  await gp.start();
  return gp;
}

it("a dismissal another tab was writing when reset() deleted the record does not come back", async () => {
  const { inner, storage, arm, release, isHolding, hasLanded } = holdingStorage();
  const a = await tab(storage);
  const b = await tab(storage);
  const { anonymousId } = (await inner.get<{ anonymousId: string }>('identity'))!;
  const key = `progress:${anonymousId}`;
  await vi.waitFor(() => expect(layers()[1]?.querySelector('[data-item=note] [data-part=close]')).not.toBeNull(), { timeout: 10_000 });
  arm(key);
  layers()[1].querySelector<HTMLButtonElement>('[data-item=note] [data-part=close]')!.click();
  await vi.waitFor(() => expect(isHolding()).toBe(true));
  await a.reset();
  expect(await inner.get(key)).toBeUndefined();
  // B's write lands now, after the reset's delete.
  release();
  await vi.waitFor(() => expect(hasLanded()).toBe(true));
  await vi.waitFor(async () => expect(await inner.get(key)).toBeUndefined(), { timeout: 5000 });
  // Both tabs are the new device, which is what storage keeps.
  const stored = (await inner.get<{ anonymousId: string }>('identity'))?.anonymousId;
  expect(stored).not.toBe(anonymousId);
  await vi.waitFor(() => expect(b.explain('note')?.shown).toBe(true));
});
