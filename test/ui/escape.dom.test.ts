/**
 * src/ui/escape.ts: while a card is open, an Escape anywhere in its document closes it, once;
 * with several open, the newest on screen (not one that waits, hidden); an Escape the page
 * handled (defaultPrevented) or another key does nothing; the one that closes marks the key
 * handled and lets it go on; removed, it closes nothing and leaves no listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { closeOnEscape } from '../../src/ui/escape';

const removals: (() => void)[] = [];
function card(close = vi.fn()) {
  const el = document.body.appendChild(document.createElement('div'));
  removals.push(closeOnEscape(el, close));
  return { el, close, off: removals[removals.length - 1]! };
}
const press = (key = 'Escape', on: Element = document.body, prepare?: (e: KeyboardEvent) => void) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
  prepare?.(event);
  on.dispatchEvent(event);
  return event;
};

afterEach(() => {
  for (const off of removals.splice(0)) off();
  document.body.innerHTML = '';
});

describe('closeOnEscape', () => {
  it('Escape anywhere in the page closes the open card once, marks the key handled and lets it go on', () => {
    const { close } = card();
    const page = document.body.appendChild(document.createElement('input'));
    const onWindow = vi.fn();
    window.addEventListener('keydown', onWindow);
    const event = press('Escape', page);
    window.removeEventListener('keydown', onWindow);
    expect(close).toHaveBeenCalledTimes(1);
    expect(event.defaultPrevented).toBe(true);
    expect(onWindow).toHaveBeenCalledTimes(1);
  });

  it('other keys, and an Escape the page already handled, do nothing', () => {
    const { close } = card();
    expect(press('Enter').defaultPrevented).toBe(false);
    press('Escape', document.body, (e) => e.preventDefault());
    expect(close).not.toHaveBeenCalled();
  });

  it('with several open, one Escape closes the newest, the next one the one before', () => {
    const older = card();
    const newer = card(vi.fn(() => newer.off()));
    press();
    expect([older.close.mock.calls.length, newer.close.mock.calls.length]).toEqual([0, 1]);
    press();
    expect([older.close.mock.calls.length, newer.close.mock.calls.length]).toEqual([1, 1]);
  });

  it('a card that waits (hidden for another) is passed over', () => {
    const older = card();
    const newer = card();
    newer.el.setAttribute('data-wait', '');
    press();
    expect([older.close.mock.calls.length, newer.close.mock.calls.length]).toEqual([1, 0]);
  });

  it('a tooltip stepped aside for the control focus is on (data-aside, hidden) is passed over: Esc there is the page\'s', () => {
    const tip = card();
    tip.el.setAttribute('data-aside', '');
    const event = press();
    expect([tip.close.mock.calls.length, event.defaultPrevented]).toEqual([0, false]);
  });

  it('removed, it closes nothing and leaves no listener on the document', () => {
    const add = vi.spyOn(document, 'addEventListener');
    const remove = vi.spyOn(document, 'removeEventListener');
    const { close, off } = card();
    off();
    expect(press().defaultPrevented).toBe(false);
    expect(close).not.toHaveBeenCalled();
    expect(remove.mock.calls).toEqual(add.mock.calls);
    add.mockRestore();
    remove.mockRestore();
  });

  it.each([
    ['a menu button whose menu is open', '<button id="focus" aria-expanded="true">Menu</button>'],
    ['a combobox whose suggestions are open', '<input id="focus" role="combobox" aria-expanded="true">'],
    ['an item of an open menu', '<div role="menu"><div id="focus" role="menuitem" tabindex="0">Copy</div></div>'],
    ['an item of an open listbox', '<ul role="listbox"><li id="focus" role="option" tabindex="0">One</li></ul>'],
  ])('with focus in %s, Escape is the page\'s: no card closes and the key is not marked handled', (_, html) => {
    const { close } = card();
    const holder = document.body.appendChild(document.createElement('div'));
    holder.innerHTML = html;
    const focused = holder.querySelector<HTMLElement>('#focus')!;
    focused.focus();
    expect(document.activeElement).toBe(focused);
    const event = press('Escape', focused);
    expect(close).not.toHaveBeenCalled();
    expect(event.defaultPrevented).toBe(false);
    // Focus back on the page's body: the next Escape is the card's again.
    focused.blur();
    press();
    expect(close).toHaveBeenCalledTimes(1);
  });
});
