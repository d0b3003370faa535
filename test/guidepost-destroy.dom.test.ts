/**
 * destroy() (src/guidepost.ts) runs every step of its teardown even when one fails: a host
 * transport that throws as the last events leave is reported, never thrown into the host, and
 * the rest (layer, listeners, storage) still goes.
 */
import { afterEach, expect, it } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../src/index';

afterEach(() => {
  document.body.innerHTML = '';
});

it("destroy() never throws into the host when the host's transport throws as the last events leave, and still takes everything down", async () => {
  const errors: GuidepostError[] = [];
  const storage = memoryStorage();
  let closed = 0;
  const gp = createGuidepost({
    manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'banner', body: 'Hi' }] },
    storage: { ...storage, close: () => void closed++ },
    locale: 'en',
    transport: { send: () => { throw new Error('transport is offline'); } },
    onError: (e) => errors.push(e),
  });
  await gp.start();
  expect(document.querySelector('guidepost-root')).not.toBeNull();
  // Emitted while the delivery code is still loading: destroy()'s beacon hands it to the transport directly.
  gp.track('saved');
  expect(() => gp.destroy()).not.toThrow();
  expect(document.querySelector('guidepost-root')).toBeNull();
  expect(closed).toBe(1);
});
