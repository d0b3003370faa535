/**
 * src/ui/layer-host.ts: the hosts the renderer adds to the page, as a hostile or unusual page may
 * treat them. applyTheme writes the manifest's theme as custom properties (strings only) and the
 * colour scheme; raiseToTopLayer puts the layer in the top layer where the Popover API exists
 * and never throws; undoInheritedZoom undoes a sane inherited CSS zoom and nothing else; safeHost
 * takes a free tag name when the page defined ours, marks every host with data-guidepost-host,
 * and turns a refused shadow root into one error. The renderer's use of them:
 * render-surfaces.dom.test.tsx and render-surfaces-tag-clash.dom.test.tsx. Custom element
 * definitions cannot be undone, so each test defines tag names of its own.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Theme } from '../../src/manifest/schema';
import { HOST_ATTRIBUTE } from '../../src/ui/host';
import { applyTheme, raiseToTopLayer, safeHost, undoInheritedZoom } from '../../src/ui/layer-host';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const props = (el: HTMLElement, ...names: string[]) => names.map((name) => el.style.getPropertyValue(name));
const ALL = ['--gp-accent', '--gp-bg', '--gp-text', '--gp-radius', '--gp-font', '--gp-space', '--gp-shadow', '--gp-link'];

describe('applyTheme', () => {
  it('no theme: the "auto" scheme and no custom property (the stylesheet\'s defaults hold)', () => {
    const el = document.createElement('div');
    applyTheme(el, undefined);
    expect(el.getAttribute('data-scheme')).toBe('auto');
    expect(props(el, ...ALL)).toEqual(ALL.map(() => ''));
    applyTheme(el, {});
    expect(el.getAttribute('data-scheme')).toBe('auto');
  });

  it('every theme value goes to its custom property, and the scheme to data-scheme', () => {
    const el = document.createElement('div');
    const theme: Theme = { accent: '#2357d9', background: '#fff', text: 'black', radius: '8px', font: 'Inter, sans-serif', spacing: '12px', shadow: 'none', colorScheme: 'dark' };
    applyTheme(el, theme);
    expect(el.getAttribute('data-scheme')).toBe('dark');
    expect(props(el, '--gp-accent', '--gp-bg', '--gp-text', '--gp-radius', '--gp-font', '--gp-space', '--gp-shadow')).toEqual(['#2357d9', '#fff', 'black', '8px', 'Inter, sans-serif', '12px', 'none']);
  });

  it('a background set by the theme makes links use its accent as written; without one the stylesheet derives them', () => {
    const withBackground = document.createElement('div');
    applyTheme(withBackground, { accent: 'red', background: '#111' });
    expect(props(withBackground, '--gp-link')).toEqual(['var(--gp-accent)']);
    const accentOnly = document.createElement('div');
    applyTheme(accentOnly, { accent: 'red' });
    expect(props(accentOnly, '--gp-link')).toEqual(['']);
  });

  it('values that are not strings (a compiled manifest is not validated) are left out', () => {
    const el = document.createElement('div');
    applyTheme(el, { accent: 5, background: { color: 'red' }, text: null, radius: ['4px'], font: true } as unknown as Theme);
    expect(props(el, ...ALL)).toEqual(ALL.map(() => ''));
  });
});

describe('raiseToTopLayer', () => {
  const proto = HTMLElement.prototype as HTMLElement & { showPopover?: () => void };
  afterEach(() => {
    Reflect.deleteProperty(proto, 'showPopover');
  });

  it('an engine without the Popover API: the layer stays as it is', () => {
    const el = document.createElement('div');
    raiseToTopLayer(el);
    expect(el.hasAttribute('popover')).toBe(false);
  });

  it('with it: popover="manual" (no light dismiss), then shown', () => {
    const seen: (string | null)[] = [];
    proto.showPopover = function (this: HTMLElement) {
      seen.push(this.getAttribute('popover'));
    };
    const el = document.createElement('div');
    document.body.append(el);
    raiseToTopLayer(el);
    expect(seen).toEqual(['manual']);
  });

  it('a refusal (not connected, already open) is swallowed: the layer stays fixed', () => {
    proto.showPopover = () => {
      throw new DOMException('already open', 'InvalidStateError');
    };
    const el = document.createElement('div');
    expect(() => raiseToTopLayer(el)).not.toThrow();
    expect(el.getAttribute('popover')).toBe('manual');
  });
});

describe('undoInheritedZoom', () => {
  /** A host in a parent whose `currentCSSZoom` reads `zoom`. */
  function hostIn(zoom: unknown) {
    const parent = document.createElement('div');
    Object.defineProperty(parent, 'currentCSSZoom', { value: zoom, configurable: true });
    const host = document.createElement('div');
    parent.append(host);
    return { host, parent };
  }

  it('a zoom the layer inherits is undone by its inverse', () => {
    const { host } = hostIn(1.5);
    undoInheritedZoom(host);
    expect(Number(host.style.getPropertyValue('--gp-unzoom'))).toBeCloseTo(1 / 1.5, 12);
    const half = hostIn(0.5).host;
    undoInheritedZoom(half);
    expect(half.style.getPropertyValue('--gp-unzoom')).toBe('2');
  });

  it.each([
    ['1 (no zoom)', 1],
    ['0', 0],
    ['negative', -2],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['a string', '2'],
    ['absent (an engine without currentCSSZoom)', undefined],
  ])('%s: nothing to undo, and an earlier undo is taken away', (_what, zoom) => {
    const { host } = hostIn(zoom);
    host.style.setProperty('--gp-unzoom', '0.5');
    undoInheritedZoom(host);
    expect(host.style.getPropertyValue('--gp-unzoom')).toBe('');
  });

  it('a host with no parent (taken off the page) has nothing to undo', () => {
    const host = document.createElement('div');
    host.style.setProperty('--gp-unzoom', '0.5');
    expect(() => undoInheritedZoom(host)).not.toThrow();
    expect(host.style.getPropertyValue('--gp-unzoom')).toBe('');
  });
});

