/**
 * Authoring mode's switch (src/runtime/authoring/enable.ts) around the panel's load: events are
 * muted while the panel is asked for, and flow again when it is closed before it arrived (no
 * draft was ever shown), so nothing is lost for analytics or experiments.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostEvent } from '../../../src/index';

// The panel asks the page's server whether it can save (src/authoring/save-endpoint.ts): none here.
beforeEach(() => {
  vi.stubGlobal('fetch', async () => new Response('not found', { status: 404 }));
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('authoring mode closed before its panel arrived', () => {
  it('leaves events flowing, and opening it again later still works', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const events: GuidepostEvent[] = [];
    const gp = createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] }, storage: memoryStorage(), locale: 'en', onEvent: (event) => events.push(event) });
    await gp.start();
    gp.author(true);
    gp.author(false); // the panel's chunk has not arrived yet
    gp.track('after-cancel');
    expect(events.filter((event) => event.type === 'goal').map((event) => event.name)).toEqual(['after-cancel']);
    // Opened again, the panel mounts (the first load's arrival did not), and closing it lets
    // events flow once the page's own manifest is back.
    const panel = () => document.querySelector('[data-guidepost-host=author]')?.shadowRoot?.querySelector('[data-author=panel]') ?? null;
    gp.author(true);
    await vi.waitFor(() => expect(panel()).not.toBeNull());
    expect(document.querySelectorAll('[data-guidepost-host=author]')).toHaveLength(1);
    gp.author(false);
    await vi.waitFor(() => {
      gp.track('after-close');
      expect(events.filter((event) => event.type === 'goal').map((event) => event.name)).toContain('after-close');
    });
    gp.destroy();
  });
});
