/**
 * src/ui/Banner.tsx rendered on its own: a section named by its title or its fallback label, in
 * the content's language and direction; the × only when dismissible, closing it once; its buttons
 * reporting themselves; `inert` beneath a tour's stage; with `push`, one spacer at the start
 * (top) or end (bottom) of <body>, none inline, removed with the banner; nothing rendered for
 * missing content; data-part / data-item / data-state / data-slot.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import { Banner, type BannerProps } from '../../src/ui/Banner';
import type { ViewButton, ViewContent } from '../../src/ui/content';
import { PART } from '../../src/ui/parts';

const content = (extra: Partial<ViewContent> = {}): ViewContent => ({ title: 'Maintenance tonight', body: parseRichText('Back by **6am**.'), buttons: [], lang: 'en', dir: 'ltr', ...extra });
const button = (label: string, action: ViewButton['button']['action'], primary: boolean): ViewButton => ({ label, button: { label, action }, primary });

function show(overrides: Partial<BannerProps> = {}) {
  const callbacks = { onClose: vi.fn(), onButton: vi.fn() };
  const props: BannerProps = { itemId: 'maintenance', slot: 'top', content: content(), dismissible: true, closeLabel: 'Close', fallbackLabel: 'Announcement', ...callbacks, ...overrides };
  const view = render(<Banner {...props} />);
  const banner = view.container.querySelector<HTMLElement>('[data-part=banner]')!;
  return { ...view, ...callbacks, props, banner };
}
const spacers = () => [...document.body.querySelectorAll<HTMLElement>('[data-guidepost-spacer]')];

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('Banner', () => {
  it('is a section named by its title, in the content language, with the contract attributes', () => {
    const { banner } = show({ slot: 'bottom', content: content({ lang: 'ar', dir: 'rtl' }) });
    expect(banner.tagName).toBe('SECTION');
    expect(banner.hasAttribute('aria-label')).toBe(false);
    expect(document.getElementById(banner.getAttribute('aria-labelledby')!)?.textContent).toBe('Maintenance tonight');
    expect([banner.dataset.part, banner.dataset.item, banner.dataset.state, banner.dataset.slot]).toEqual(['banner', 'maintenance', 'open', 'bottom']);
    expect([banner.getAttribute('lang'), banner.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(banner.querySelector('[data-part=body]')?.textContent).toBe('Back by 6am.');
  });

  it('without a title it takes the fallback label; without title, body or buttons it shows only its ×', () => {
    const { banner } = show({ content: content({ title: undefined, body: undefined }) });
    expect(banner.getAttribute('aria-label')).toBe('Announcement');
    expect(banner.hasAttribute('aria-labelledby')).toBe(false);
    expect([...banner.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part'))).toEqual(['close']);
  });

  it('the × is named by the close label and closes it once; not dismissible, it has none', () => {
    const { banner, onClose, onButton } = show({ closeLabel: 'Schließen' });
    const close = banner.querySelector<HTMLButtonElement>('[data-part=close]')!;
    expect([close.type, close.getAttribute('aria-label')]).toEqual(['button', 'Schließen']);
    fireEvent.click(close);
    expect(onClose).toHaveBeenCalledTimes(1);
    expect(onButton).not.toHaveBeenCalled();
    act(() => cleanup());
    expect(show({ dismissible: false }).banner.querySelector('[data-part=close]')).toBeNull();
  });

  it('its buttons report themselves once, and do not close it by themselves', () => {
    const buttons = [button('Details', 'url', false), button('Got it', 'dismiss', true)];
    const { banner, onButton, onClose } = show({ content: content({ buttons }) });
    const rendered = [...banner.querySelectorAll<HTMLButtonElement>('[data-part=actions] [data-part=button]')];
    expect(rendered.map((b) => [b.type, b.textContent, b.dataset.action, b.hasAttribute('data-primary')])).toEqual([['button', 'Details', 'url', false], ['button', 'Got it', 'dismiss', true]]);
    fireEvent.click(rendered[1]!);
    expect(onButton.mock.calls).toEqual([[buttons[1]]]);
    expect(onClose).not.toHaveBeenCalled();
  });

  it('is inert only beneath a tour\'s stage', () => {
    expect(show().banner.hasAttribute('inert')).toBe(false);
    act(() => cleanup());
    expect(show({ inert: true }).banner.hasAttribute('inert')).toBe(true);
  });

  it('uses only listed data-part names', () => {
    const { banner } = show({ content: content({ image: { src: '/m.png', alt: '' }, buttons: [button('Ok', 'dismiss', true)] }) });
    const parts = [banner, ...banner.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts).toEqual(['banner', 'title', 'image', 'body', 'actions', 'button', 'close']);
    expect(parts.filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });
});

describe('Banner with push', () => {
  it('at the top reserves its height with one hidden spacer first in <body>, removed with the banner', () => {
    document.body.appendChild(document.createElement('main'));
    const view = show({ slot: 'top', push: true });
    const [spacer, ...more] = spacers();
    expect(more).toEqual([]);
    expect(document.body.firstElementChild).toBe(spacer);
    expect(spacer!.getAttribute('aria-hidden')).toBe('true');
    expect(spacer!.style.height).toBe(`${view.banner.offsetHeight}px`);
    act(() => {
      view.unmount();
    });
    expect(spacers()).toEqual([]);
  });

  it('at the bottom puts its spacer last in <body>', () => {
    show({ slot: 'bottom', push: true });
    expect(spacers()).toHaveLength(1);
    expect(document.body.lastElementChild).toBe(spacers()[0]);
  });

  it.each([
    ['inline with push', { slot: 'inline', push: true }],
    ['at the top without push', { slot: 'top' }],
  ] as const)('%s adds no spacer', (_, props) => {
    show(props);
    expect(spacers()).toEqual([]);
  });

  it('a spacer follows push being turned off and on', () => {
    const { rerender, props } = show({ slot: 'top', push: true });
    act(() => rerender(<Banner {...props} push={false} />));
    expect(spacers()).toEqual([]);
    act(() => rerender(<Banner {...props} push />));
    expect(spacers()).toHaveLength(1);
  });
});
