/**
 * src/ui/HelpLink.tsx rendered on its own: with a safe `url` a link named by its label (a new tab
 * without an opener for other sites and mailto, this tab for the product's pages) reporting its
 * click once; without one (or with an unsafe one) a button whose aria-expanded and data-state
 * follow its popover: onOpen once, focus moved in, Esc / × closing it with that origin and focus
 * back on the "?"; focus moving on to the page closes it ("blur") and stays there, Esc on the "?"
 * or from the page closes it too; the popover waits (unmounted) while a tour holds the stage;
 * "Was this helpful?" when asked; data-part names from src/ui/parts.ts.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import type { ViewContent } from '../../src/ui/content';
import { HelpLink, type HelpLinkProps } from '../../src/ui/HelpLink';
import { PART } from '../../src/ui/parts';
import { uiStrings } from '../../src/ui/strings';

const strings = uiStrings('en');
const content = (extra: Partial<ViewContent> = {}): ViewContent => ({ title: 'Billing', body: parseRichText('Invoices are monthly.'), buttons: [], lang: 'en', dir: 'ltr', ...extra });

function show(overrides: Partial<HelpLinkProps> = {}) {
  // The link's click is reported; navigation (a real request) is cancelled here.
  const callbacks = { onLinkClick: vi.fn((_url: string, event: MouseEvent) => event.preventDefault()), onOpen: vi.fn(), onClose: vi.fn(), onButton: vi.fn(), onFeedback: vi.fn() };
  const props: HelpLinkProps = { itemId: 'billing-help', label: 'Help: Billing', content: content(), strings, feedback: false, ...callbacks, ...overrides };
  const view = render(<HelpLink {...props} />);
  const control = () => view.container.querySelector<HTMLElement>('[data-part=help-link]')!;
  const popover = () => view.container.querySelector<HTMLElement>('[data-part=popover]');
  return { ...view, ...callbacks, props, control, popover };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('HelpLink with an article URL', () => {
  it.each([
    ['https://docs.example.com/billing', '_blank', 'noopener noreferrer'],
    ['//docs.example.com/billing', '_blank', 'noopener noreferrer'],
    ['mailto:help@example.com', '_blank', 'noopener noreferrer'],
    ['/docs/billing', null, null],
  ])('%s is a link named by its label (target %s, rel %s)', (url, target, rel) => {
    const { control } = show({ url });
    const link = control();
    expect([link.tagName, link.getAttribute('href'), link.getAttribute('target'), link.getAttribute('rel')]).toEqual(['A', url, target, rel]);
    expect([link.getAttribute('aria-label'), link.textContent, link.dataset.item, link.dataset.state]).toEqual(['Help: Billing', '?', 'billing-help', 'closed']);
    expect(link.hasAttribute('aria-expanded')).toBe(false);
  });

  it('reports its click once, with the URL and the click event, and opens no popover', () => {
    const { control, popover, onLinkClick, onOpen } = show({ url: '/docs/billing' });
    fireEvent.click(control());
    expect(onLinkClick).toHaveBeenCalledTimes(1);
    expect(onLinkClick.mock.calls[0]![0]).toBe('/docs/billing');
    expect(onLinkClick.mock.calls[0]![1]).toMatchObject({ type: 'click' });
    expect(onOpen).not.toHaveBeenCalled();
    expect(popover()).toBeNull();
  });

  it('an unsafe URL is never a link: it is the popover button', () => {
    const { control } = show({ url: 'javascript:alert(1)' });
    expect([control().tagName, control().hasAttribute('href'), control().getAttribute('aria-expanded')]).toEqual(['BUTTON', false, 'false']);
  });
});

describe('HelpLink with a popover', () => {
  it('is a collapsed button named by its label', () => {
    const { control, popover } = show();
    const button = control() as HTMLButtonElement;
    expect([button.tagName, button.type, button.getAttribute('aria-label'), button.textContent]).toEqual(['BUTTON', 'button', 'Help: Billing', '?']);
    expect([button.getAttribute('aria-expanded'), button.dataset.state, button.dataset.item]).toEqual(['false', 'closed', 'billing-help']);
    expect(popover()).toBeNull();
  });

  it('activating it opens the popover once, expanded, with focus inside; again closes it', () => {
    const { control, popover, onOpen, onClose } = show();
    fireEvent.click(control());
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect([control().getAttribute('aria-expanded'), control().dataset.state]).toEqual(['true', 'open']);
    const box = popover()!;
    expect([box.getAttribute('role'), box.dataset.item, box.dataset.state]).toEqual(['dialog', 'billing-help', 'open']);
    expect(document.getElementById(box.getAttribute('aria-labelledby')!)?.textContent).toBe('Billing');
    expect(document.activeElement).toBe(box);
    fireEvent.click(control());
    expect(popover()).toBeNull();
    expect(control().getAttribute('aria-expanded')).toBe('false');
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('an untitled popover is named by the link\'s label', () => {
    const { control, popover } = show({ content: content({ title: undefined }) });
    fireEvent.click(control());
    expect(popover()?.getAttribute('aria-label')).toBe('Help: Billing');
  });

  it.each([
    ['Esc', 'escape'],
    ['the × button', 'close'],
  ] as const)('%s closes it once with origin %j and gives focus back to the "?"', (how, origin) => {
    const { control, popover, onClose } = show();
    fireEvent.click(control());
    if (how === 'Esc') fireEvent.keyDown(popover()!, { key: 'Escape' });
    else fireEvent.click(popover()!.querySelector('[data-part=close]')!);
    expect(onClose.mock.calls).toEqual([[origin]]);
    expect(popover()).toBeNull();
    expect([control().getAttribute('aria-expanded'), control().dataset.state]).toEqual(['false', 'closed']);
    expect(document.activeElement).toBe(control());
  });

  it('while a tour holds the stage an open popover waits unmounted, and comes back after', () => {
    const { control, popover, rerender, props } = show();
    fireEvent.click(control());
    rerender(<HelpLink {...props} wait />);
    expect(popover()).toBeNull();
    expect(control().dataset.state).toBe('open');
    rerender(<HelpLink {...props} wait={false} />);
    expect(popover()?.dataset.item).toBe('billing-help');
  });

  it('asks "Was this helpful?" only when told to, and reports the answer once', () => {
    const without = show();
    fireEvent.click(without.control());
    expect(without.popover()!.querySelector('[data-part=feedback]')).toBeNull();
    act(() => cleanup());
    const { control, popover, onFeedback } = show({ feedback: true });
    fireEvent.click(control());
    const group = popover()!.querySelector<HTMLElement>('[data-part=feedback]')!;
    expect([group.getAttribute('role'), group.getAttribute('aria-label')]).toEqual(['group', 'Was this helpful?']);
    fireEvent.click(group.querySelector('[data-answer=no]')!);
    expect(onFeedback.mock.calls).toEqual([[{ helpful: false }]]);
  });

  it('its popover\'s buttons report themselves once', () => {
    const read = { label: 'Read more', button: { label: 'Read more', action: 'url' as const, url: '/docs' }, primary: true };
    const { control, popover, onButton } = show({ content: content({ buttons: [read] }) });
    fireEvent.click(control());
    fireEvent.click(popover()!.querySelector('[data-action=url]')!);
    expect(onButton.mock.calls).toEqual([[read]]);
  });

  it('uses only listed data-part names', () => {
    const { control, container } = show({ feedback: true });
    fireEvent.click(control());
    const parts = [...container.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts).toEqual(['help-link', 'popover', 'arrow', 'close', 'title', 'body', 'feedback', 'button', 'button']);
    expect(parts.filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });
});

describe('HelpLink: leaving its popover', () => {
  const press = (on: Element) => {
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true, composed: true });
    act(() => {
      on.dispatchEvent(event);
    });
    return event;
  };
  /** The page's next control, which Tab reaches after the popover. */
  const pageButton = () => Object.assign(document.body.appendChild(document.createElement('button')), { textContent: 'Filter' });

  it('focus moving on to the page closes it once with origin "blur", and stays where it went', () => {
    const { control, popover, onClose } = show();
    const filter = pageButton();
    fireEvent.click(control());
    popover()!.querySelector<HTMLElement>('[data-part=close]')!.focus();
    act(() => filter.focus());
    expect(popover()).toBeNull();
    expect(onClose.mock.calls).toEqual([['blur']]);
    expect([control().getAttribute('aria-expanded'), control().dataset.state]).toEqual(['false', 'closed']);
    expect(document.activeElement).toBe(filter);
  });

  it('focus moving between the popover and its "?" keeps it open', () => {
    const { control, popover, onClose } = show();
    fireEvent.click(control());
    act(() => control().focus());
    act(() => popover()!.querySelector<HTMLElement>('[data-part=close]')!.focus());
    expect(popover()).not.toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('Esc on the "?" closes its open popover with origin "escape"; closed, Esc there is the page\'s', () => {
    const { control, popover, onClose } = show();
    fireEvent.click(control());
    act(() => control().focus());
    expect(press(control()).defaultPrevented).toBe(true);
    expect(popover()).toBeNull();
    expect(onClose.mock.calls).toEqual([['escape']]);
    expect(document.activeElement).toBe(control());
    expect(press(control()).defaultPrevented).toBe(false);
    expect(onClose).toHaveBeenCalledTimes(1);
  });

  it('Esc with focus gone from it (to nothing) closes it', () => {
    const { control, popover, onClose } = show();
    fireEvent.click(control());
    act(() => (document.activeElement as HTMLElement).blur());
    expect(popover()).not.toBeNull();
    press(document.body);
    expect(popover()).toBeNull();
    expect(onClose.mock.calls).toEqual([['escape']]);
  });
});
