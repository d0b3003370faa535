/**
 * src/ui/Layer.tsx on its own: which surfaces it draws and where (floating ones first; bottom
 * banners and checklists in the dock, checklists above banners; a preview's badge in the dock),
 * what steps aside while a tour step holds the stage (tips and beacons leave, the dock goes
 * inert), what it leaves to the widgets' chunk (banners, checklists, hotspots, help links), that a
 * surface which throws is left out and reported while the others show (a tour gets another try
 * at its next step), the callbacks each surface reports with their item and origin (Esc once),
 * the words each surface speaks, and that unmounting leaves no node and no document listener.
 * One live region, always first: a tooltip appearing is said through it; Esc from the page closes
 * a tooltip, except while a tour step holds the stage (then Esc is the tour's).
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi, type Mock } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import { resolveContent, type ContentContext } from '../../src/ui/content';
import { isWidget, Layer, type LayerProps, type SurfaceCallbacks, type ViewSurface, type Widgets } from '../../src/ui/Layer';
import { strings as german } from '../../src/ui/locales/de';
import { uiStrings } from '../../src/ui/strings';
import * as widgets from '../../src/ui/widgets';

const context: ContentContext = { locale: 'en', defaultLocale: 'en', lookup: () => undefined };
const english = uiStrings('en');

type Spied = { [K in keyof SurfaceCallbacks]: Mock<SurfaceCallbacks[K]> };
const callbacks = (): Spied => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});

const item = (fields: Record<string, unknown>) => fields as unknown as Item;
const tip = item({ id: 'tip', type: 'tooltip', target: '#a', title: 'Tip', body: 'Text.', buttons: [{ label: 'Got it', action: 'dismiss' }] });
const spot = item({ id: 'spot', type: 'hotspot', target: '#a', title: 'Spot', body: 'Text.' });
const topBanner = item({ id: 'news', type: 'banner', title: 'News', body: 'Text.' });
const bottomBanner = item({ id: 'promo', type: 'banner', slot: 'bottom', body: 'Promo.' });
const list = item({ id: 'list', type: 'checklist', title: 'Get started', tasks: [{ id: 'x', title: 'X', completeOn: 'x' }] });
const tour = item({ id: 'tour', type: 'tour', steps: [{ target: '#a', title: 'One', body: 'First.' }, { title: 'Two', body: 'Second.' }] });

let target: HTMLElement;
const reference = () => (target ??= Object.assign(document.body.appendChild(document.createElement('button')), { id: 'a', textContent: 'A' }));

/** A surface with its texts resolved, as the renderer hands it over. */
function surface(it: Item, extra: Partial<ViewSurface> = {}): ViewSurface {
  const base: ViewSurface = { item: it, content: resolveContent(it, context), ...extra };
  if (it.type === 'tooltip' || it.type === 'hotspot') base.reference ??= reference();
  if (it.type === 'checklist') base.checklist ??= { done: new Set(), expanded: true };
  return base;
}
function tourAt(step: number, extra: { feedback?: boolean } = {}): ViewSurface {
  const steps = (tour as unknown as { steps: Item[] }).steps;
  return {
    item: tour,
    reference: step === 0 ? reference() : undefined,
    content: resolveContent(tour, context),
    tour: { step, total: 2, allowClicksThrough: false, feedback: extra.feedback ?? false, content: resolveContent(steps[step], context) },
  };
}

function show(surfaces: ViewSurface[], props: Partial<LayerProps> = {}) {
  const cb = callbacks();
  const onItemError = vi.fn();
  const all: LayerProps = { surfaces, strings: english, callbacks: cb, context, widgets, onItemError, ...props };
  const view = render(<Layer {...all} />);
  const q = <E extends Element = HTMLElement>(selector: string) => view.container.querySelector<E & HTMLElement>(selector);
  const parts = () => [...view.container.querySelectorAll('[data-part][data-item]')].map((el) => `${el.getAttribute('data-part')}:${el.getAttribute('data-item')}`);
  const rerender = (next: ViewSurface[], more: Partial<LayerProps> = {}) => view.rerender(<Layer {...all} surfaces={next} {...more} />);
  return { ...view, cb, onItemError, q, parts, rerender };
}