describe('safeHost', () => {
  it('a tag the page left alone is used as it is, marked with its kind, attached by the caller', () => {
    const attach = vi.fn((el: HTMLElement) => document.body.append(el));
    const host = safeHost(document, 'gp-free-one', 'p{color:red}', 'layer', attach);
    expect(host.element.tagName.toLowerCase()).toBe('gp-free-one');
    expect(host.element.getAttribute(HOST_ATTRIBUTE)).toBe('layer');
    expect(attach).toHaveBeenCalledWith(host.element);
    expect(host.element.parentNode).toBe(document.body);
    expect(host.element.shadowRoot).toBe(host.shadow);
    expect(host.shadow.mode).toBe('open');
    const inline = safeHost(document, 'gp-free-one', '', 'inline', () => {});
    expect(inline.element.getAttribute(HOST_ATTRIBUTE)).toBe('inline');
  });

  it('the mark is there before the host meets the page (observers of the page can tell it is ours)', () => {
    let marked: string | null = null;
    safeHost(document, 'gp-free-two', '', 'inline', (el) => (marked = el.getAttribute(HOST_ATTRIBUTE)));
    expect(marked).toBe('inline');
  });

  it('a tag the page defined: a free name of our own; the page\'s class never runs for it', () => {
    const constructed = vi.fn();
    customElements.define('gp-taken', class extends HTMLElement {
      constructor() {
        super();
        constructed();
        this.attachShadow({ mode: 'open' });
      }
    });
    const host = safeHost(document, 'gp-taken', '', 'layer', (el) => document.body.append(el));
    expect(host.element.tagName.toLowerCase()).toMatch(/^gp-taken-[a-z0-9]{1,6}$/);
    expect(constructed).not.toHaveBeenCalled();
    expect(host.element.getAttribute(HOST_ATTRIBUTE)).toBe('layer');
    expect(host.shadow.querySelector('[data-part=root]')).toBe(host.container);
  });

  it('a free name the page also took is passed over for another', () => {
    customElements.define('gp-clash', class extends HTMLElement {});
    customElements.define('gp-clash-aaaaaa', class extends HTMLElement {});
    // The first draw gives "aaaaaa", taken by the page; the second "bbbbbb".
    const taken = parseInt('aaaaaa', 36) / 36 ** 6;
    const random = vi.spyOn(Math, 'random').mockReturnValueOnce(taken).mockReturnValueOnce(parseInt('bbbbbb', 36) / 36 ** 6);
    const host = safeHost(document, 'gp-clash', '', 'inline', () => {});
    expect(random).toHaveBeenCalledTimes(2);
    expect(host.element.tagName.toLowerCase()).toBe('gp-clash-bbbbbb');
  });

  it('a document without a window (no registry) keeps the name', () => {
    const doc = document.implementation.createHTMLDocument('parsed');
    expect(doc.defaultView).toBeNull();
    const host = safeHost(doc, 'gp-no-window', '', 'inline', () => {});
    expect(host.element.tagName.toLowerCase()).toBe('gp-no-window');
  });

  it('a refused shadow root is one error, in the same words for every kind of host, naming what refused', () => {
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw new DOMException('shadow roots are not allowed here', 'NotSupportedError');
    });
    const attach = vi.fn();
    for (const kind of ['layer', 'inline'] as const) {
      expect(() => safeHost(document, 'gp-refused', '', kind, attach)).toThrow(
        new Error('the page does not let Guidepost create a host element with a shadow root (NotSupportedError: shadow roots are not allowed here)'),
      );
    }
    expect(attach).not.toHaveBeenCalled();
    expect(document.querySelector(`[${HOST_ATTRIBUTE}]`)).toBeNull();
  });

  it('a page that replaced attachShadow with something that throws a non-Error still gets one error', () => {
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw 'nope';
    });
    expect(() => safeHost(document, 'gp-refused-two', '', 'layer', () => {})).toThrow(/^the page does not let Guidepost create a host element with a shadow root \(/);
  });
});
