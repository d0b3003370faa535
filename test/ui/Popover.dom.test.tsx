/**
 * src/ui/Popover.tsx rendered on its own (as the tooltip surface and as the popover a help link
 * or hotspot opens): a non-modal dialog named by its title or its fallback label, described by
 * its body, Esc and × closing it once with their origin, its buttons and feedback slot, focus
 * moved in only when asked, nothing rendered for missing content, and its data-part / data-item /
 * data-state attributes. Esc from anywhere in the page closes the newest one (not one the page
 * handled), focus left where it is; a tooltip is said through the layer's live region; what it is
 * given to run while open (a popover's light dismiss) runs until it goes. (Placement needs
 * layout: the Chromium tests cover it.)
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import type { ViewButton, ViewContent } from '../../src/ui/content';
import { Announcer } from '../../src/ui/announcer';
import { PART } from '../../src/ui/parts';
import { Popover, type PopoverProps } from '../../src/ui/Popover';

const content = (extra: Partial<ViewContent> = {}): ViewContent => ({ title: 'Export', body: parseRichText('Download a **CSV**.'), buttons: [], lang: 'en', dir: 'ltr', ...extra });
const button = (label: string, action: ViewButton['button']['action'], primary: boolean): ViewButton => ({ label, button: { label, action }, primary });

function show(overrides: Partial<PopoverProps> = {}) {
  const target = document.body.appendChild(document.createElement('button'));
  target.textContent = 'Export';
  const onClose = vi.fn();
  const onButton = vi.fn();
  const props: PopoverProps = { part: 'tooltip', itemId: 'export-tip', reference: target, content: content(), closeLabel: 'Close', fallbackLabel: 'Help', onClose, onButton, ...overrides };
  const view = render(<Popover {...props} />);
  const box = view.container.querySelector<HTMLElement>(`[data-part=${props.part}]`)!;
  return { ...view, target, box, onClose, onButton };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('Popover', () => {
  it('is a non-modal dialog named by its title and described by its body, in the content language', () => {
    const { box } = show({ content: content({ lang: 'ar', dir: 'rtl' }) });
    expect(box.getAttribute('role')).toBe('dialog');
    expect(box.hasAttribute('aria-modal')).toBe(false);
    expect(box.getAttribute('tabindex')).toBe('-1');
    expect(box.hasAttribute('aria-label')).toBe(false);
    expect(document.getElementById(box.getAttribute('aria-labelledby')!)?.textContent).toBe('Export');
    expect(document.getElementById(box.getAttribute('aria-describedby')!)?.textContent).toBe('Download a CSV.');
    expect([box.getAttribute('lang'), box.getAttribute('dir')]).toEqual(['ar', 'rtl']);
  });

  it('without a title it takes the fallback label; without a body it has no description; no empty parts', () => {
    const { box } = show({ content: content({ title: undefined, body: undefined }), fallbackLabel: 'Help: Export' });
    expect(box.getAttribute('aria-label')).toBe('Help: Export');
    expect(box.hasAttribute('aria-labelledby')).toBe(false);
    expect(box.hasAttribute('aria-describedby')).toBe(false);
    expect(box.querySelector('[data-part=title], [data-part=body], [data-part=image], [data-part=actions]')).toBeNull();
    expect([...box.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part'))).toEqual(['arrow', 'close']);
  });

  it.each(['tooltip', 'popover'] as const)('as %s it carries the contract attributes and only listed parts', (part) => {
    const { box } = show({ part, content: content({ image: { src: '/chart.png', alt: 'Chart' }, buttons: [button('Got it', 'dismiss', true)] }) });
    expect([box.dataset.part, box.dataset.item, box.dataset.state]).toEqual([part, 'export-tip', 'open']);
    expect(box.querySelector('[data-part=arrow]')?.getAttribute('aria-hidden')).toBe('true');
    const parts = [...box.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts).toEqual(['arrow', 'close', 'title', 'image', 'body', 'actions', 'button']);
    expect(parts.filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });

  it('Esc inside it closes it once with origin "escape", and goes no further up', () => {
    const { box, onClose } = show({ content: content({ buttons: [button('Got it', 'dismiss', true)] }) });
    const onDocument = vi.fn();
    document.addEventListener('keydown', onDocument);
    fireEvent.keyDown(box.querySelector('[data-action=dismiss]')!, { key: 'Escape' });
    document.removeEventListener('keydown', onDocument);
    expect(onClose.mock.calls).toEqual([['escape']]);
    expect(onDocument).not.toHaveBeenCalled();
  });

  it('other keys do nothing and go on to the page', () => {
    const { box, onClose, onButton } = show();
    expect(fireEvent.keyDown(box, { key: 'Enter' })).toBe(true);
    expect(fireEvent.keyDown(box, { key: 'ArrowRight' })).toBe(true);
    expect(onClose).not.toHaveBeenCalled();
    expect(onButton).not.toHaveBeenCalled();
  });

  it('the × button is named by the close label and closes it once with origin "close"', () => {
    const { box, onClose } = show({ closeLabel: 'Cerrar' });
    const close = box.querySelector<HTMLButtonElement>('[data-part=close]')!;
    expect([close.tagName, close.type, close.getAttribute('aria-label')]).toEqual(['BUTTON', 'button', 'Cerrar']);
    fireEvent.click(close);
    expect(onClose.mock.calls).toEqual([['close']]);
  });

  it('a button reports itself once and does not close it by itself', () => {
    const buttons = [button('Later', 'dismiss', false), button('Open docs', 'url', true)];
    const { box, onButton, onClose } = show({ content: content({ buttons }) });
    const rendered = [...box.querySelectorAll<HTMLButtonElement>('[data-part=button]')];
    expect(rendered.map((b) => [b.textContent, b.dataset.action, b.hasAttribute('data-primary')])).toEqual([['Later', 'dismiss', false], ['Open docs', 'url', true]]);
    fireEvent.click(rendered[1]!);
    expect(onButton).toHaveBeenCalledTimes(1);
    expect(onButton).toHaveBeenCalledWith(buttons[1]);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('moves focus into itself only with autoFocus', () => {
    const outside = document.body.appendChild(document.createElement('input'));
    outside.focus();
    show();
    expect(document.activeElement).toBe(outside);
    act(() => cleanup());
    const { box } = show({ part: 'popover', autoFocus: true });
    expect(document.activeElement).toBe(box);
  });

  it('shows the feedback slot under its content', () => {
    const { box } = show({ feedback: <div data-part="feedback">Was this helpful?</div> });
    expect(box.lastElementChild?.getAttribute('data-part')).toBe('feedback');
    expect(box.querySelector('[data-part=feedback]')?.textContent).toBe('Was this helpful?');
  });
});

describe('Popover: focus when it goes away', () => {
  it('closed with focus inside, focus returns to what it points at, not to <body>', () => {
    const { box, target, unmount } = show({ content: content({ buttons: [button('Got it', 'dismiss', true)] }) });
    box.querySelector<HTMLButtonElement>('[data-part=close]')!.focus();
    act(() => {
      unmount();
    });
    expect(document.activeElement).toBe(target);
  });

  it('gone while focus is elsewhere, it leaves focus alone', () => {
    const { unmount } = show();
    const input = document.body.appendChild(document.createElement('input'));
    input.focus();
    act(() => {
      unmount();
    });
    expect(document.activeElement).toBe(input);
  });
});

describe('Popover: Esc from the page', () => {
  const press = (on: Element, prepare?: (e: KeyboardEvent) => void) => {
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true, composed: true });
    prepare?.(event);
    act(() => {
      on.dispatchEvent(event);
    });
    return event;
  };

  it('Esc with focus on the page closes it once with origin "escape", focus left where it is', () => {
    const { onClose } = show();
    const input = document.body.appendChild(document.createElement('input'));
    input.focus();
    expect(press(input).defaultPrevented).toBe(true);
    expect(onClose.mock.calls).toEqual([['escape']]);
    expect(document.activeElement).toBe(input);
  });

  it('an Esc the page handled first is left alone', () => {
    const { onClose } = show();
    press(document.body, (e) => e.preventDefault());
    expect(onClose).not.toHaveBeenCalled();
  });

  it('with two open, Esc closes the newest only; gone, it hears Esc no more', () => {
    const older = show({ itemId: 'older-tip' });
    const onNewer = vi.fn();
    const newer = render(<Popover part="tooltip" itemId="newer-tip" reference={older.target} content={content()} closeLabel="Close" fallbackLabel="Help" onButton={vi.fn()} onClose={onNewer} />);
    press(document.body);
    expect([older.onClose.mock.calls.length, onNewer.mock.calls]).toEqual([0, [['escape']]]);
    act(() => {
      newer.unmount();
    });
    press(document.body);
    expect([older.onClose.mock.calls, onNewer.mock.calls.length]).toEqual([[['escape']], 1]);
    act(() => {
      older.unmount();
    });
    expect(press(document.body).defaultPrevented).toBe(false);
    expect([older.onClose.mock.calls.length, onNewer.mock.calls.length]).toEqual([1, 1]);
  });

  it('runs what it is given while open, with its element and a close that reports to the latest onClose, until it goes', () => {
    const stop = vi.fn();
    let given: [HTMLElement, (origin: 'blur') => void] | undefined;
    const whileOpen = vi.fn((card: HTMLElement, close: (origin: 'blur') => void) => ((given = [card, close]), stop));
    const { box, rerender, unmount, target } = show({ whileOpen });
    const later = vi.fn();
    rerender(<Popover part="tooltip" itemId="export-tip" reference={target} content={content()} closeLabel="Close" fallbackLabel="Help" onButton={vi.fn()} whileOpen={whileOpen} onClose={later} />);
    expect(whileOpen).toHaveBeenCalledTimes(1);
    expect(given![0]).toBe(box);
    given![1]('blur');
    expect(later.mock.calls).toEqual([['blur']]);
    expect(stop).not.toHaveBeenCalled();
    act(() => {
      unmount();
    });
    expect(stop).toHaveBeenCalledTimes(1);
  });
});

describe('Popover: a tooltip is said', () => {
  /**
   * The live region (with words it said before), then the card drawn beside it: announce() empties
   * the region at once, so words still there after the card came mean nothing was asked.
   */
  function withRegion(overrides: Partial<PopoverProps> = {}) {
    const target = document.body.appendChild(document.createElement('button'));
    const props: PopoverProps = { part: 'tooltip', itemId: 'export-tip', reference: target, content: content(), closeLabel: 'Close', fallbackLabel: 'Help', onClose: vi.fn(), onButton: vi.fn(), ...overrides };
    const draw = (card: boolean) => (
      <>
        <Announcer />
        {card && <Popover {...props} />}
      </>
    );
    const view = render(draw(false));
    const region = view.container.querySelector<HTMLElement>('[data-part=announcer]')!;
    region.textContent = 'Said before';
    view.rerender(draw(true));
    return region;
  }

  it('by its title, politely, through the live region', async () => {
    const region = withRegion();
    expect(region.textContent).toBe('');
    await vi.waitFor(() => expect(region.textContent).toBe('Export'));
    expect([region.getAttribute('role'), region.getAttribute('aria-live')]).toEqual(['status', 'polite']);
  });

  it('without a title, by the first words of its body', async () => {
    const region = withRegion({ content: content({ title: undefined, body: parseRichText(`Download a **CSV** of ${'every row '.repeat(20)}here.`) }) });
    await vi.waitFor(() => expect(region.textContent).not.toBe(''));
    expect(region.textContent!.startsWith('Download a CSV of every row')).toBe(true);
    expect(region.textContent!.endsWith('…')).toBe(true);
  });

  it('and unsaid when it goes: the region keeps no stale status', async () => {
    const target = document.body.appendChild(document.createElement('button'));
    const props: PopoverProps = { part: 'tooltip', itemId: 'export-tip', reference: target, content: content(), closeLabel: 'Close', fallbackLabel: 'Help', onClose: vi.fn(), onButton: vi.fn() };
    const draw = (card: boolean) => (
      <>
        <Announcer />
        {card && <Popover {...props} />}
      </>
    );
    const view = render(draw(true));
    const region = view.container.querySelector<HTMLElement>('[data-part=announcer]')!;
    await vi.waitFor(() => expect(region.textContent).toBe('Export'));
    view.rerender(draw(false));
    expect(region.textContent).toBe('');
  });

  it('a popover (opened by the person, focus moved in) is not', () => {
    const region = withRegion({ part: 'popover' });
    expect(region.textContent).toBe('Said before');
  });
});
