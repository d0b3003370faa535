/** @jsxImportSource react */
/**
 * src/ui/render-surfaces.tsx under a framework that owns the page (React, in happy-dom): a help
 * link's host follows what the framework does to its target while it is shown, with no render of
 * the SDK's to prompt it: back at the end of a heading whose text React set (`textContent`
 * deleted it), two instances' both, without moving past each other for ever; back beside a
 * button that a keyed reorder moved.
 */
import { createRoot, type Root } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import { HelpAnchor } from '../../src/react/index';
import type { SurfaceCallbacks } from '../../src/ui/Layer';
import { createSurfaceRenderer, type Renderer } from '../../src/ui/render-surfaces';
import * as widgets from '../../src/ui/widgets';

const help = (id: string) => ({ id, type: 'helpLink', target: { anchor: id }, title: 'About', body: 'Text.' }) as unknown as Item;
const callbacks = () => Object.fromEntries(['onClose', 'onButton', 'onLinkClick', 'onOpen', 'onTour', 'onFeedback', 'onChecklistToggle', 'onTask'].map((k) => [k, vi.fn()])) as unknown as SurfaceCallbacks;

let root: Root;
let renderer: Renderer;
function mount(ui: React.ReactNode) {
  const container = document.body.appendChild(document.createElement('div'));
  root = createRoot(container);
  flushSync(() => root.render(ui));
  renderer = createSurfaceRenderer(document, { locale: 'en', callbacks: callbacks(), contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) }, () => widgets);
}
const anchor = (name: string) => document.querySelector(`[data-help=${name}]`)!;
const host = () => document.querySelector<HTMLElement>('[data-guidepost-host=inline]');

beforeAll(() => {
  (globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = false;
});
afterEach(() => {
  renderer.destroy();
  root.unmount();
  document.body.innerHTML = '';
});

describe('an inline host under React', () => {
  const Title = ({ text }: { text: string }) => (
    <HelpAnchor name="title">
      <h1>{text}</h1>
    </HelpAnchor>
  );

  it('comes back at the end of a heading whose text React set', async () => {
    mount(<Title text="Billing" />);
    renderer.render([{ item: help('title'), reference: anchor('title') }]);
    expect(anchor('title').lastChild).toBe(host());
    flushSync(() => root.render(<Title text="Invoices" />));
    await vi.waitFor(() => expect(anchor('title').lastChild).toBe(host()));
    expect(anchor('title').textContent).toBe('Invoices');
    expect(host()!.shadowRoot!.querySelector('[data-part=help-link][data-item=title]')).not.toBeNull();
    // Again: it keeps following while shown.
    flushSync(() => root.render(<Title text="Payments" />));
    await vi.waitFor(() => expect(anchor('title').lastChild).toBe(host()));
  });

  it('two instances with a "?" on one heading both come back, and settle', async () => {
    mount(<Title text="Billing" />);
    const other = createSurfaceRenderer(document, { locale: 'en', callbacks: callbacks(), contentContext: () => ({ locale: 'en', defaultLocale: 'en', lookup: () => undefined }) }, () => widgets);
    onTestFinished(() => other.destroy());
    renderer.render([{ item: help('title'), reference: anchor('title') }]);
    other.render([{ item: help('title'), reference: anchor('title') }]);
    flushSync(() => root.render(<Title text="Invoices" />));
    // Each keeps its place among the other's instead of moving past it for ever (which would never let this wait run).
    await vi.waitFor(() => expect([...anchor('title').childNodes].map((n) => (n as Element).localName ?? n.textContent)).toEqual(['Invoices', 'guidepost-help', 'guidepost-help']));
  });

  it('follows its button through a keyed reorder', async () => {
    const List = ({ order }: { order: string[] }) => (
      <div id="list">
        {order.map((name) => (
          <HelpAnchor key={name} name={name}>
            <button type="button">{name}</button>
          </HelpAnchor>
        ))}
      </div>
    );
    mount(<List order={['a', 'b', 'c']} />);
    renderer.render([{ item: help('b'), reference: anchor('b') }]);
    expect(anchor('b').nextSibling).toBe(host());
    flushSync(() => root.render(<List order={['b', 'c', 'a']} />));
    flushSync(() => root.render(<List order={['c', 'a', 'b']} />));
    await vi.waitFor(() => expect(anchor('b').nextSibling).toBe(host()));
    expect([...document.getElementById('list')!.children].map((el) => el.getAttribute('data-help') ?? 'host')).toEqual(['c', 'a', 'b', 'host']);
  });
});
