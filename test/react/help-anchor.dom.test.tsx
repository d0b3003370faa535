/** @jsxImportSource react */
/**
 * src/react/help-anchor.ts in happy-dom: <HelpAnchor name> puts data-help on its only child and
 * adds no element, so layout, refs, keys, event handlers and the child's other props are
 * unchanged; the anchor follows its name; the manifest's `target: { anchor }` finds it.
 */
import { createRef, forwardRef, useState } from 'react';
import { flushSync } from 'react-dom';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HelpAnchor } from '../../src/react/index';
import { targetSelector } from '../../src/authoring/fields';
import { container, mount, outsideAct, rerender, unmount } from '../support/react-root';

outsideAct();
afterEach(async () => {
  await unmount();
  document.body.innerHTML = '';
});

describe('HelpAnchor', () => {
  it('keeps the child\'s ref, handlers and other props', () => {
    const ref = createRef<HTMLButtonElement>();
    const onClick = vi.fn();
    mount(
      <HelpAnchor name="save">
        <button ref={ref} type="button" className="primary" aria-label="Save now" onClick={onClick}>
          Save
        </button>
      </HelpAnchor>,
    );
    expect(container.innerHTML).toBe('<button type="button" class="primary" aria-label="Save now" data-help="save">Save</button>');
    expect(ref.current).toBe(container.firstElementChild);
    ref.current!.click();
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('its name wins over a data-help the child already had, and follows changes of the name', () => {
    const ui = (name: string) => (
      <HelpAnchor name={name}>
        <span data-help="old">x</span>
      </HelpAnchor>
    );
    mount(ui('new'));
    expect(container.firstElementChild!.getAttribute('data-help')).toBe('new');
    const element = container.firstElementChild;
    rerender(ui('newer'));
    expect(container.firstElementChild).toBe(element);
    expect(element!.getAttribute('data-help')).toBe('newer');
  });

  it('the child keeps its state across re-renders (same element type and key)', () => {
    let set!: (n: number) => void;
    function Counter(props: { 'data-help'?: string }) {
      const [n, setN] = useState(0);
      set = setN;
      return <b data-help={props['data-help']}>{n}</b>;
    }
    const ui = (name: string) => (
      <HelpAnchor name={name}>
        <Counter key="k" />
      </HelpAnchor>
    );
    mount(ui('a'));
    flushSync(() => set(5));
    rerender(ui('b'));
    expect(container.innerHTML).toBe('<b data-help="b">5</b>');
  });

  it('a component that forwards its ref and props gets both', () => {
    const Fancy = forwardRef<HTMLInputElement, { 'data-help'?: string }>((props, ref) => <input ref={ref} data-help={props['data-help']} />);
    const ref = createRef<HTMLInputElement>();
    mount(
      <HelpAnchor name="search">
        <Fancy ref={ref} />
      </HelpAnchor>,
    );
    expect(ref.current?.getAttribute('data-help')).toBe('search');
  });

  it('any name is an attribute value, never markup; the manifest\'s anchor target matches it', () => {
    const name = '"><img src=x onerror=alert(1)>';
    mount(
      <HelpAnchor name={name}>
        <i />
      </HelpAnchor>,
    );
    expect(container.querySelector('img')).toBeNull();
    expect(container.firstElementChild!.getAttribute('data-help')).toBe(name);
    void unmount(); // the root unmounts synchronously; no provider here to wait for
    mount(
      <HelpAnchor name="export-csv">
        <i />
      </HelpAnchor>,
    );
    expect(document.querySelectorAll(targetSelector({ anchor: 'export-csv' })!)).toHaveLength(1);
  });

  it('exactly one element: more than one child, or text, renders unchanged with a warning (the host\'s render never throws)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(renderToString(<HelpAnchor name="x">{[<i key="1" />, <b key="2" />] as never}</HelpAnchor>)).toBe('<i></i><b></b>');
      expect(renderToString(<HelpAnchor name="x">{'text' as never}</HelpAnchor>)).toBe('text');
      expect(warn).toHaveBeenCalledTimes(2);
    } finally {
      warn.mockRestore();
    }
  });

  it('renders on the server with the attribute', () => {
    expect(
      renderToString(
        <HelpAnchor name="save">
          <button type="button">Save</button>
        </HelpAnchor>,
      ),
    ).toBe('<button type="button" data-help="save">Save</button>');
  });
});

describe('HelpAnchor with whitespace or the wrong children', () => {
  it('ignores the whitespace JSX keeps before a comment on the tag\'s line (the README\'s old snippet)', () => {
    // The same children JSX makes of `<HelpAnchor name="x">      {/* comment */}` + newline + `<button/>`.
    mount(<HelpAnchor name="new-project">{['      ', <button key="b">New project</button>] as never}</HelpAnchor>);
    expect(container.innerHTML).toBe('<button data-help="new-project">New project</button>');
    expect(renderToString(<HelpAnchor name="n">{[' ', <i key="i">x</i>] as never}</HelpAnchor>)).toBe('<i data-help="n">x</i>');
  });

  it('two elements or text: rendered unchanged with a warning, never an exception in the host\'s render', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    mount(<HelpAnchor name="two">{[<b key="1">1</b>, <b key="2">2</b>] as never}</HelpAnchor>);
    expect(container.innerHTML).toBe('<b>1</b><b>2</b>');
    expect(warn.mock.calls[0][0]).toContain('<HelpAnchor name="two"> needs exactly one element child');
    warn.mockRestore();
  });
});
