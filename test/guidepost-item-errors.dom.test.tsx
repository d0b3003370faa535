/**
 * An item that fails to render (a bug, or content the runtime cannot handle) is left out and
 * reported once; the rest of the page's help still shows, explain() says why, and later
 * decisions neither retry it nor count it against pacing again.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError } from '../src/index';

// The banner component fails for one item id only.
vi.mock('../src/ui/Banner', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/ui/Banner')>();
  return {
    ...actual,
    Banner: (props: Parameters<typeof actual.Banner>[0]) => {
      if (props.itemId === 'broken') throw new Error('banner exploded');
      return actual.Banner(props);
    },
  };
});

// The tour step fails for one tour only.
vi.mock('../src/ui/TourStep', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/ui/TourStep')>();
  return {
    ...actual,
    TourStepView: (props: Parameters<typeof actual.TourStepView>[0]) => {
      if (props.itemId === 'bad-tour') throw new Error('step exploded');
      return actual.TourStepView(props);
    },
  };
});

afterEach(() => {
  document.body.innerHTML = '';
});

describe('an item that cannot be rendered', () => {
  it('is left out and reported once; the others show; explain() names the error', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const errors: GuidepostError[] = [];
    const gp = createGuidepost({
      manifest: {
        schemaVersion: 1,
        revision: 'r',
        items: [
          { id: 'broken', type: 'banner', body: 'Broken', priority: 10 },
          { id: 'fine', type: 'tooltip', target: '#save', body: 'Saves.' },
        ],
      },
      locale: 'en',
      storage: memoryStorage(),
      onError: (e) => errors.push(e),
    });
    await gp.start();
    const layer = document.querySelector('guidepost-root')!.shadowRoot!;
    expect(layer.querySelector('[data-part=tooltip][data-item=fine]')).not.toBeNull();
    expect(layer.querySelector('[data-item=broken]')).toBeNull();
    for (let i = 0; i < 3; i++) gp.track(`activity-${i}`);
    expect(errors.map((e) => `${e.code}: ${e.message}`)).toEqual(['manifest: item "broken" cannot be shown: banner exploded']);
    expect(gp.explain('broken')).toMatchObject({ shown: false, reason: { code: 'cannot-render', error: 'banner exploded' } });
    expect(gp.explain('fine')?.shown).toBe(true);
    gp.destroy();
  });

  it('a tour whose step cannot render ends without a dismissal and frees the way for another tour', async () => {
    document.body.innerHTML = '<button id="save">Save</button>';
    const errors: GuidepostError[] = [];
    const events: string[] = [];
    const tour = (id: string) => ({ id, type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: 'Save', body: 'Saves.' }] });
    const gp = createGuidepost({
      manifest: { schemaVersion: 1, revision: 'r', items: [tour('bad-tour'), tour('good-tour')] },
      locale: 'en',
      storage: memoryStorage(),
      onError: (e) => errors.push(e),
      onEvent: (e) => events.push(`${e.type}:${e.item_id ?? ''}`),
    });
    await gp.start();
    gp.startTour('bad-tour');
    await vi.waitFor(() => expect(errors.map((e) => e.message)).toEqual(['item "bad-tour" cannot be shown: step exploded']));
    await vi.waitFor(() => expect(gp.explain('bad-tour')).toMatchObject({ shown: false, reason: { code: 'cannot-render' } }));
    expect(events).not.toContain('dismissed:bad-tour');
    gp.startTour('good-tour');
    const layer = document.querySelector('guidepost-root')!.shadowRoot!;
    await vi.waitFor(() => expect(layer.querySelector('[data-part=tour-step][data-item=good-tour]')).not.toBeNull());
    gp.destroy();
  });
});
