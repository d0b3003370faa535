/**
 * src/ui/focus.ts: trapTab keeps Tab and Shift+Tab inside a container (wrapping at either end,
 * from the container itself too), counts only focusable elements (enabled controls, links with an
 * href, tabindex >= 0), leaves every other key and the middle of the list to the browser, and works
 * inside a shadow root; deepActiveElement finds the focused element through nested shadow roots;
 * focusReturn gives focus back to an element, or to what stands for it after a re-render.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deepActiveElement, focusReturn, trackFocusEntry, trapTab } from '../../src/ui/focus';

function container(html: string, parent: Node = document.body): HTMLElement {
  const box = document.createElement('div');
  box.tabIndex = -1;
  box.innerHTML = html;
  parent.appendChild(box);
  return box;
}
const el = (root: ParentNode, id: string) => root.querySelector<HTMLElement>(`#${id}`)!;

/** Runs trapTab for a keydown and says whether it took the key (default prevented). */
function press(box: HTMLElement, key: string, shiftKey = false): boolean {
  const event = new KeyboardEvent('keydown', { key, shiftKey, bubbles: true, cancelable: true });
  trapTab(event, box);
  return event.defaultPrevented;
}

const CONTROLS = `
  <button id="a">A</button>
  <button id="off" disabled>Off</button>
  <a id="plain">no href</a>
  <input id="in">
  <span id="skip" tabindex="-1">skip</span>
  <div id="zero" tabindex="0">zero</div>
  <a id="z" href="/last">Last</a>`;

afterEach(() => {
  document.body.innerHTML = '';
});

describe('trapTab', () => {
  it('Tab on the last focusable element wraps to the first', () => {
    const box = container(CONTROLS);
    el(box, 'z').focus();
    expect(press(box, 'Tab')).toBe(true);
    expect(document.activeElement?.id).toBe('a');
  });

  it('Shift+Tab on the first focusable element wraps to the last', () => {
    const box = container(CONTROLS);
    el(box, 'a').focus();
    expect(press(box, 'Tab', true)).toBe(true);
    expect(document.activeElement?.id).toBe('z');
  });

  it('Shift+Tab from the container itself goes to the last; Tab from it is the browser\'s (to the first)', () => {
    const box = container(CONTROLS);
    box.focus();
    expect(press(box, 'Tab')).toBe(false);
    expect(document.activeElement).toBe(box);
    expect(press(box, 'Tab', true)).toBe(true);
    expect(document.activeElement?.id).toBe('z');
  });

  it.each(['in', 'zero'])('in the middle (on #%s) Tab and Shift+Tab are left to the browser', (id) => {
    const box = container(CONTROLS);
    el(box, id).focus();
    expect([press(box, 'Tab'), press(box, 'Tab', true)]).toEqual([false, false]);
    expect(document.activeElement?.id).toBe(id);
  });

  it('skips disabled controls, links without href and tabindex="-1" when finding the ends', () => {
    const box = container('<button id="off1" disabled>x</button><button id="first">1</button><input id="last"><a id="bare">x</a><span id="neg" tabindex="-1">x</span>');
    el(box, 'last').focus();
    expect(press(box, 'Tab')).toBe(true);
    expect(document.activeElement?.id).toBe('first');
  });

  it('with one focusable element, Tab and Shift+Tab stay on it', () => {
    const box = container('<p>Text</p><button id="only">Only</button>');
    el(box, 'only').focus();
    expect([press(box, 'Tab'), press(box, 'Tab', true)]).toEqual([true, true]);
    expect(document.activeElement?.id).toBe('only');
  });

  it('with nothing focusable inside, it does nothing', () => {
    const box = container('<p>Text</p><button disabled>Off</button>');
    box.focus();
    expect([press(box, 'Tab'), press(box, 'Tab', true)]).toEqual([false, false]);
    expect(document.activeElement).toBe(box);
  });

  it.each(['Enter', ' ', 'Escape', 'ArrowRight'])('ignores %j', (key) => {
    const box = container(CONTROLS);
    el(box, 'z').focus();
    expect(press(box, key)).toBe(false);
    expect(document.activeElement?.id).toBe('z');
  });

  it('wraps inside a shadow root, where the document only sees the host as focused', () => {
    const host = document.body.appendChild(document.createElement('div'));
    const shadow = host.attachShadow({ mode: 'open' });
    const box = container('<button id="a">A</button><button id="b">B</button>', shadow);
    el(box, 'b').focus();
    expect(press(box, 'Tab')).toBe(true);
    expect(shadow.activeElement?.id).toBe('a');
    expect(press(box, 'Tab', true)).toBe(true);
    expect(shadow.activeElement?.id).toBe('b');
  });
});

describe('deepActiveElement', () => {
  it('is the focused element of the document when no shadow root is involved', () => {
    const box = container('<input id="name">');
    el(box, 'name').focus();
    expect(deepActiveElement(document)?.id).toBe('name');
  });

  it('looks through nested shadow roots to the element that has focus', () => {
    const outer = document.body.appendChild(document.createElement('div'));
    const inner = outer.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
    const button = inner.attachShadow({ mode: 'open' }).appendChild(document.createElement('button'));
    button.id = 'deep';
    button.focus();
    expect(document.activeElement).toBe(outer);
    expect(deepActiveElement(document)).toBe(button);
  });

  it('is <body> when nothing has focus', () => {
    expect(deepActiveElement(document)).toBe(document.body);
  });
});

