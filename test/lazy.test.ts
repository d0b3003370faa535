/**
 * lazyModule (src/lazy.ts): one request at a time, a failure reported once and not retried until
 * allowRetry(), and a module that loaded but cannot be used (reject) treated as a failed load.
 */
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../src/lazy';

describe('lazyModule', () => {
  it('loads once, however many ask at the same time', async () => {
    let imports = 0;
    const lazy = lazyModule(async () => ({ n: ++imports }), () => undefined);
    const [a, b] = await Promise.all([lazy.load(), lazy.load()]);
    expect(a).toBe(b);
    expect(imports).toBe(1);
    expect(lazy.value).toEqual({ n: 1 });
  });

  it('reports a failure once and does not ask again until allowRetry()', async () => {
    const errors: string[] = [];
    let attempts = 0;
    const lazy = lazyModule(async () => {
      attempts++;
      if (attempts === 1) throw new Error('offline');
      return { ok: true };
    }, (error) => errors.push(error.message));
    expect(await lazy.load()).toBeUndefined();
    expect(await lazy.load()).toBeUndefined();
    expect(lazy.failed).toBe(true);
    expect(errors).toEqual(['offline']);
    expect(attempts).toBe(1);
    lazy.allowRetry();
    expect(await lazy.load()).toEqual({ ok: true });
    expect(lazy.failed).toBe(false);
  });

  it('reject(): a loaded module that cannot be used counts as a failed load until allowRetry()', async () => {
    const errors: string[] = [];
    const lazy = lazyModule(async () => ({ ok: true }), (error) => errors.push(error.message));
    await lazy.load();
    lazy.reject(new Error('cannot open'));
    expect(lazy.value).toBeUndefined();
    expect(lazy.failed).toBe(true);
    expect(await lazy.load()).toBeUndefined();
    expect(errors).toEqual(['cannot open']);
    lazy.allowRetry();
    expect(await lazy.load()).toEqual({ ok: true });
  });
});
