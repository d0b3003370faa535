/**
 * A compiled manifest skips the validator, so the stamp must not be a way around its safety
 * rules: a forged stamp with unsafe URLs or malformed texts still cannot run script, and a
 * broken item never throws into the host page.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../../src/index';
import { stampManifest } from '../../src/manifest/compiled';
import type { Manifest } from '../../src/manifest/schema';
import { SDK_VERSION } from '../../src/version';

// Stamped with a matching hash: the stamp itself is easy to forge, so it must not matter for safety.
const stamped = (items: unknown[]) => stampManifest({ schemaVersion: 1, revision: 'forged', items } as unknown as Manifest, SDK_VERSION);

async function start(items: unknown[]) {
  document.body.innerHTML = '<button id="save">Save</button><h2 id="docs">Docs</h2>';
  const errors: GuidepostError[] = [];
  const gp = createGuidepost({ manifest: stamped(items), locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
  await gp.start();
  return { gp, errors };
}

const layer = () => document.querySelector('guidepost-root')?.shadowRoot;

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('a forged compiled manifest', () => {
  it('never renders a javascript: help link or image', async () => {
    const { gp } = await start([
      { id: 'docs-help', type: 'helpLink', target: '#docs', url: 'javascript:alert(1)', title: 'Docs', body: 'Read them.' },
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.', image: { src: 'javascript:alert(2)', alt: 'x' } },
    ]);
    const help = document.querySelector('guidepost-help')!.shadowRoot!;
    expect(help.querySelector('[data-part=help-link]')).not.toBeNull();
    expect(help.querySelector('a[href]')).toBeNull();
    expect(layer()!.querySelector('[data-part=tooltip][data-item=tip]')).not.toBeNull();
    expect(layer()!.querySelector('img')).toBeNull();
    gp.destroy();
  });

  it('does not follow an unsafe button or task URL, and reports it when loaded and when clicked', async () => {
    const open = vi.spyOn(window, 'open').mockImplementation(() => null);
    const { gp, errors } = await start([
      { id: 'tip', type: 'tooltip', target: '#save', body: 'Saves.', buttons: [{ label: 'Go', action: 'url', url: 'javascript:alert(1)' }] },
      { id: 'list', type: 'checklist', title: 'Start', tasks: [{ id: 'a', label: 'Open', url: 'javascript:alert(2)' }] },
    ]);
    (layer()!.querySelector('[data-item=tip] [data-action=url]') as HTMLButtonElement).click();
    expect(open).not.toHaveBeenCalled();
    (layer()!.querySelector('[data-task=a] [data-part=task-button]') as HTMLButtonElement).click();
    expect(window.location.href).not.toContain('javascript');
    expect(errors.map((e) => e.message)).toEqual([
      'item "tip" at items[0].buttons[0].url: URL "javascript:alert(1)" is not allowed: use an http(s), mailto or relative URL; it is left out',
      'item "list" at items[1].tasks[0].url: URL "javascript:alert(2)" is not allowed: use an http(s), mailto or relative URL; it is left out',
      'item "tip": the URL "javascript:alert(1)" is not allowed (use an http(s), mailto or relative URL); not followed',
      'item "list": the URL "javascript:alert(2)" is not allowed (use an http(s), mailto or relative URL); not followed',
    ]);
    gp.destroy();
  });

  it('a help link whose URL is not a string is shown without a link, next to a healthy tooltip', async () => {
    const { gp, errors } = await start([
      { id: 'docs-help', type: 'helpLink', target: '#docs', url: 42, title: 'Docs', body: 'Read them.' },
      { id: 'fine', type: 'tooltip', target: '#save', body: 'Saves.' },
    ]);
    expect(layer()!.querySelector('[data-part=tooltip][data-item=fine]')).not.toBeNull();
    expect(document.querySelector('guidepost-help')!.shadowRoot!.querySelector('a[href]')).toBeNull();
    expect(errors).toEqual([]);
    gp.destroy();
  });

  it('a compiled file edited by hand afterwards is validated again: the broken item is named and left out', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const errors: GuidepostError[] = [];
    const built = stamped([{ id: 'fine', type: 'tooltip', target: '#save', body: 'Saves.' }]);
    const edited = { ...built, items: [...built.items, { id: 'typo', type: 'tooltip', target: '#save', body: 'x', placement: 'up' }] };
    const gp = createGuidepost({ manifest: edited, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e) });
    await gp.start();
    expect(layer()!.querySelector('[data-part=tooltip][data-item=fine]')).not.toBeNull();
    expect(errors.map((e) => e.problem?.path)).toEqual(['items[1].placement']);
    gp.destroy();
  });
});
