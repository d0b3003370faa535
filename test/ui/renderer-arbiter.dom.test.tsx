/**
 * The layout arbiter's stage rule in the rendered DOM (happy-dom, no layout): while a tour step is
 * on screen, tooltips and hotspots are not rendered, the checklist shows only its launcher in an
 * inert dock, and an open help-link popover waits; all come back after. The open checklist shows
 * its count next to its progress bar, and a preview's badge is in the dock, saying why an item
 * that cannot show is missing.
 */
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import { createRenderer } from '../../src/ui/renderer';
import type { Surface } from '../../src/ui/surface';
import type { SurfaceCallbacks } from '../../src/ui/Layer';

const callbacks = (): SurfaceCallbacks => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});

const tip = { id: 'tip', type: 'tooltip', target: '#a', title: 'Tip', body: 'Text.' } as Item;
const spot = { id: 'spot', type: 'hotspot', target: '#a', title: 'Spot', body: 'Text.' } as Item;
const help = { id: 'help', type: 'helpLink', target: '#h', title: 'Help', body: 'Text.' } as Item;
const list = { id: 'list', type: 'checklist', title: 'Get started', tasks: [{ id: 'x', title: 'X', completeOn: 'x' }, { id: 'y', title: 'Y', completeOn: 'y' }] } as unknown as Item;
const tour = { id: 'tour', type: 'tour', steps: [{ target: '#a', title: 'Step', body: 'Text.' }, { title: 'End', body: 'Text.' }] } as unknown as Item;

function setup() {
  document.body.innerHTML = '<h2 id="h">Heading</h2><button id="a">A</button>';
  const renderer = createRenderer(document, { locale: 'en', callbacks: callbacks(), contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) });
  const a = document.getElementById('a')!;
  const base: Surface[] = [
    { item: tip, reference: a },
    { item: spot, reference: a },
    { item: help, reference: document.getElementById('h')! },
    { item: list, checklist: { done: new Set(['x']), expanded: true } },
  ];
  const staged: Surface[] = [...base, { item: tour, reference: a, tour: { step: 0, total: 2, allowClicksThrough: false, feedback: false } }];
  return { renderer, base, staged };
}

const layer = () => document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!;
const helpRoot = () => document.querySelector('[data-guidepost-host=inline]')!.shadowRoot!;
const parts = (root: ShadowRoot) => [...root.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part'));

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the stage', () => {
  it('a tour step on screen: tips and beacons wait, the checklist folds into an inert dock, an open help popover waits', () => {
    const { renderer, base, staged } = setup();
    renderer.render(base);
    act(() => (helpRoot().querySelector('[data-part=help-link]') as HTMLButtonElement).click());
    expect(helpRoot().querySelector('[data-part=popover]')).not.toBeNull();
    expect(parts(layer())).toEqual(expect.arrayContaining(['tooltip', 'hotspot', 'checklist-panel']));

    renderer.render(staged);
    expect(parts(layer())).toEqual(expect.arrayContaining(['tour-step', 'overlay', 'checklist-launcher']));
    expect(parts(layer())).not.toEqual(expect.arrayContaining(['tooltip']));
    expect(layer().querySelector('[data-part=hotspot],[data-part=checklist-panel]')).toBeNull();
    expect(layer().querySelector('[data-part=dock]')!.hasAttribute('inert')).toBe(true);
    expect(layer().querySelector('[data-part=checklist-launcher]')!.getAttribute('aria-expanded')).toBe('false');
    expect(helpRoot().querySelector('[data-part=popover]')).toBeNull();

    // The tour ends: everything is back, the help popover still open.
    renderer.render(base);
    expect(parts(layer())).toEqual(expect.arrayContaining(['tooltip', 'hotspot', 'checklist-panel']));
    expect(layer().querySelector('[data-part=dock]')!.hasAttribute('inert')).toBe(false);
    expect(helpRoot().querySelector('[data-part=popover]')).not.toBeNull();
    renderer.destroy();
  });
});

describe('checklist', () => {
  it('shows "n of N" next to the progress bar in the open panel, and in the folded launcher', () => {
    const { renderer, base } = setup();
    renderer.render(base);
    const progress = layer().querySelector('[data-part=checklist-panel] [data-part=progress]')!;
    expect(progress.querySelector('[data-part=progress-bar]')!.getAttribute('aria-valuetext')).toBe('1 of 2');
    expect(progress.querySelector('[data-part=progress-text]')!.textContent).toBe('1 of 2');
    renderer.render([{ item: list, checklist: { done: new Set(['x']), expanded: false } }]);
    expect(layer().querySelector('[data-part=checklist-launcher]')!.textContent).toBe('Get started · 1 of 2');
    renderer.destroy();
  });
});

describe('preview badge', () => {
  it('sits in the dock and says why a previewed item is not on screen', () => {
    const { renderer } = setup();
    renderer.render([{ item: tip, preview: true, notShown: 'its target "#gone" is not on this page' }]);
    const badge = layer().querySelector('[data-part=dock] > [data-part=preview-badge]')!;
    expect(badge.textContent).toBe('Preview: tip — no progress or events are recorded. tip is not shown: its target "#gone" is not on this page');
    expect(layer().querySelector('[data-part=tooltip]')).toBeNull();
    renderer.destroy();
  });
});
