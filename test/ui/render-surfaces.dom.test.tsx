/**
 * src/ui/render-surfaces.tsx (createSurfaceRenderer): the DOM the SDK adds and takes away. One
 * layer host (open shadow root, data-guidepost-host="layer", themed, in the top layer where the
 * Popover API exists) created on first need only; one inline host per help link or inline banner
 * placed by its target (inside a heading's text, after a button, after a paragraph), kept while
 * its target stays and moved when it changes; the widgets' surfaces left out until their chunk is
 * there, whose stylesheet then joins the layer once; items whose content or host cannot be made
 * reported (with `cause: 'host'` for the page refusing a shadow root) while the rest shows; views
 * counted by a tracker that destroy() disposes; and destroy() leaving the page as it found it.
 */
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Item, Theme } from '../../src/manifest/schema';
import type { SurfaceCallbacks, Widgets } from '../../src/ui/Layer';
import { strings as german } from '../../src/ui/locales/de';
import { createSurfaceRenderer, type RendererOptions } from '../../src/ui/render-surfaces';
import type { Surface } from '../../src/ui/surface';
import * as widgets from '../../src/ui/widgets';

const callbacks = (): SurfaceCallbacks => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});
const item = (fields: Record<string, unknown>) => fields as unknown as Item;
const tip = item({ id: 'tip', type: 'tooltip', target: '#a', title: 'Tip', body: 'Text.' });
const help = item({ id: 'help', type: 'helpLink', target: '#h', title: 'Help', body: 'Text.' });
const banner = item({ id: 'news', type: 'banner', body: 'News.' });
const inlineBanner = item({ id: 'inline-news', type: 'banner', slot: 'inline', body: 'Inline.' });
const list = item({ id: 'list', type: 'checklist', title: 'Start', tasks: [{ id: 'x', title: 'X', completeOn: 'x' }] });
const tour = item({ id: 'tour', type: 'tour', steps: [{ target: '#a', title: 'One', body: 'First.' }, { title: 'Two', body: 'Second.' }] });

const PAGE = '<h2 id="h">Billing</h2><p id="p">Intro</p><button id="a">A</button><button id="b">B</button>';
const $ = (id: string) => document.getElementById(id)!;

/** `kit`: the widgets' chunk, or null while it is not loaded. */
function setup(options: Partial<RendererOptions> = {}, kit: Widgets | null = widgets) {
  document.body.innerHTML = PAGE;
  let current: Widgets | undefined = kit ?? undefined;
  const onItemError = vi.fn();
  const cb = callbacks();
  const renderer = createSurfaceRenderer(
    document,
    { locale: 'en', callbacks: cb, contentContext: () => ({ locale: options.locale ?? 'en', defaultLocale: 'en', lookup: () => undefined }), onItemError, ...options },
    () => current,
  );
  return { renderer, cb, onItemError, loadWidgets: () => (current = widgets) };
}

const hosts = (kind?: string) => [...document.querySelectorAll<HTMLElement>(kind ? `[data-guidepost-host=${kind}]` : '[data-guidepost-host]')];
const layer = () => hosts('layer')[0]?.shadowRoot ?? null;
const pageOnly = () => document.body.innerHTML === PAGE;
const tourAt = (step: number): Surface => ({ item: tour, reference: step === 0 ? $('a') : undefined, tour: { step, total: 2, allowClicksThrough: false, feedback: false } });

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('the layer host', () => {
  it('is not created while nothing floats (a page where nothing shows gets no node)', () => {
    const { renderer } = setup();
    renderer.render([]);
    renderer.render([{ item: help, reference: $('h') }]);
    expect(hosts('layer')).toEqual([]);
    renderer.destroy();
    expect(pageOnly()).toBe(true);
  });

  it('is created on first need at the end of <body>, with an open shadow root, once', () => {
    const { renderer } = setup();
    renderer.render([{ item: tip, reference: $('a') }]);
    const [host] = hosts('layer');
    expect(host.tagName.toLowerCase()).toBe('guidepost-root');
    expect(host.parentNode).toBe(document.body);
    expect(document.body.lastElementChild).toBe(host);
    expect(host.shadowRoot?.mode).toBe('open');
    expect(host.getAttribute('data-scheme')).toBe('auto');
    expect(layer()!.querySelector('[data-part=root] [data-part=tooltip][data-item=tip][data-state=open]')).not.toBeNull();
    renderer.render([{ item: tip, reference: $('a') }, tourAt(0)]);
    expect(hosts('layer')).toEqual([host]);
    renderer.destroy();
  });

  it('tools alone (the debug panel) get a layer too', () => {
    const { renderer } = setup();
    renderer.render([], <aside id="tools">tools</aside>);
    expect(layer()!.getElementById('tools')?.textContent).toBe('tools');
    renderer.render([]);
    expect(layer()!.getElementById('tools')).toBeNull();
    renderer.destroy();
  });

  it('goes into the top layer (popover="manual") where the Popover API exists, and survives it refusing', () => {
    const shown: Element[] = [];
    const proto = HTMLElement.prototype as HTMLElement & { showPopover?: () => void };
    proto.showPopover = function (this: HTMLElement) {
      shown.push(this);
    };
    try {
      const { renderer } = setup();
      renderer.render([{ item: tip, reference: $('a') }]);
      expect(hosts('layer')[0].getAttribute('popover')).toBe('manual');
      expect(shown).toEqual(hosts('layer'));
      renderer.destroy();
      proto.showPopover = () => {
        throw new DOMException('already open', 'InvalidStateError');
      };
      const again = setup();
      again.renderer.render([{ item: tip, reference: $('a') }]);
      expect(layer()!.querySelector('[data-part=tooltip]')).not.toBeNull();
      again.renderer.destroy();
    } finally {
      Reflect.deleteProperty(proto, 'showPopover');
    }
  });
});

