/**
 * src/ui/Card.tsx rendered on its own: CardContent shows title (a heading with the given id),
 * image (with its alternative text), body (rich text, with the given id) and buttons (in order,
 * the primary marked, each reporting itself once), text as text, and nothing for missing
 * content; CloseButton is a button named by its label with a hidden ×, closing once.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import { CardContent, CloseButton } from '../../src/ui/Card';
import type { ViewButton, ViewContent } from '../../src/ui/content';
import { PART } from '../../src/ui/parts';

const button = (label: string, action: ViewButton['button']['action'], primary: boolean): ViewButton => ({ label, button: { label, action }, primary });

function card(content: Partial<ViewContent>) {
  const onButton = vi.fn();
  const view = render(<CardContent content={{ buttons: [], dir: 'ltr', ...content }} titleId="t-1" bodyId="b-1" onButton={onButton} />);
  return { ...view, onButton, parts: () => [...view.container.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!) };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('CardContent', () => {
  it('shows title, image, body and buttons in that order, with the given ids', () => {
    const { container, parts } = card({
      title: 'Reports',
      image: { src: '/img/reports.png', alt: 'A bar chart' },
      body: parseRichText('Export as **CSV** or [PDF](/docs/pdf).'),
      buttons: [button('Later', 'dismiss', false), button('Show me', 'next', true)],
    });
    expect(parts()).toEqual(['title', 'image', 'body', 'actions', 'button', 'button']);
    expect(parts().filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
    const title = container.querySelector('[data-part=title]')!;
    expect([title.tagName, title.id, title.textContent]).toEqual(['H2', 't-1', 'Reports']);
    const image = container.querySelector('img')!;
    expect([image.getAttribute('src'), image.getAttribute('alt')]).toEqual(['/img/reports.png', 'A bar chart']);
    const body = container.querySelector('[data-part=body]')!;
    expect([body.id, body.innerHTML]).toEqual(['b-1', '<p>Export as <strong>CSV</strong> or <a href="/docs/pdf">PDF</a>.</p>']);
  });

  it("a title in another language has that language's lang and dir; otherwise the card's", () => {
    const title = card({ title: 'تصدير', titleLang: { lang: 'ar', dir: 'rtl' }, lang: 'en' }).container.querySelector('[data-part=title]')!;
    expect([title.getAttribute('lang'), title.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    act(() => cleanup());
    const plain = card({ title: 'Export' }).container.querySelector('[data-part=title]')!;
    expect([plain.hasAttribute('lang'), plain.hasAttribute('dir')]).toEqual([false, false]);
  });

  it('renders its buttons as buttons in order, the primary one marked', () => {
    const { container } = card({ buttons: [button('Later', 'dismiss', false), button('Show me', 'next', true)] });
    const buttons = [...container.querySelectorAll<HTMLButtonElement>('[data-part=actions] > [data-part=button]')];
    expect(buttons.map((b) => [b.tagName, b.type, b.textContent, b.dataset.action, b.hasAttribute('data-primary')])).toEqual([
      ['BUTTON', 'button', 'Later', 'dismiss', false],
      ['BUTTON', 'button', 'Show me', 'next', true],
    ]);
  });

  it('a button reports itself, with its manifest button, once per click', () => {
    const buttons = [button('Later', 'dismiss', false), button('Show me', 'next', true)];
    const { container, onButton } = card({ buttons });
    fireEvent.click(container.querySelector('[data-action=next]')!);
    expect(onButton.mock.calls).toEqual([[buttons[1]]]);
    fireEvent.click(container.querySelector('[data-action=dismiss]')!);
    expect(onButton.mock.calls).toEqual([[buttons[1]], [buttons[0]]]);
  });

  it('renders nothing for missing content', () => {
    expect(card({}).container.innerHTML).toBe('');
  });

  it.each([
    ['title', { title: 'Only a title' }, ['title']],
    ['body', { body: parseRichText('Only a body.') }, ['body']],
    ['buttons', { buttons: [button('Ok', 'dismiss', true)] }, ['actions', 'button']],
  ] as const)('with only a %s, renders only that', (_, content, expected) => {
    expect(card(content as Partial<ViewContent>).parts()).toEqual(expected);
  });

  it('an empty title renders no empty heading', () => {
    expect(card({ title: '' }).container.innerHTML).toBe('');
  });

  it('a decorative image keeps an empty alternative text (not read out, never its URL)', () => {
    const image = card({ image: { src: '/deco.svg', alt: '' } }).container.querySelector('img')!;
    expect(image.getAttribute('alt')).toBe('');
  });

  it('shows markup in a title or a label as text', () => {
    const { container } = card({ title: '<img src=x onerror=alert(1)>', buttons: [button('<b>Go</b>', 'next', true)] });
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.querySelector('[data-part=title]')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(container.querySelector('[data-part=button]')!.textContent).toBe('<b>Go</b>');
  });
});

describe('CloseButton', () => {
  it('is a button named by its label, its × hidden from assistive technology', () => {
    const { container } = render(<CloseButton label="Fermer" onClose={() => undefined} />);
    const close = container.querySelector<HTMLButtonElement>('[data-part=close]')!;
    expect([close.tagName, close.type, close.getAttribute('aria-label')]).toEqual(['BUTTON', 'button', 'Fermer']);
    expect([close.textContent, close.querySelector('span')?.getAttribute('aria-hidden')]).toEqual(['×', 'true']);
  });

  it('closes once per click', () => {
    const onClose = vi.fn();
    const { container } = render(<CloseButton label="Close" onClose={onClose} />);
    fireEvent.click(container.querySelector('[data-part=close]')!);
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
