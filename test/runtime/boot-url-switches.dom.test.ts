/**
 * The URL switches (?guidepost_preview=, ?guidepost_force=, …) are the page's when the instance
 * is created: an app that changes the URL before start() has finished (a router's redirect, a
 * quick click on a link) does not lose them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage } from '../../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  experiments: [{ key: 'help-holdout', variations: [{ key: 'holdout', enabled: false }, { key: 'help' }], scope: { types: ['tooltip'] } }],
  items: [{ id: 'bell-tip', type: 'tooltip', target: '#bell', when: { 'page.path': '/never' }, title: 'Notifications', body: 'New replies show here.' }],
};

afterEach(() => {
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

describe('URL switches', () => {
  it('are read when the instance is created, not when start() finishes', async () => {
    history.replaceState({}, '', '/?guidepost_preview=bell-tip&guidepost_force=help-holdout:holdout');
    document.body.innerHTML = '<button id="bell">Bell</button>';
    const events: { type: string; variation?: string | null; forced?: boolean }[] = [];
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), user: { id: 'u1' }, onEvent: (e) => events.push(e) });
    // The app's router moves on before Guidepost has started.
    history.pushState({}, '', '/settings');
    await gp.start();
    const root = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
    await vi.waitFor(() => expect(root()?.querySelector('[data-part=preview] [data-part=tooltip][data-item=bell-tip]')).not.toBeNull());
    expect(root()?.querySelector('[data-part=preview-badge]')?.textContent).toContain('bell-tip');
    // The forced arm holds too.
    await vi.waitFor(() => expect(events.find((e) => e.type === 'assignment')).toMatchObject({ variation: 'holdout', forced: true }));
    gp.destroy();
  });
});