describe('theme', () => {
  it('sets the manifest theme as custom properties and the color scheme on every host; junk values are skipped', () => {
    const theme = { accent: '#ff0000', background: '#111', radius: '4px', font: 12, spacing: { x: 1 }, colorScheme: 'dark' } as unknown as Theme;
    const { renderer } = setup({ theme });
    renderer.render([{ item: tip, reference: $('a') }, { item: help, reference: $('h') }]);
    for (const host of hosts()) {
      expect(host.getAttribute('data-scheme')).toBe('dark');
      expect([host.style.getPropertyValue('--gp-accent'), host.style.getPropertyValue('--gp-bg'), host.style.getPropertyValue('--gp-radius')]).toEqual(['#ff0000', '#111', '4px']);
      expect([host.style.getPropertyValue('--gp-font'), host.style.getPropertyValue('--gp-space')]).toEqual(['', '']);
    }
    expect(hosts().length).toBe(2);
    renderer.destroy();
  });
});

describe('inline hosts', () => {
  it("a help link sits at the end of a heading's text, in its own host named by the item", () => {
    const { renderer } = setup();
    renderer.render([{ item: help, reference: $('h') }]);
    const [host] = hosts('inline');
    expect(host.tagName.toLowerCase()).toBe('guidepost-help');
    expect(host.parentElement).toBe($('h'));
    expect($('h').lastChild).toBe(host);
    expect(host.getAttribute('data-item')).toBe('help');
    expect(host.hasAttribute('data-block')).toBe(false);
    expect(host.shadowRoot!.querySelector('[data-part=help-link][data-item=help]')).not.toBeNull();
    renderer.destroy();
  });

  it('after a button (never a button inside a button), and an inline banner after its target, as a block', () => {
    const { renderer } = setup();
    renderer.render([{ item: { ...help, id: 'btn-help' } as Item, reference: $('a') }, { item: inlineBanner, reference: $('p') }]);
    const byItem = Object.fromEntries(hosts('inline').map((h) => [h.getAttribute('data-item'), h]));
    expect(byItem['btn-help'].previousElementSibling).toBe($('a'));
    expect($('a').contains(byItem['btn-help'])).toBe(false);
    expect(byItem['inline-news'].previousElementSibling).toBe($('p'));
    expect(byItem['inline-news'].hasAttribute('data-block')).toBe(true);
    expect(byItem['inline-news'].shadowRoot!.querySelector('[data-part=banner][data-slot=inline]')).not.toBeNull();
    expect(hosts('layer')).toEqual([]);
    renderer.destroy();
  });

  it('keeps its host while the target stays, moves with a new target, and goes when the item goes', () => {
    const { renderer } = setup();
    const other = { ...help, id: 'other' } as Item;
    renderer.render([{ item: help, reference: $('h') }, { item: other, reference: $('b') }]);
    const first = hosts('inline').find((h) => h.getAttribute('data-item') === 'help')!;
    renderer.render([{ item: help, reference: $('h') }, { item: other, reference: $('b') }]);
    expect(hosts('inline').find((h) => h.getAttribute('data-item') === 'help')).toBe(first);
    renderer.render([{ item: help, reference: $('p') }, { item: other, reference: $('b') }]);
    const moved = hosts('inline').find((h) => h.getAttribute('data-item') === 'help')!;
    expect(moved).not.toBe(first);
    expect(first.isConnected).toBe(false);
    expect(moved.parentElement).toBe($('p'));
    renderer.render([{ item: other, reference: $('b') }]);
    expect(hosts('inline').map((h) => h.getAttribute('data-item'))).toEqual(['other']);
    renderer.destroy();
  });

  it('a host the page removed (a framework re-rendering its heading) is made again', () => {
    const { renderer } = setup();
    renderer.render([{ item: help, reference: $('h') }]);
    hosts('inline')[0].remove();
    renderer.render([{ item: help, reference: $('h') }]);
    expect(hosts('inline').length).toBe(1);
    expect(hosts('inline')[0].parentElement).toBe($('h'));
    renderer.destroy();
  });

  it('a help link without a target is not drawn', () => {
    const { renderer } = setup();
    renderer.render([{ item: help }]);
    expect(hosts()).toEqual([]);
    renderer.destroy();
  });

  it('ids such as "__proto__" and "constructor" are plain keys', () => {
    const { renderer } = setup();
    renderer.render([{ item: { ...help, id: '__proto__' } as Item, reference: $('h') }, { item: { ...help, id: 'constructor' } as Item, reference: $('p') }]);
    expect(hosts('inline').map((h) => h.getAttribute('data-item')).sort()).toEqual(['__proto__', 'constructor']);
    renderer.render([]);
    expect(hosts('inline')).toEqual([]);
    renderer.destroy();
  });

  it("a help link's preview that cannot show is its line in the layer's badge, with no inline host", () => {
    const { renderer } = setup();
    renderer.render([{ item: help, preview: true, notShown: 'its target "#gone" is not on this page' }]);
    expect(hosts('inline')).toEqual([]);
    expect(layer()!.querySelector('[data-part=preview-badge]')!.textContent).toContain('help is not shown: its target "#gone" is not on this page');
    renderer.destroy();
  });
});

