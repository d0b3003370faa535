/**
 * src/ui/render-surfaces.tsx on a page that already defined our tag names as custom elements (an
 * older copy of the SDK, a name clash): the renderer's hosts take free names of their own
 * (`guidepost-root-x7k2q9`), still carry data-guidepost-host, and the page's element classes never
 * run for them. Its own file: custom element definitions cannot be undone within a window.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import type { SurfaceCallbacks } from '../../src/ui/Layer';
import { createSurfaceRenderer } from '../../src/ui/render-surfaces';
import * as widgets from '../../src/ui/widgets';

const callbacks = (): SurfaceCallbacks => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});
const tip = { id: 'tip', type: 'tooltip', target: '#a', title: 'Tip', body: 'Text.' } as unknown as Item;
const help = { id: 'help', type: 'helpLink', target: '#h', title: 'Help', body: 'Text.' } as unknown as Item;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('a page that took our tag names', () => {
  it('gets hosts with free names, found by their attribute, whose shadow roots are ours', () => {
    const constructed: string[] = [];
    class Theirs extends HTMLElement {
      constructor() {
        super();
        constructed.push(this.tagName.toLowerCase());
        this.attachShadow({ mode: 'open' }).innerHTML = '<p>theirs</p>';
      }
    }
    customElements.define('guidepost-root', Theirs);
    customElements.define('guidepost-help', class extends Theirs {});
    document.body.innerHTML = '<h2 id="h">Billing</h2><button id="a">A</button>';
    const onItemError = vi.fn();
    const renderer = createSurfaceRenderer(
      document,
      { locale: 'en', callbacks: callbacks(), onItemError, contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) },
      () => widgets,
    );
    renderer.render([{ item: tip, reference: document.getElementById('a')! }, { item: help, reference: document.getElementById('h')! }]);
    const layer = document.querySelector<HTMLElement>('[data-guidepost-host=layer]')!;
    const inline = document.querySelector<HTMLElement>('[data-guidepost-host=inline]')!;
    expect(layer.tagName.toLowerCase()).toMatch(/^guidepost-root-[a-z0-9]+$/);
    expect(inline.tagName.toLowerCase()).toMatch(/^guidepost-help-[a-z0-9]+$/);
    expect(constructed).toEqual([]);
    expect(layer.shadowRoot!.querySelector('[data-part=tooltip][data-item=tip]')).not.toBeNull();
    expect(inline.shadowRoot!.querySelector('[data-part=help-link][data-item=help]')).not.toBeNull();
    expect(onItemError).not.toHaveBeenCalled();
    renderer.destroy();
    expect(document.querySelector('[data-guidepost-host]')).toBeNull();
  });
});