/** A layer that draws nothing: its live region alone, empty (announcer.tsx). */
const EMPTY = '<div data-part="announcer" role="status" aria-live="polite"></div>';

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
  target = undefined as unknown as HTMLElement;
});

describe('isWidget', () => {
  it('is true for the surfaces the widgets chunk draws, false for tours, tooltips and junk types', () => {
    const types = ['banner', 'checklist', 'hotspot', 'helpLink', 'tour', 'tooltip', 'constructor', '__proto__', ''];
    expect(types.map((type) => isWidget(item({ id: 'x', type })))).toEqual([true, true, true, true, false, false, false, false, false]);
  });
});

describe('where surfaces go', () => {
  it('floating surfaces first; bottom banners and checklists in the dock, checklists above banners', () => {
    const s = show([surface(bottomBanner), surface(tip), surface(list), surface(topBanner)]);
    const dock = s.q('[data-part=dock]')!;
    expect([...dock.children].map((el) => el.getAttribute('data-item'))).toEqual(['list', 'promo']);
    const outside = [...s.container.children].filter((el) => el !== dock).map((el) => el.getAttribute('data-item') ?? el.getAttribute('data-part'));
    // The live region comes first, always (announcer.tsx).
    expect(outside).toEqual(['announcer', 'tip', 'news']);
    expect(dock.hasAttribute('inert')).toBe(false);
  });

  it('there is no dock when nothing belongs in it', () => {
    const s = show([surface(tip), surface(topBanner)]);
    expect(s.q('[data-part=dock]')).toBeNull();
    expect(s.parts()).toEqual(['tooltip:tip', 'banner:news']);
  });

  it('every surface carries data-part, data-item and data-state', () => {
    const s = show([surface(tip), surface(spot), surface(topBanner), surface(list)]);
    for (const el of s.container.querySelectorAll('[data-part=tooltip],[data-part=hotspot],[data-part=banner],[data-part=checklist]')) {
      expect([el.getAttribute('data-item'), el.getAttribute('data-state')]).toEqual([expect.any(String), expect.stringMatching(/^(open|closed)$/)]);
    }
    expect(s.parts().sort()).toEqual(['banner:news', 'checklist:list', 'hotspot:spot', 'tooltip:tip']);
  });

  it('renders its children (the debug tools) after the surfaces', () => {
    const view = render(
      <Layer surfaces={[surface(tip)]} strings={english} callbacks={callbacks()} context={context}>
        <aside id="tools" />
      </Layer>,
    );
    expect(view.container.lastElementChild?.id).toBe('tools');
  });
});

describe('the stage', () => {
  it('while a tour step is on screen, tooltips and hotspots are not drawn and the dock is inert', () => {
    const s = show([surface(tip), surface(spot), surface(list), surface(topBanner), tourAt(0)]);
    expect(s.parts()).not.toContain('tooltip:tip');
    expect(s.parts()).not.toContain('hotspot:spot');
    expect(s.parts()).toEqual(expect.arrayContaining(['tour-step:tour', 'overlay:tour', 'checklist:list', 'banner:news']));
    expect(s.q('[data-part=dock]')!.hasAttribute('inert')).toBe(true);
    // A top banner is not in the dock: it goes inert itself.
    expect(s.q('[data-part=banner]')!.hasAttribute('inert')).toBe(true);
    s.rerender([surface(tip), surface(spot), surface(list), surface(topBanner)]);
    expect(s.parts()).toEqual(expect.arrayContaining(['tooltip:tip', 'hotspot:spot']));
    expect(s.q('[data-part=dock]')!.hasAttribute('inert')).toBe(false);
    expect(s.q('[data-part=banner]')!.hasAttribute('inert')).toBe(false);
  });
});

