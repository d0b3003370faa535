/**
 * src/ui/light-dismiss.ts, with the card and its control in an open shadow root as the SDK draws
 * them: focus moving to the page closes the card once with origin "blur", and focus moving
 * between the card and its control (inside the shadow root, which the document sees retargeted to
 * the host) does not; Escape on the control closes it with "escape" and marks the key handled,
 * unless the page handled it first; other keys on the control do nothing; removed, it leaves no
 * listener.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lightDismiss } from '../../src/ui/light-dismiss';

let off: (() => void) | undefined;

function setUp() {
  const page = document.body.appendChild(document.createElement('button'));
  page.textContent = 'Filter';
  const host = document.body.appendChild(document.createElement('span'));
  const root = host.attachShadow({ mode: 'open' });
  const trigger = root.appendChild(document.createElement('button'));
  const card = root.appendChild(document.createElement('div'));
  card.tabIndex = -1;
  const inside = card.appendChild(document.createElement('button'));
  const close = vi.fn();
  off = lightDismiss(card, trigger, close);
  return { page, host, trigger, card, inside, close };
}
const press = (on: Element, key = 'Escape', prepare?: (e: KeyboardEvent) => void) => {
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, composed: true });
  prepare?.(event);
  on.dispatchEvent(event);
  return event;
};

afterEach(() => {
  off?.();
  off = undefined;
  document.body.innerHTML = '';
});

describe('lightDismiss', () => {
  it('focus moving to the page closes it once, with origin "blur", and stays where it went', () => {
    const { page, inside, close } = setUp();
    inside.focus();
    page.focus();
    expect(close.mock.calls).toEqual([['blur']]);
    expect(document.activeElement).toBe(page);
  });

  it('focus moving between the card and its control, inside the shadow root, keeps it open', () => {
    const { card, inside, trigger, close } = setUp();
    card.focus();
    inside.focus();
    trigger.focus();
    inside.focus();
    expect(close).not.toHaveBeenCalled();
  });

  it('Escape on its control closes it with origin "escape" and marks the key handled', () => {
    const { trigger, close } = setUp();
    trigger.focus();
    expect(press(trigger).defaultPrevented).toBe(true);
    expect(close.mock.calls).toEqual([['escape']]);
  });

  it('an Escape the page handled, and other keys, do nothing', () => {
    const { trigger, close } = setUp();
    press(trigger, 'Escape', (e) => e.preventDefault());
    expect(press(trigger, 'Enter').defaultPrevented).toBe(false);
    expect(close).not.toHaveBeenCalled();
  });

  it('removed, it leaves no listener on the document or the control', () => {
    const add = vi.spyOn(EventTarget.prototype, 'addEventListener');
    const remove = vi.spyOn(EventTarget.prototype, 'removeEventListener');
    const { page, trigger, inside, close } = setUp();
    off!();
    off = undefined;
    inside.focus();
    page.focus();
    press(trigger);
    expect(close).not.toHaveBeenCalled();
    const calls = (spy: typeof add) => spy.mock.calls.map((call, i) => [spy.mock.contexts[i], call[0], call[1]]);
    expect(calls(remove)).toEqual(calls(add));
    add.mockRestore();
    remove.mockRestore();
  });
});
