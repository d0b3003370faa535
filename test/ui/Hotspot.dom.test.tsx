/**
 * src/ui/Hotspot.tsx rendered on its own: the beacon is a button named "Open tip[: title]" whose
 * aria-expanded and data-state follow its popover; activating it opens the popover once (onOpen
 * once), with focus moved in; Esc or × closes it with that origin and gives focus back to the
 * beacon; a second activation closes it; Esc on the beacon closes it too, and focus moving on to
 * the page closes it ("blur") and stays there; its popover's buttons report themselves; data-part
 * names come from src/ui/parts.ts. (The beacon's placement needs layout: Chromium covers it.)
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import type { ViewButton, ViewContent } from '../../src/ui/content';
import { Hotspot, type HotspotProps } from '../../src/ui/Hotspot';
import { PART } from '../../src/ui/parts';
import { strings as es } from '../../src/ui/locales/es';
import { strings as ru } from '../../src/ui/locales/ru';
import { strings as zh } from '../../src/ui/locales/zh-CN';
import { uiStrings, uiStringsMarked } from '../../src/ui/strings';

const strings = uiStrings('en');
const content = (extra: Partial<ViewContent> = {}): ViewContent => ({ title: 'New: filters', body: parseRichText('Narrow the list.'), buttons: [], lang: 'en', dir: 'ltr', ...extra });

function show(overrides: Partial<HotspotProps> = {}) {
  const target = document.body.appendChild(document.createElement('button'));
  target.textContent = 'Filters';
  const callbacks = { onOpen: vi.fn(), onClose: vi.fn(), onButton: vi.fn() };
  const view = render(<Hotspot itemId="filters-hint" reference={target} content={content()} strings={strings} {...callbacks} {...overrides} />);
  const beacon = view.container.querySelector<HTMLButtonElement>('[data-part=hotspot]')!;
  const popover = () => view.container.querySelector<HTMLElement>('[data-part=popover]');
  return { ...view, ...callbacks, target, beacon, popover };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('Hotspot', () => {
  it('is a collapsed button named after its tip, with a hidden beacon inside', () => {
    const { beacon, popover } = show();
    expect([beacon.tagName, beacon.type, beacon.getAttribute('aria-label')]).toEqual(['BUTTON', 'button', 'Open tip: New: filters']);
    expect([beacon.getAttribute('aria-expanded'), beacon.dataset.state, beacon.dataset.item]).toEqual(['false', 'closed', 'filters-hint']);
    expect(beacon.querySelector('[data-part=beacon]')?.getAttribute('aria-hidden')).toBe('true');
    expect(popover()).toBeNull();
  });

  it('without a title it is named "Open tip", and its popover "Help"', () => {
    const { beacon, popover } = show({ content: content({ title: undefined }) });
    expect(beacon.getAttribute('aria-label')).toBe('Open tip');
    fireEvent.click(beacon);
    expect(popover()?.getAttribute('aria-label')).toBe('Help');
  });

  it('carries the language of its name: the title\'s, or the SDK word\'s without one; Chinese takes a full-width colon', () => {
    const spanish = show({ content: content({ title: 'Nuevo: filtros', lang: 'es' }), strings: uiStringsMarked('es', { es }) });
    expect([spanish.beacon.getAttribute('aria-label'), spanish.beacon.lang]).toEqual(['Abrir consejo: Nuevo: filtros', 'es']);
    act(() => cleanup());
    const untitled = show({ content: content({ title: undefined, lang: 'en' }), strings: uiStringsMarked('ru', { ru }) });
    expect(untitled.beacon.lang).toBe('ru');
    act(() => cleanup());
    const chinese = show({ content: content({ title: '筛选', lang: 'zh-CN' }), strings: uiStringsMarked('zh-CN', { 'zh-CN': zh }) });
    expect([chinese.beacon.getAttribute('aria-label'), chinese.beacon.lang]).toEqual(['打开提示：筛选', 'zh-CN']);
  });

  it('activating it opens its popover once, expanded, with focus inside', () => {
    const { beacon, popover, onOpen, onClose } = show();
    fireEvent.click(beacon);
    expect(onOpen).toHaveBeenCalledTimes(1);
    expect(onOpen).toHaveBeenCalledWith();
    expect([beacon.getAttribute('aria-expanded'), beacon.dataset.state]).toEqual(['true', 'open']);
    const box = popover()!;
    expect([box.getAttribute('role'), box.dataset.item, box.dataset.state]).toEqual(['dialog', 'filters-hint', 'open']);
    expect(document.getElementById(box.getAttribute('aria-labelledby')!)?.textContent).toBe('New: filters');
    expect(document.activeElement).toBe(box);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('activating it again closes the popover without opening it twice', () => {
    const { beacon, popover, onOpen } = show();
    fireEvent.click(beacon);
    fireEvent.click(beacon);
    expect(popover()).toBeNull();
    expect([beacon.getAttribute('aria-expanded'), beacon.dataset.state]).toEqual(['false', 'closed']);
    expect(onOpen).toHaveBeenCalledTimes(1);
    fireEvent.click(beacon);
    expect(onOpen).toHaveBeenCalledTimes(2);
  });

  it.each([
    ['Esc', 'escape'],
    ['the × button', 'close'],
  ] as const)('%s closes the popover once with origin %j and gives focus back to the beacon', (how, origin) => {
    const { beacon, popover, onClose } = show();
    fireEvent.click(beacon);
    const box = popover()!;
    if (how === 'Esc') fireEvent.keyDown(box, { key: 'Escape' });
    else {
      const close = box.querySelector<HTMLButtonElement>('[data-part=close]')!;
      expect(close.getAttribute('aria-label')).toBe('Close');
      fireEvent.click(close);
    }
    expect(onClose.mock.calls).toEqual([[origin]]);
    expect(popover()).toBeNull();
    expect([beacon.getAttribute('aria-expanded'), beacon.dataset.state]).toEqual(['false', 'closed']);
    expect(document.activeElement).toBe(beacon);
  });

  it('its popover\'s buttons report themselves once', () => {
    const got: ViewButton = { label: 'Got it', button: { label: 'Got it', action: 'dismiss' }, primary: true };
    const { beacon, popover, onButton } = show({ content: content({ buttons: [got] }) });
    fireEvent.click(beacon);
    fireEvent.click(popover()!.querySelector('[data-action=dismiss]')!);
    expect(onButton).toHaveBeenCalledTimes(1);
    expect(onButton).toHaveBeenCalledWith(got);
  });

  it('its popover takes the content\'s language and direction', () => {
    const { beacon, popover } = show({ content: content({ lang: 'he', dir: 'rtl' }) });
    fireEvent.click(beacon);
    expect([popover()!.getAttribute('lang'), popover()!.getAttribute('dir')]).toEqual(['he', 'rtl']);
  });

  it('uses only listed data-part names, open or closed', () => {
    const { beacon, container } = show({ content: content({ buttons: [{ label: 'Ok', button: { label: 'Ok', action: 'dismiss' }, primary: true }] }) });
    const parts = () => [...container.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts()).toEqual(['hotspot', 'beacon']);
    fireEvent.click(beacon);
    expect(parts()).toEqual(['hotspot', 'beacon', 'popover', 'arrow', 'close', 'title', 'body', 'actions', 'button']);
    expect(parts().filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });
});

describe('Hotspot: leaving its popover', () => {
  const press = (on: Element) => {
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true, composed: true });
    act(() => {
      on.dispatchEvent(event);
    });
    return event;
  };

  it('Esc on the beacon while its popover is open closes it with origin "escape"; focus stays on the beacon', () => {
    const { beacon, popover, onClose } = show();
    fireEvent.click(beacon);
    act(() => beacon.focus());
    expect(popover()).not.toBeNull();
    expect(press(beacon).defaultPrevented).toBe(true);
    expect(popover()).toBeNull();
    expect(onClose.mock.calls).toEqual([['escape']]);
    expect([beacon.getAttribute('aria-expanded'), document.activeElement]).toEqual(['false', beacon]);
  });

  it('focus moving on to the page (its target) closes it once with origin "blur", and stays there', () => {
    const { beacon, popover, onClose, target } = show();
    fireEvent.click(beacon);
    act(() => target.focus());
    expect(popover()).toBeNull();
    expect(onClose.mock.calls).toEqual([['blur']]);
    expect(beacon.dataset.state).toBe('closed');
    expect(document.activeElement).toBe(target);
  });

  it('focus moving between the popover and the beacon keeps it open', () => {
    const { beacon, popover, onClose } = show();
    fireEvent.click(beacon);
    act(() => beacon.focus());
    act(() => popover()!.querySelector<HTMLElement>('[data-part=close]')!.focus());
    expect(popover()).not.toBeNull();
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('Hotspot: a target the app re-rendered', () => {
  it('moves its open popover to the new element without taking focus from where it is in the popover', () => {
    const withButton = content({ buttons: [{ label: 'Got it', primary: true, button: { label: 'Got it', action: 'dismiss' } }] });
    const view = show({ content: withButton });
    fireEvent.click(view.beacon);
    const button = view.popover()!.querySelector<HTMLButtonElement>('[data-part=button]')!;
    button.focus();
    const again = document.body.appendChild(document.createElement('button'));
    view.rerender(<Hotspot itemId="filters-hint" reference={again} content={withButton} strings={strings} onOpen={view.onOpen} onClose={view.onClose} onButton={view.onButton} />);
    expect(view.popover()).not.toBeNull();
    expect(document.activeElement).toBe(button);
  });
});