describe('previews', () => {
  it('a shown preview is wrapped (data-part=preview, data-item) and named in a status badge in the dock', () => {
    const s = show([surface(tip, { preview: true })]);
    const wrapper = s.q('[data-part=preview]')!;
    expect(wrapper.getAttribute('data-item')).toBe('tip');
    expect(wrapper.querySelector('[data-part=tooltip][data-item=tip]')).not.toBeNull();
    const badge = s.q('[data-part=dock] > [data-part=preview-badge]')!;
    expect(badge.getAttribute('role')).toBe('status');
    expect(badge.textContent).toBe('Preview: tip — no progress or events are recorded');
  });

  it('a preview that cannot show is only its line in the badge, with the reason', () => {
    const s = show([surface(tip, { preview: true, notShown: 'its target "#gone" is not on this page' }), surface(list, { preview: true })]);
    expect(s.q('[data-part=tooltip]')).toBeNull();
    expect(s.q('[data-part=preview-badge]')!.textContent).toBe(
      'Preview: tip, list — no progress or events are recorded. tip is not shown: its target "#gone" is not on this page',
    );
    expect(s.parts()).toContain('checklist:list');
  });

  it('a reason with markup stays text', () => {
    const s = show([surface(tip, { preview: true, notShown: '<img src=x onerror=alert(1)>' })]);
    expect(s.q('[data-part=preview-badge] img')).toBeNull();
    expect(s.q('[data-part=preview-badge]')!.textContent).toContain('<img src=x onerror=alert(1)>');
  });
});

describe('without the widgets chunk', () => {
  it('banners, checklists and hotspots are left out; tooltips and tours still show', () => {
    const s = show([surface(tip), surface(spot), surface(topBanner)], { widgets: undefined });
    expect(s.parts()).toEqual(['tooltip:tip']);
    s.rerender([tourAt(1, { feedback: true })], { widgets: undefined });
    expect(s.parts()).toEqual(['overlay:tour', 'tour-step:tour']);
    // "Was this helpful?" comes with the widgets: the last step shows without it until they are there.
    expect(s.q('[data-part=feedback]')).toBeNull();
  });
});

describe('callbacks', () => {
  it('a tooltip reports its close, Esc (once) and buttons with its item', () => {
    const s = show([surface(tip)]);
    fireEvent.click(s.q('[data-part=tooltip] [data-part=close]')!);
    fireEvent.keyDown(s.q('[data-part=tooltip]')!, { key: 'Escape' });
    expect(s.cb.onClose.mock.calls).toEqual([[tip, 'close'], [tip, 'escape']]);
    fireEvent.click(s.q('[data-part=tooltip] [data-action=dismiss]')!);
    expect(s.cb.onButton).toHaveBeenCalledTimes(1);
    expect(s.cb.onButton.mock.calls[0][0]).toBe(tip);
    expect(s.cb.onButton.mock.calls[0][1]).toMatchObject({ label: 'Got it', primary: true, button: { action: 'dismiss' } });
  });

  it('a tooltip without its target is not drawn', () => {
    const s = show([{ ...surface(tip), reference: undefined }]);
    expect(s.container.innerHTML).toBe(EMPTY);
  });

  it('a tour step reports Next, Back, Done and Skip with its item', () => {
    const s = show([tourAt(0)]);
    fireEvent.click(s.q('[data-action=next]')!);
    fireEvent.click(s.q('[data-action=skip]')!);
    s.rerender([tourAt(1)]);
    fireEvent.click(s.q('[data-action=back]')!);
    fireEvent.click(s.q('[data-action=done]')!);
    expect(s.cb.onTour.mock.calls).toEqual([[tour, 'next'], [tour, 'back'], [tour, 'done']]);
    expect(s.cb.onClose.mock.calls).toEqual([[tour, 'skip']]);
  });

  it('a click on the shade closes the tour with origin "overlay"', () => {
    const s = show([tourAt(0)]);
    fireEvent.click(s.q('[data-part=overlay-shade]')!);
    expect(s.cb.onClose.mock.calls).toEqual([[tour, 'overlay']]);
  });

  it('Esc closes the tour once, in the step or anywhere on the page, and focus starts in the step', async () => {
    const s = show([tourAt(0)]);
    const step = s.q('[data-part=tour-step]')!;
    expect(document.activeElement).toBe(step);
    fireEvent.keyDown(step, { key: 'Escape' });
    expect(s.cb.onClose.mock.calls).toEqual([[tour, 'escape']]);
    // The page-wide listener is added after paint.
    await vi.waitFor(() => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
      expect(s.cb.onClose.mock.calls.length).toBeGreaterThan(1);
    });
    expect(s.cb.onClose.mock.calls.slice(1).every((call) => call[0] === tour && call[1] === 'escape')).toBe(true);
    // With the page-wide listener in place, Esc in the step still closes it once, not twice.
    s.cb.onClose.mockClear();
    fireEvent.keyDown(step, { key: 'Escape' });
    expect(s.cb.onClose.mock.calls).toEqual([[tour, 'escape']]);
  });

  it('a tour that asks gets "Was this helpful?" on its last step; an answer is reported once, with the item', () => {
    const s = show([tourAt(1, { feedback: true })]);
    const feedback = s.q('[data-part=tour-step] [data-part=feedback]')!;
    expect(feedback.getAttribute('data-state')).toBe('asking');
    fireEvent.click(feedback.querySelector('[data-answer=yes]')!);
    expect(s.cb.onFeedback.mock.calls).toEqual([[tour, { helpful: true }]]);
    const first = show([tourAt(0, { feedback: true })]);
    expect(first.q('[data-part=feedback]')).toBeNull();
  });

  it('a tour without its state draws nothing, not even the overlay', () => {
    const s = show([{ item: tour, content: resolveContent(tour, context) }]);
    expect(s.container.innerHTML).toBe(EMPTY);
  });
});

