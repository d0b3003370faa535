/**
 * src/vue/help.ts in happy-dom: v-help sets data-help on its element from the moment the element
 * is created (before it is in the page, so a waiting target is found as soon as it appears),
 * follows its value, removes the attribute for an empty value, adds no element, and gives the
 * same attribute to server rendering.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp, createSSRApp, defineComponent, h, nextTick, ref, withDirectives, type App } from 'vue';
import { renderToString } from '@vue/server-renderer';
import { vHelp } from '../../src/vue/index';

let app: App | undefined;
let container: HTMLElement;
function mount(render: () => unknown) {
  container = document.createElement('div');
  document.body.appendChild(container);
  app = createApp(defineComponent({ setup: () => render as () => never }));
  app.mount(container);
}
afterEach(() => {
  app?.unmount();
  app = undefined;
  document.body.innerHTML = '';
});

describe('v-help', () => {
  it('the element carries data-help when it enters the page, not after', () => {
    // Read at the moment Vue inserts the element (a mutation observer would read it later).
    const seenOnInsert: (string | null)[] = [];
    const insertBefore = Node.prototype.insertBefore;
    const spy = vi.spyOn(Node.prototype, 'insertBefore').mockImplementation(function <T extends Node>(this: Node, node: T, child: Node | null): T {
      if (node instanceof Element && node.matches('button')) seenOnInsert.push(node.getAttribute('data-help'));
      return insertBefore.call(this, node, child) as T;
    });
    try {
      mount(() => withDirectives(h('button', 'Save'), [[vHelp, 'save']]));
    } finally {
      spy.mockRestore();
    }
    expect(seenOnInsert).toEqual(['save']);
  });

  it('follows its value; empty, null and undefined remove it; no element is added', async () => {
    const name = ref<string | null | undefined>('export');
    mount(() => withDirectives(h('a', { href: '/x' }, 'Export'), [[vHelp, name.value]]));
    const a = container.firstElementChild!;
    expect(container.children).toHaveLength(1);
    expect(a.getAttribute('data-help')).toBe('export');
    for (const [value, expected] of [['csv', 'csv'], ['', null], ['again', 'again'], [null, null], ['back', 'back'], [undefined, null]] as const) {
      name.value = value;
      await nextTick();
      expect(container.firstElementChild).toBe(a);
      expect(a.getAttribute('data-help')).toBe(expected);
    }
  });

  it('a re-render with the same value leaves the attribute as it is', async () => {
    const other = ref(0);
    mount(() => withDirectives(h('span', String(other.value)), [[vHelp, 'same']]));
    const span = container.firstElementChild!;
    span.setAttribute('data-help', 'changed-by-the-page');
    other.value++;
    await nextTick();
    expect(span.textContent).toBe('1');
    expect(span.getAttribute('data-help')).toBe('changed-by-the-page');
  });

  it('any name is an attribute value, never markup', () => {
    const name = '"><img src=x onerror=alert(1)>';
    mount(() => withDirectives(h('i'), [[vHelp, name]]));
    expect(container.querySelector('img')).toBeNull();
    expect(container.firstElementChild!.getAttribute('data-help')).toBe(name);
  });

  it('works on the root element of a component', () => {
    const Fancy = defineComponent({ setup: () => () => h('section', { class: 'fancy' }, 'x') });
    mount(() => withDirectives(h(Fancy), [[vHelp, 'fancy']]));
    expect(container.children).toHaveLength(1);
    const section = container.firstElementChild!;
    expect([section.tagName, section.className, section.getAttribute('data-help'), section.textContent]).toEqual(['SECTION', 'fancy', 'fancy', 'x']);
  });

  it('server rendering: the attribute for a name, nothing for an empty one', async () => {
    expect(vHelp.getSSRProps!({ value: 'save' } as never, null as never)).toEqual({ 'data-help': 'save' });
    expect(vHelp.getSSRProps!({ value: '' } as never, null as never)).toEqual({});
    expect(vHelp.getSSRProps!({ value: null } as never, null as never)).toEqual({});
    const html = await renderToString(createSSRApp(defineComponent({ setup: () => () => [withDirectives(h('b', 'x'), [[vHelp, 'bold']]), withDirectives(h('i', 'y'), [[vHelp, null]])] })));
    expect(html).toBe('<!--[--><b data-help="bold">x</b><i>y</i><!--]-->');
  });
});