describe("the widgets' chunk", () => {
  it('until it is loaded, banners, checklists and help links are left out, and no host is made for them', () => {
    const { renderer, loadWidgets, onItemError } = setup({}, null);
    renderer.render([{ item: banner }, { item: list, checklist: { done: new Set(), expanded: false } }, { item: help, reference: $('h') }]);
    expect(hosts()).toEqual([]);
    renderer.render([{ item: tip, reference: $('a') }, { item: banner }]);
    expect([...layer()!.querySelectorAll('[data-item]')].map((el) => el.getAttribute('data-item'))).toEqual(['tip']);
    loadWidgets();
    renderer.render([{ item: tip, reference: $('a') }, { item: banner }, { item: help, reference: $('h') }]);
    expect(layer()!.querySelector('[data-part=banner][data-item=news]')).not.toBeNull();
    expect(hosts('inline').length).toBe(1);
    expect(onItemError).not.toHaveBeenCalled();
    renderer.destroy();
  });

  it("brings its stylesheet into the layer once, after the layer's own", () => {
    const { renderer, loadWidgets } = setup({}, null);
    renderer.render([{ item: tip, reference: $('a') }]);
    expect(layer()!.adoptedStyleSheets.length).toBe(1);
    loadWidgets();
    renderer.render([{ item: tip, reference: $('a') }, { item: banner }]);
    renderer.render([{ item: banner }]);
    const sheets = layer()!.adoptedStyleSheets;
    expect(sheets.length).toBe(2);
    expect([...sheets[1].cssRules].some((rule) => rule.cssText.includes('[data-part=banner]') || rule.cssText.includes('[data-part="banner"]'))).toBe(true);
    renderer.destroy();
  });
});

