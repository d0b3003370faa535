/**
 * src/ui/renderer.tsx (createRenderer): the renderer with every surface built in. Banners,
 * checklists, hotspots and help links are drawn in the same call as tours and tooltips (no chunk
 * to wait for), with the widgets' stylesheet in the layer from that first render; destroy() leaves
 * the page as it was.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import type { SurfaceCallbacks } from '../../src/ui/Layer';
import { createRenderer } from '../../src/ui/renderer';
import { WIDGETS_CSS } from '../../src/ui/widget-styles';

const callbacks = (): SurfaceCallbacks => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});
const item = (fields: Record<string, unknown>) => fields as unknown as Item;
const PAGE = '<h2 id="h">Billing</h2><button id="a">A</button>';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('createRenderer', () => {
  it('draws every kind of surface in one synchronous call, widgets included', () => {
    document.body.innerHTML = PAGE;
    const cb = callbacks();
    const renderer = createRenderer(document, { locale: 'en', callbacks: cb, contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) });
    const a = document.getElementById('a')!;
    renderer.render([
      { item: item({ id: 'tip', type: 'tooltip', title: 'Tip' }), reference: a },
      { item: item({ id: 'spot', type: 'hotspot', title: 'Spot' }), reference: a },
      { item: item({ id: 'news', type: 'banner', body: 'News' }) },
      { item: item({ id: 'list', type: 'checklist', title: 'Start', tasks: [{ id: 'x', title: 'X', completeOn: 'x' }] }), checklist: { done: new Set(), expanded: false } },
      { item: item({ id: 'help', type: 'helpLink', title: 'Help' }), reference: document.getElementById('h')! },
    ]);
    const layer = document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!;
    const drawn = [...layer.querySelectorAll('[data-part][data-item]')].map((el) => `${el.getAttribute('data-part')}:${el.getAttribute('data-item')}`);
    expect(drawn).toEqual(expect.arrayContaining(['tooltip:tip', 'hotspot:spot', 'banner:news', 'checklist:list']));
    const inline = document.querySelector('[data-guidepost-host=inline]')!.shadowRoot!;
    expect(inline.querySelector('[data-part=help-link][data-item=help]')).not.toBeNull();
    // The widgets' sheet is in the layer (and the inline host) from the first render.
    const cssOf = (root: ShadowRoot) => root.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((rule) => rule.cssText)).join('\n');
    for (const root of [layer, inline]) expect(cssOf(root)).toMatch(/checklist-launcher/);
    expect(WIDGETS_CSS).toContain('[data-part=checklist-launcher]');
    // Its callbacks are the ones given.
    (layer.querySelector('[data-part=checklist-launcher]') as HTMLButtonElement).click();
    expect(vi.mocked(cb.onChecklistToggle).mock.calls.map((call) => call[0].id)).toEqual(['list']);
    renderer.destroy();
    expect(document.body.innerHTML).toBe(PAGE);
  });
});