describe('focusReturn', () => {
  const checklist = (tasks: string[]) => `
    <section data-part="checklist" data-item="start">
      <ul>${tasks.map((t) => `<li data-task="${t}"><button data-part="task-button" id="${t}">${t}</button></li>`).join('')}</ul>
      <button data-part="checklist-launcher" aria-expanded="true" id="launcher">Start</button>
    </section>`;

  it('focuses the element when it is still there', () => {
    const box = container('<button id="a">A</button><button id="b">B</button>');
    const back = focusReturn(el(box, 'a'));
    el(box, 'b').focus();
    back();
    expect(document.activeElement).toBe(el(box, 'a'));
  });

  it('a page element gone (a tour that went to another page of the app): the one with its id there now, else nowhere', () => {
    const box = container('<header><button id="import">Import</button></header>');
    const back = focusReturn(el(box, 'import'));
    // The app drew the next page: a new header, with its own Import button.
    box.innerHTML = '<header><button id="import">Import</button></header>';
    back();
    expect(document.activeElement).toBe(el(box, 'import'));
    const gone = focusReturn(el(box, 'import'));
    box.innerHTML = '<main><button id="other">Other</button></main>';
    gone();
    expect(document.activeElement).toBe(document.body);
  });

  it('after a re-render: the same task\'s button, else the item\'s next task, else its launcher', () => {
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = checklist(['tour', 'invite']);
    const back = focusReturn(el(root, 'tour'));
    // Redrawn: new elements for the same things.
    root.innerHTML = checklist(['tour', 'invite']);
    back();
    expect(root.activeElement).toBe(el(root, 'tour'));
    const again = focusReturn(el(root, 'tour'));
    root.innerHTML = checklist(['invite']);
    again();
    expect(root.activeElement).toBe(el(root, 'invite'));
    const last = focusReturn(el(root, 'invite'));
    root.innerHTML = checklist([]);
    last();
    expect(root.activeElement).toBe(el(root, 'launcher'));
  });

  it('waits a frame for a surface that redraws after the tour ends, unless focus went elsewhere', async () => {
    const box = container(checklist(['tour']));
    const back = focusReturn(el(box, 'tour'));
    box.innerHTML = '';
    back();
    expect(document.activeElement).toBe(document.body);
    box.innerHTML = checklist(['tour']);
    await vi.waitFor(() => expect(document.activeElement).toBe(el(box, 'tour')));
    // The person moved on meanwhile: left alone.
    const other = container('<button id="mine">Mine</button>');
    const later = focusReturn(el(box, 'tour'));
    box.innerHTML = '';
    later();
    el(other, 'mine').focus();
    box.innerHTML = checklist(['tour']);
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    expect(document.activeElement).toBe(el(other, 'mine'));
  });

  it('an item gone by the next frame: the page element focus came into the layer from (a tour that completed its checklist)', async () => {
    const page = container('<button id="before">Before</button>');
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    trackFocusEntry(root);
    root.innerHTML = checklist(['tour']);
    // Into the layer from the page, then within it (not where it came from).
    el(root, 'tour').dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true, relatedTarget: el(page, 'before') }));
    el(root, 'launcher').dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true, relatedTarget: el(root, 'tour') }));
    const back = focusReturn(el(root, 'tour'));
    root.innerHTML = '';
    back();
    await vi.waitFor(() => expect(document.activeElement).toBe(el(page, 'before')));
  });

  it('the place before the layer is taken when the tour starts; focus that came from nowhere forgets it', async () => {
    const page = container('<button id="before">Before</button><button id="target">Target</button>');
    const host = document.createElement('div');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    trackFocusEntry(root);
    root.innerHTML = checklist(['tour']);
    const enter = (from: Element | null) => el(root, 'tour').dispatchEvent(new FocusEvent('focusin', { bubbles: true, composed: true, relatedTarget: from }));
    enter(el(page, 'before'));
    const back = focusReturn(el(root, 'tour'));
    // During the tour, focus enters the layer from its target (a step that advances on a click).
    enter(el(page, 'target'));
    root.innerHTML = '';
    back();
    await vi.waitFor(() => expect(document.activeElement).toBe(el(page, 'before')));
    // Into the layer from nowhere (a click on the page's background first): nothing to go back to.
    root.innerHTML = checklist(['tour']);
    enter(el(page, 'before'));
    enter(null);
    (document.activeElement as HTMLElement).blur();
    const none = focusReturn(el(root, 'tour'));
    root.innerHTML = '';
    none();
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    expect(document.activeElement).toBe(document.body);
  });

  it('a page element that left has nothing to stand for it: focus stays', () => {
    const box = container('<button id="a">A</button><button id="b">B</button>');
    const back = focusReturn(el(box, 'a'));
    el(box, 'b').focus();
    el(box, 'a').remove();
    back();
    expect(document.activeElement).toBe(el(box, 'b'));
  });
});