describe('items that cannot be shown', () => {
  it('content that cannot be resolved (junk in a compiled manifest) is reported with its id; the rest shows', () => {
    const { renderer, onItemError } = setup();
    const junkButtons = item({ id: 'junk', type: 'tooltip', title: 'J', buttons: { label: 'x' } });
    renderer.render([{ item: junkButtons, reference: $('a') }, { ...tourAt(0), tour: { ...tourAt(0).tour!, step: 7 } }, { item: tip, reference: $('a') }]);
    expect(onItemError.mock.calls.map((call) => [call[0], call[1] instanceof Error, call[2]])).toEqual([
      ['junk', true, undefined],
      ['tour', true, undefined],
    ]);
    expect([...layer()!.querySelectorAll('[data-part][data-item]')].map((el) => el.getAttribute('data-item'))).toEqual(['tip']);
    renderer.destroy();
  });

  it("a page that refuses shadow roots: each item is reported with cause 'host' and words naming the page's refusal; no node is left", () => {
    const spy = vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('shadow roots are disabled here', 'NotSupportedError');
    });
    const { renderer, onItemError } = setup();
    renderer.render([{ item: tip, reference: $('a') }, { item: help, reference: $('h') }, tourAt(0)]);
    expect(onItemError.mock.calls.map((call) => [call[0], call[2]]).sort()).toEqual([['help', 'host'], ['tip', 'host'], ['tour', 'host']]);
    for (const call of onItemError.mock.calls) {
      expect((call[1] as Error).message).toBe('the page does not let Guidepost create a host element with a shadow root (NotSupportedError: shadow roots are disabled here)');
    }
    expect(pageOnly()).toBe(true);
    // Once the page allows it, the next render draws.
    spy.mockRestore();
    renderer.render([{ item: tip, reference: $('a') }]);
    expect(layer()!.querySelector('[data-part=tooltip]')).not.toBeNull();
    renderer.destroy();
    expect(pageOnly()).toBe(true);
  });

  it('a help link whose view throws is left out and reported; the other help links still show', () => {
    const kit: Widgets = {
      ...widgets,
      WidgetView: (props) => {
        if (props.surface.item.id === 'bad') throw new Error('bad view');
        return widgets.WidgetView(props);
      },
    };
    const { renderer, onItemError } = setup({}, kit);
    renderer.render([{ item: { ...help, id: 'bad' } as Item, reference: $('p') }, { item: help, reference: $('h') }]);
    expect(onItemError.mock.calls.map((call) => [call[0], (call[1] as Error).message])).toEqual([['bad', 'bad view']]);
    expect(hosts('inline').flatMap((h) => [...h.shadowRoot!.querySelectorAll('[data-part=help-link]')]).map((el) => el.getAttribute('data-item'))).toEqual(['help']);
    renderer.destroy();
    expect(pageOnly()).toBe(true);
  });
});

describe('words', () => {
  it("the SDK's words come from the loaded table for the reader's locale", () => {
    const { renderer } = setup({ locale: 'de-AT', locales: { de: german } });
    const germanTip = item({ id: 'g', type: 'tooltip', title: { de: 'Tipp', en: 'Tip' } });
    renderer.render([{ item: germanTip, reference: $('a') }, { item: { ...help, title: { de: 'Rechnungen' } } as Item, reference: $('h') }]);
    expect(layer()!.querySelector('[data-part=tooltip] [data-part=close]')!.getAttribute('aria-label')).toBe(german.close);
    expect(hosts('inline')[0].shadowRoot!.querySelector('[data-part=help-link]')!.getAttribute('aria-label')).toBe(`${german.help}: Rechnungen`);
    renderer.destroy();
  });
});

describe('viewed', () => {
  class FakeObserver {
    static last: FakeObserver | undefined;
    observed = new Set<Element>();
    disconnected = false;
    constructor(readonly callback: IntersectionObserverCallback) {
      FakeObserver.last = this;
    }
    observe(el: Element) {
      this.observed.add(el);
    }
    unobserve(el: Element) {
      this.observed.delete(el);
    }
    disconnect() {
      this.disconnected = true;
    }
  }

  it('observes the surfaces it draws, in the layer and inline; reports a view; destroy() disconnects', () => {
    const original = window.IntersectionObserver;
    (window as { IntersectionObserver: unknown }).IntersectionObserver = FakeObserver;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const onViewed = vi.fn();
      const { renderer } = setup({ onViewed });
      renderer.render([{ item: tip, reference: $('a') }, { item: help, reference: $('h') }]);
      const io = FakeObserver.last!;
      expect([...io.observed].map((el) => `${el.getAttribute('data-part')}:${el.getAttribute('data-item')}`).sort()).toEqual(['help-link:help', 'tooltip:tip']);
      const tipEl = [...io.observed].find((el) => el.getAttribute('data-item') === 'tip')!;
      io.callback([{ target: tipEl, intersectionRatio: 1 } as unknown as IntersectionObserverEntry], io as unknown as IntersectionObserver);
      vi.advanceTimersByTime(1000);
      expect(onViewed.mock.calls).toEqual([['tip']]);
      renderer.destroy();
      expect(io.disconnected).toBe(true);
    } finally {
      vi.useRealTimers();
      (window as { IntersectionObserver: unknown }).IntersectionObserver = original;
    }
  });
});

