/**
 * src/ui/host.ts: a host element with an open shadow root, its stylesheet and the container
 * Preact renders into (data-part="root"), attached where the caller says and removed by
 * `remove()`; addStyles() adds a sheet after the ones a root has (a constructable sheet where the
 * engine has them, a <style> element otherwise) and returns what takes exactly that sheet away;
 * isLayerHost() recognizes the layer's host by its attribute, whatever its tag.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { addStyles, createHost, HOST_ATTRIBUTE, HOST_TAG, INLINE_HOST_TAG, isLayerHost } from '../../src/ui/host';

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

const sheetTexts = (root: ShadowRoot) => root.adoptedStyleSheets.map((sheet) => [...sheet.cssRules].map((rule) => rule.cssText).join(''));

describe('createHost', () => {
  it('creates the element, an open shadow root with its sheet and a root container, then attaches it', () => {
    const attach = vi.fn((el: HTMLElement) => {
      // The shadow root, its sheet and the container are ready before the host meets the page.
      expect(el.shadowRoot?.querySelector('[data-part=root]')).not.toBeNull();
      document.body.appendChild(el);
    });
    const host = createHost(document, HOST_TAG, '[data-part=root]{display:contents}', attach);
    expect(attach).toHaveBeenCalledTimes(1);
    expect(attach).toHaveBeenCalledWith(host.element);
    expect(host.element.tagName.toLowerCase()).toBe('guidepost-root');
    expect(host.element.parentNode).toBe(document.body);
    expect(host.element.shadowRoot).toBe(host.shadow);
    expect(host.shadow.mode).toBe('open');
    expect(host.container.getAttribute('data-part')).toBe('root');
    expect(host.container.parentNode).toBe(host.shadow);
    expect(sheetTexts(host.shadow).join('')).toContain('display: contents');
  });

  it('remove() takes the host (and everything in its shadow root) off the page, and may run twice', () => {
    const host = createHost(document, INLINE_HOST_TAG, 'p{color:red}', (el) => document.body.appendChild(el));
    host.container.appendChild(document.createElement('p'));
    host.remove();
    expect(document.body.childNodes.length).toBe(0);
    expect(host.element.isConnected).toBe(false);
    expect(() => host.remove()).not.toThrow();
  });

  it('where attach never puts it on the page, nothing is added to the document', () => {
    createHost(document, HOST_TAG, '', () => undefined);
    expect(document.body.childNodes.length).toBe(0);
  });

  it('an element that refuses a shadow root fails createHost before attach runs (the caller reports it)', () => {
    const refused = new DOMException('Operation is not supported', 'NotSupportedError');
    vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(() => {
      throw refused;
    });
    const attach = vi.fn();
    expect(() => createHost(document, HOST_TAG, '', attach)).toThrow(refused);
    expect(attach).not.toHaveBeenCalled();
    expect(document.body.childNodes.length).toBe(0);
  });

  it('the tag and attribute names are the public contract', () => {
    expect([HOST_TAG, INLINE_HOST_TAG, HOST_ATTRIBUTE]).toEqual(['guidepost-root', 'guidepost-help', 'data-guidepost-host']);
  });
});

describe('addStyles', () => {
  const root = () => document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });

  it('adds a constructable sheet after the ones the root has, not a <style> element (strict style-src CSP)', () => {
    const shadow = root();
    addStyles(shadow, 'a{color:red}');
    addStyles(shadow, 'b{color:blue}');
    expect(shadow.querySelector('style')).toBeNull();
    expect(sheetTexts(shadow)).toEqual(['a { color: red; }', 'b { color: blue; }']);
  });

  it('its disposer takes away exactly its own sheet, keeping the order of the others, and may run twice', () => {
    const shadow = root();
    addStyles(shadow, 'a{color:red}');
    const remove = addStyles(shadow, 'b{color:blue}');
    addStyles(shadow, 'i{color:green}');
    remove();
    expect(sheetTexts(shadow)).toEqual(['a { color: red; }', 'i { color: green; }']);
    remove();
    expect(sheetTexts(shadow)).toEqual(['a { color: red; }', 'i { color: green; }']);
  });

  it('keeps sheets someone else adopted meanwhile', () => {
    const shadow = root();
    const remove = addStyles(shadow, 'a{color:red}');
    const foreign = new CSSStyleSheet();
    foreign.replaceSync('u{color:pink}');
    shadow.adoptedStyleSheets = [...shadow.adoptedStyleSheets, foreign];
    remove();
    expect(shadow.adoptedStyleSheets).toEqual([foreign]);
  });

  it('falls back to a <style> element where constructable sheets throw, with the CSS as text', () => {
    vi.spyOn(CSSStyleSheet.prototype, 'replaceSync').mockImplementation(() => {
      throw new Error('not supported');
    });
    const shadow = root();
    const css = 'a{color:red}</style><script>alert(1)</script>';
    const remove = addStyles(shadow, css);
    const styles = shadow.querySelectorAll('style');
    expect(styles.length).toBe(1);
    expect(styles[0].textContent).toBe(css);
    expect(shadow.querySelector('script')).toBeNull();
    expect(shadow.adoptedStyleSheets).toEqual([]);
    remove();
    expect(shadow.querySelector('style')).toBeNull();
  });

  it('falls back to a <style> element in a document without a window', () => {
    const doc = document.implementation.createHTMLDocument('x');
    const shadow = doc.body.appendChild(doc.createElement('div')).attachShadow({ mode: 'open' });
    const remove = addStyles(shadow, 'p{margin:0}');
    expect(shadow.querySelector('style')?.textContent).toBe('p{margin:0}');
    remove();
    expect(shadow.childNodes.length).toBe(0);
  });
});

describe('isLayerHost', () => {
  it('is true only for an element whose host attribute says "layer", whatever its tag', () => {
    const layer = document.createElement('guidepost-root-x7k2q9');
    layer.setAttribute(HOST_ATTRIBUTE, 'layer');
    const inline = document.createElement('guidepost-help');
    inline.setAttribute(HOST_ATTRIBUTE, 'inline');
    const bare = document.createElement('guidepost-root');
    expect([isLayerHost(layer), isLayerHost(inline), isLayerHost(bare)]).toEqual([true, false, false]);
  });

  it('is false for nothing, text nodes, documents and shadow roots', () => {
    const text = document.createTextNode('layer');
    const shadow = document.createElement('div').attachShadow({ mode: 'open' });
    expect([isLayerHost(null), isLayerHost(undefined), isLayerHost(text), isLayerHost(document), isLayerHost(shadow)]).toEqual([false, false, false, false, false]);
  });
});
