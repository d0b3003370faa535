/**
 * A preview never shows a silent nothing: while a previewed item waits for its target the badge
 * says so, when the target never comes it says why, and when the target comes the item shows.
 * Nothing of a preview is recorded.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage } from '../../src/index';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  items: [{ id: 'bell-tip', type: 'tooltip', target: '#bell', when: { 'page.path': '/never' }, title: 'Notifications', body: 'New replies show here.' }],
};

const root = () => document.querySelector('guidepost-root')?.shadowRoot ?? null;
const badge = () => root()?.querySelector('[data-part=preview-badge]')?.textContent ?? '';
const tooltip = () => root()?.querySelector('[data-part=tooltip][data-item=bell-tip]') ?? null;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('preview of an item whose target is not on the page', () => {
  it('says that the target is not on this page, and records nothing', async () => {
    const events: unknown[] = [];
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 100, onEvent: (e) => events.push(e) });
    await gp.start();
    gp.preview('bell-tip');
    await vi.waitFor(() => expect(badge()).toContain('bell-tip is not shown: its target #bell is not on this page'));
    expect(tooltip()).toBeNull();
    expect(events).toEqual([]);
    gp.destroy();
  });

  it('says it waits for the target, and shows the item once the target is there', async () => {
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 10_000 });
    await gp.start();
    gp.preview('bell-tip');
    await vi.waitFor(() => expect(badge()).toContain('waiting for its target #bell'));
    const bell = document.body.appendChild(document.createElement('button'));
    bell.id = 'bell';
    bell.textContent = 'Bell';
    await vi.waitFor(() => expect(tooltip()).not.toBeNull());
    expect(badge()).not.toContain('is not shown');
    gp.destroy();
  });

  it('waits again on the next page, where the app renders the target after the route changes', async () => {
    history.replaceState({}, '', '/');
    const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), targetTimeoutMs: 10_000 });
    await gp.start();
    gp.preview('bell-tip');
    await vi.waitFor(() => expect(badge()).toContain('waiting for its target #bell'));
    history.pushState({}, '', '/settings');
    // The new page is decided (an event decides at once) before the app renders its screen.
    gp.track('settings_opened');
    await vi.waitFor(() => expect(gp.explain('bell-tip')?.reason.code).toBeDefined());
    const bell = document.body.appendChild(document.createElement('button'));
    bell.id = 'bell';
    bell.textContent = 'Bell';
    await vi.waitFor(() => expect(tooltip()).not.toBeNull());
    gp.destroy();
    history.replaceState({}, '', '/');
  });
});