describe('a surface that fails', () => {
  const throwing = (id: string): Widgets => ({
    ...widgets,
    WidgetView: (props) => {
      if (props.surface.item.id === id) throw new Error(`cannot draw ${id}`);
      return widgets.WidgetView(props);
    },
  });

  it('is left out and reported with its id; the others still show', () => {
    const s = show([surface(tip), surface(topBanner), surface(list)], { widgets: throwing('news') });
    expect(s.onItemError).toHaveBeenCalledTimes(1);
    expect(s.onItemError.mock.calls[0][0]).toBe('news');
    expect((s.onItemError.mock.calls[0][1] as Error).message).toBe('cannot draw news');
    expect(s.parts()).toEqual(['tooltip:tip', 'checklist:list']);
  });

  it('a tour step that throws is reported; the next step gets another try', () => {
    const broken = { ...tourAt(0), tour: { ...tourAt(0).tour!, content: undefined as never } };
    const s = show([broken]);
    expect(s.onItemError.mock.calls.map((call) => call[0])).toEqual(['tour']);
    expect(s.q('[data-part=tour-step]')).toBeNull();
    s.rerender([tourAt(1)]);
    expect(s.q('[data-part=tour-step]')?.getAttribute('data-step')).toBe('1');
    expect(s.onItemError).toHaveBeenCalledTimes(1);
  });
});

describe('words', () => {
  it('every surface speaks `strings`', () => {
    const s = show([surface(tip)], { strings: german });
    expect(s.q('[data-part=close]')!.getAttribute('aria-label')).toBe(german.close);
  });
});

describe('what is said, and Esc from the page', () => {
  it('one live region, first, whatever is drawn; a tooltip appearing is said through it once, by its title', async () => {
    const all = [surface(topBanner), surface(list), surface(tip), surface(spot)];
    const s = show(all);
    const region = s.q('[data-part=announcer]')!;
    expect([s.container.querySelectorAll('[data-part=announcer]').length, s.container.firstElementChild]).toEqual([1, region]);
    await vi.waitFor(() => expect(region.textContent).toBe('Tip'));
    s.rerender(all); // Drawn again, it is no news (announce empties the region first).
    expect(region.textContent).toBe('Tip');
  });

  it.each([
    ['a tooltip', () => [surface(tip)], tip],
    ['while a tour step holds the stage, the tour alone', () => [surface(tip), tourAt(0)], tour],
  ])('closes %s with origin "escape"', (_, surfaces, closed) => {
    const s = show(surfaces());
    act(() => void fireEvent.keyDown(document.body, { key: 'Escape' }));
    expect(s.cb.onClose.mock.calls).toEqual([[closed, 'escape']]);
  });
});

describe('unmounting', () => {
  it('removes every node and the page-wide Esc listener', async () => {
    const s = show([tourAt(0), surface(list), surface(topBanner)]);
    await vi.waitFor(() => {
      fireEvent.keyDown(document.body, { key: 'Escape' });
      expect(s.cb.onClose).toHaveBeenCalled();
    });
    act(() => {
      s.unmount();
    });
    expect(s.container.childNodes.length).toBe(0);
    s.cb.onClose.mockClear();
    fireEvent.keyDown(document.body, { key: 'Escape' });
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(s.cb.onClose).not.toHaveBeenCalled();
  });
});
