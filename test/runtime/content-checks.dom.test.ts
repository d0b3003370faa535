/**
 * A compiled manifest's content checks, run once where its content may first show
 * (src/runtime/content-checks.ts): with the decision chunk, or with the UI when only the debug
 * panel draws; a hazardous theme value never reaches the page either way.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../../src/index';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { runContentChecks } from '../../src/runtime/content-checks';
import type { Runtime } from '../../src/runtime/runtime';
import { SDK_VERSION } from '../../src/version';

const forged = (m: Record<string, unknown>) => JSON.parse(JSON.stringify(stampManifest(m as unknown as Manifest, SDK_VERSION))) as Manifest;
const theme = { accent: 'url(https://evil.example/pixel.png)', radius: '4px' };
const elsewhere = { id: 'reports-tip', type: 'tooltip', target: '#title', when: { 'page.path': '/reports' }, body: 'Your numbers.' };

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('the debug panel on a page where nothing can show', () => {
  it('draws with the checked theme: the hazardous value is reported once and never applied', async () => {
    history.replaceState({}, '', '/dashboard?guidepost_debug=1');
    const errors: GuidepostError[] = [];
    const manifest = forged({ schemaVersion: 1, revision: 'r', settings: { theme }, items: [elsewhere] });
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
    await gp.start();
    const host = () => document.querySelector<HTMLElement>('guidepost-root');
    await vi.waitFor(() => expect(host()?.shadowRoot?.querySelector('[data-part=debug-panel]')).toBeTruthy(), { timeout: 5000 });
    expect(host()!.style.getPropertyValue('--gp-accent')).toBe('');
    expect(host()!.style.getPropertyValue('--gp-radius')).toBe('4px');
    expect(errors.map((e) => [e.code, e.problem?.code, e.problem?.path])).toEqual([['manifest', 'unsafe-theme-value', 'settings.theme.accent']]);
    // The page view changes and the panel draws again: nothing is reported twice.
    history.pushState({}, '', '/dashboard?tab=2&guidepost_debug=1');
    gp.track('looked');
    expect(errors).toHaveLength(1);
    gp.destroy();
  });
});

describe('runContentChecks', () => {
  const runtime = (manifest: Manifest) => {
    const reported: Error[] = [];
    const rt = { manifest, pendingChecks: {}, effective: { manifest }, report: (e: Error) => reported.push(e) } as unknown as Runtime;
    return { rt, reported };
  };

  it('runs once: a second call finds nothing pending', () => {
    const { rt, reported } = runtime(forged({ schemaVersion: 1, revision: 'r', settings: { theme }, items: [elsewhere] }));
    runContentChecks(rt);
    runContentChecks(rt);
    expect(reported).toHaveLength(1);
    expect(rt.pendingChecks).toBeUndefined();
    expect(rt.manifest?.settings?.theme).toEqual({ radius: '4px' });
    // Rebuilt from the checked manifest when next asked for.
    expect(rt.effective).toBeUndefined();
  });

  it('keeps the manifest and what was prepared from it when nothing is wrong', () => {
    const manifest = forged({ schemaVersion: 1, revision: 'r', settings: { theme: { radius: '4px' } }, items: [elsewhere] });
    const { rt, reported } = runtime(manifest);
    const effective = rt.effective;
    runContentChecks(rt);
    expect(reported).toEqual([]);
    expect(rt.manifest).toBe(manifest);
    expect(rt.effective).toBe(effective);
  });

  it('quiet (a manifest the validator checked on an earlier page view): takes the hazard out, reports nothing', () => {
    const { rt, reported } = runtime(forged({ schemaVersion: 1, revision: 'r', settings: { theme }, items: [elsewhere] }));
    rt.pendingChecks = { quiet: true };
    runContentChecks(rt);
    expect(reported).toEqual([]);
    expect(rt.manifest?.settings?.theme).toEqual({ radius: '4px' });
    expect(rt.pendingChecks).toBeUndefined();
  });

  it('does nothing for a manifest the validator accepted (no checks pending)', () => {
    const manifest = forged({ schemaVersion: 1, revision: 'r', settings: { theme }, items: [elsewhere] });
    const { rt, reported } = runtime(manifest);
    rt.pendingChecks = undefined;
    runContentChecks(rt);
    expect(reported).toEqual([]);
    expect(rt.manifest).toBe(manifest);
  });
});