describe('destroy', () => {
  it('takes away every host and unmounts every view, and may run twice', () => {
    const { renderer } = setup();
    renderer.render([tourAt(0), { item: banner }, { item: list, checklist: { done: new Set(), expanded: true } }, { item: help, reference: $('h') }, { item: inlineBanner, reference: $('p') }]);
    expect(hosts().length).toBe(3);
    const shadows = hosts().map((h) => h.shadowRoot!);
    renderer.destroy();
    expect(pageOnly()).toBe(true);
    // Unmounted, not only detached: nothing of ours is left in the shadow roots' containers.
    expect(shadows.map((root) => root.querySelector('[data-part=root]')!.childNodes.length)).toEqual([0, 0, 0]);
    expect(() => renderer.destroy()).not.toThrow();
    expect(pageOnly()).toBe(true);
  });

  it('two renderers on one page keep to their own hosts', () => {
    const a = setup();
    const b = createSurfaceRenderer(document, { locale: 'en', callbacks: callbacks(), contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) }, () => widgets);
    a.renderer.render([{ item: tip, reference: $('a') }, { item: help, reference: $('h') }]);
    b.render([{ item: { ...tip, id: 'tip-b' } as Item, reference: $('b') }, { item: { ...help, id: 'help-b' } as Item, reference: $('p') }]);
    expect(hosts('layer').length).toBe(2);
    a.renderer.destroy();
    expect(hosts('layer').length).toBe(1);
    expect(layer()!.querySelector('[data-item=tip-b]')).not.toBeNull();
    expect(hosts('inline').map((h) => h.getAttribute('data-item'))).toEqual(['help-b']);
    b.destroy();
    expect(pageOnly()).toBe(true);
  });
});

describe("destroy() takes the tour's page-wide listeners (Esc, the overlay's scroll and resize) with it at once", () => {
  // Preact runs useEffect cleanups of an unmounted tree after paint: listeners added there (the
  // step's document keydown, the overlay's scroll/resize) would stay a frame after
  // renderer.destroy(), and an Escape in that window would close (record a dismissal of) a tour of
  // an instance already destroyed. They are layout effects, whose cleanups run with the unmount.
  // destroy() must leave no listener behind when it returns (DESIGN.md, habit 4).
  it('no callback fires after destroy() returns', async () => {
    const { renderer, cb } = setup();
    renderer.render([tourAt(0)]);
    await vi.waitFor(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      expect(cb.onClose).toHaveBeenCalled();
    });
    renderer.destroy();
    vi.mocked(cb.onClose).mockClear();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    const lingered = vi.mocked(cb.onClose).mock.calls.length;
    // (Not to leak into the next test: the listener does go, after the next frame.)
    await vi.waitFor(() => {
      vi.mocked(cb.onClose).mockClear();
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      expect(cb.onClose).not.toHaveBeenCalled();
    });
    expect(lingered).toBe(0);
  });

  it("every listener the tour added to the window and document (the overlay's scroll and resize ones too) is gone when destroy() returns", async () => {
    const net = new Map<string, number>();
    const restore: (() => void)[] = [];
    for (const [name, target] of [['window', window], ['document', document]] as const) {
      const { addEventListener: add, removeEventListener: remove } = target;
      const counting = target as unknown as Record<'addEventListener' | 'removeEventListener', (type: string, ...rest: unknown[]) => void>;
      counting.addEventListener = (type, ...rest) => {
        net.set(`${name}:${type}`, (net.get(`${name}:${type}`) ?? 0) + 1);
        return (add as (...args: unknown[]) => void).call(target, type, ...rest);
      };
      counting.removeEventListener = (type, ...rest) => {
        net.set(`${name}:${type}`, (net.get(`${name}:${type}`) ?? 0) - 1);
        return (remove as (...args: unknown[]) => void).call(target, type, ...rest);
      };
      restore.push(() => Object.assign(counting, { addEventListener: add, removeEventListener: remove }));
    }
    onTestFinished(() => restore.forEach((undo) => undo()));
    const { renderer, cb } = setup();
    renderer.render([tourAt(0)]);
    // Mounted whole: the effects after paint have added their listeners (the step's Esc one among them).
    await vi.waitFor(() => {
      document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
      expect(cb.onClose).toHaveBeenCalled();
    });
    expect(net.get('document:keydown')).toBe(1);
    renderer.destroy();
    const left = [...net].filter(([, n]) => n !== 0);
    // (Not to leak into other tests: they do go, after the next frame.)
    await vi.waitFor(() => expect([...net].filter(([, n]) => n !== 0)).toEqual([]));
    expect(left).toEqual([]);
  });
});
