/**
 * Public calls run inside the host's own handlers: when something inside Guidepost fails, the
 * call reports it through onError and returns; nothing is thrown into the host.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../src/index';

// A failure deep inside track() (checklist bookkeeping), switched on per test.
const failure = vi.hoisted(() => ({ on: false }));
vi.mock('../src/controller/checklists', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/controller/checklists')>();
  return {
    ...actual,
    checklistDone: (...args: Parameters<typeof actual.checklistDone>) => {
      if (failure.on) throw new Error('checklist bookkeeping broke');
      return actual.checklistDone(...args);
    },
  };
});

afterEach(() => {
  failure.on = false;
  document.body.innerHTML = '';
});

describe('public calls never throw into the host', () => {
  it('track(), explain() and reset() report an internal failure instead of throwing', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const errors: GuidepostError[] = [];
    const gp = createGuidepost({
      manifest: { schemaVersion: 1, revision: 'r', items: [{ id: 'start', type: 'checklist', title: 'Start', tasks: [{ id: 'a', title: 'Save', completeOn: 'saved' }] }] },
      locale: 'en',
      storage: memoryStorage(),
      onError: (e) => errors.push(e),
    });
    await gp.start();
    failure.on = true;
    expect(() => gp.track('saved')).not.toThrow();
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toContain('internal: track() failed: checklist bookkeeping broke');
    failure.on = false;
    expect(Array.isArray(gp.explain())).toBe(true);
    await expect(gp.reset()).resolves.toBeUndefined();
    gp.destroy();
  });
});

describe('ids given before start() read the manifest', () => {
  it('startTour(), closeTour() and preview() of ids the manifest lacks are reported once it is read', async () => {
    const errors: GuidepostError[] = [];
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'welcome', type: 'tour', trigger: 'manual', steps: [{ title: 'Hi', body: 'x' }] }, { id: 'tip', type: 'banner', body: 'b' }] };
    const gp = createGuidepost({ manifest, storage: memoryStorage(), locale: 'en', onError: (e) => errors.push(e) });
    const starting = gp.start();
    gp.startTour('welcom');
    gp.closeTour('tip');
    gp.preview('tp');
    await starting;
    expect(errors.map((e) => e.message)).toEqual([
      'startTour("welcom"): the manifest has no tour with that id',
      'closeTour("tip"): the manifest has no tour with that id',
      'preview("tp"): the manifest has no item with that id',
    ]);
    gp.destroy();
  });
});

describe('on() before start()', () => {
  it('its disposer, called once start() has subscribed it, ends the subscription', async () => {
    const manifest = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'banner', body: 'b' }] };
    const gp = createGuidepost({ manifest, storage: memoryStorage(), locale: 'en' });
    const early: string[] = [];
    const kept: string[] = [];
    const off = gp.on('*', (e) => early.push(e.type));
    gp.on('goal', (e) => kept.push(e.type));
    await gp.start();
    gp.track('first');
    await expect.poll(() => kept.length).toBe(1);
    expect(early).toContain('goal');
    off();
    const heard = early.length;
    gp.track('second');
    await expect.poll(() => kept.length).toBe(2);
    expect(early.length).toBe(heard);
    gp.destroy();
  });
});
