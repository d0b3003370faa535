/**
 * Server-side rendering safety: importing the built SDK and engine in Node, and creating
 * an instance, must not touch window or document.
 */
import { describe, expect, it } from 'vitest';

describe('importing in Node (SSR)', () => {
  it('imports the ESM builds and creates an instance without a DOM', async () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const sdk = await import(String(new URL('../dist/guidepost.js', import.meta.url)));
    const engine = await import(String(new URL('../dist/engine.js', import.meta.url)));
    expect(typeof sdk.createGuidepost).toBe('function');
    expect(typeof engine.decide).toBe('function');
    const errors: string[] = [];
    const gp = sdk.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, onError: (e: Error) => errors.push(e.message) });
    await gp.start();
    expect(errors).toEqual(['start() needs a browser document; on the server, use guidepost/engine']);
    gp.destroy();
  });

  it('the engine decides on the server with the same result as in the browser', async () => {
    const { decide, validateManifest, emptyProgress } = await import(String(new URL('../dist/engine.js', import.meta.url)));
    const { manifest } = validateManifest({ schemaVersion: 1, revision: 'r', items: [{ id: 'b', type: 'banner', body: 'Hi', when: { 'account.plan': 'trial' } }] });
    const trial = decide({ manifest, progress: emptyProgress(), attributes: { account: { plan: 'trial' } }, now: 0 });
    const paid = decide({ manifest, progress: emptyProgress(), attributes: { account: { plan: 'paid' } }, now: 0 });
    expect(trial.show.map((i: { id: string }) => i.id)).toEqual(['b']);
    expect(paid.verdicts[0].reason).toEqual({ code: 'condition', path: 'account.plan', actual: 'paid', expected: 'trial' });
  });
});
