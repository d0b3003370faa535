/**
 * The SDK's own words on a card (Next, Back, Close, counters) are the reader's, and carry their
 * language: a card whose texts fall back to English for an Arabic reader is lang="en" dir="ltr",
 * and its Arabic buttons say lang="ar" dir="rtl", so screen readers speak each in its language
 * and the buttons lay out right to left.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import { createRenderer } from '../../src/ui/renderer';
import type { SurfaceCallbacks } from '../../src/ui/Layer';
import { strings as german } from '../../src/ui/locales/de';
import { strings as arabic } from '../../src/ui/locales/ar';

const callbacks = (): SurfaceCallbacks => ({
  onClose: vi.fn(), onButton: vi.fn(), onLinkClick: vi.fn(), onOpen: vi.fn(), onTour: vi.fn(), onFeedback: vi.fn(), onChecklistToggle: vi.fn(), onTask: vi.fn(),
});

const tour = {
  id: 'tour',
  type: 'tour',
  steps: [
    { target: '#a', title: { en: 'Projects', de: 'Projekte' }, body: { en: 'Your work.', de: 'Ihre Arbeit.' } },
    { target: '#a', title: { en: 'Share' }, body: { en: 'Invite people.' } },
  ],
} as unknown as Item;

function renderStep(locale: string, step: number, tables: Record<string, typeof german>) {
  document.body.innerHTML = '<button id="a">A</button>';
  const renderer = createRenderer(document, {
    locale,
    locales: tables,
    callbacks: callbacks(),
    contentContext: () => ({ locale, defaultLocale: 'en', lookup: () => undefined }),
  });
  renderer.render([{ item: tour, reference: document.getElementById('a')!, tour: { step, total: 2, allowClicksThrough: false, feedback: false } }]);
  const card = document.querySelector('[data-guidepost-host=layer]')!.shadowRoot!.querySelector('[data-part=tour-step]')!;
  return { renderer, card };
}

const buttonTexts = (card: Element) => [...card.querySelectorAll('[data-part=actions] button')].map((b) => b.textContent);

afterEach(() => {
  document.body.innerHTML = '';
});

describe('the SDK words on a card', () => {
  it('a step translated into the reader\'s language: its words are the reader\'s, marked as such', () => {
    const { renderer, card } = renderStep('de-DE', 0, { de: german });
    expect(card.getAttribute('lang')).toBe('de');
    expect(buttonTexts(card)).toEqual([german.skip, german.next]);
    const close = card.querySelector('[data-part=close]')!;
    expect([close.getAttribute('aria-label'), close.getAttribute('lang')]).toEqual([german.close, 'de']);
    renderer.destroy();
  });

  it('a step that falls back to English: the reader\'s words in an English card, each marked with its own language', () => {
    const { renderer, card } = renderStep('de-DE', 1, { de: german });
    expect(card.getAttribute('lang')).toBe('en');
    expect(buttonTexts(card)).toEqual([german.back, german.done]);
    for (const button of card.querySelectorAll('[data-part=actions] button')) expect([button.getAttribute('lang'), button.getAttribute('dir')]).toEqual(['de', 'ltr']);
    expect(card.querySelector('[data-part=progress]')!.getAttribute('lang')).toBe('de');
    renderer.destroy();
  });

  it('an Arabic reader of an English card: the card left to right, its Arabic words right to left', () => {
    const { renderer, card } = renderStep('ar', 1, { ar: arabic });
    expect([card.getAttribute('lang'), card.getAttribute('dir')]).toEqual(['en', 'ltr']);
    const back = card.querySelector('[data-action=back]')!;
    expect([back.textContent, back.getAttribute('lang'), back.getAttribute('dir')]).toEqual([arabic.back, 'ar', 'rtl']);
    expect(card.querySelector('[data-part=close]')!.getAttribute('lang')).toBe('ar');
    renderer.destroy();
  });

  it('English words are marked English', () => {
    const { renderer, card } = renderStep('en', 0, {});
    expect(card.querySelector('[data-action=next]')!.getAttribute('lang')).toBe('en');
    renderer.destroy();
  });
});

describe('a help link\'s accessible name', () => {
  function renderHelp(item: Record<string, unknown>) {
    document.body.innerHTML = '<h2 id="billing">Billing</h2>';
    const renderer = createRenderer(document, {
      locale: 'de',
      locales: { de: german },
      callbacks: callbacks(),
      contentContext: () => ({ locale: 'de', defaultLocale: 'en', lookup: () => undefined }),
    });
    renderer.render([{ item: { id: 'help', type: 'helpLink', target: '#billing', ...item } as unknown as Item, reference: document.getElementById('billing')! }]);
    const trigger = () => document.querySelector('guidepost-help')?.shadowRoot?.querySelector<HTMLElement>('[data-part=help-link]') ?? null;
    return { renderer, trigger };
  }

  it('carries the language it is in: the title\'s with the reader\'s word for "Help", or its own label\'s', async () => {
    const titled = renderHelp({ title: { en: 'Billing', de: 'Abrechnung' }, body: { en: 'How billing works.', de: 'So funktioniert die Abrechnung.' } });
    await vi.waitFor(() => expect(titled.trigger()).not.toBeNull());
    expect([titled.trigger()!.getAttribute('aria-label'), titled.trigger()!.lang]).toEqual([`${german.help}: Abrechnung`, 'de']);
    titled.renderer.destroy();

    const labelled = renderHelp({ label: { en: 'Billing help' }, body: 'How billing works.' });
    await vi.waitFor(() => expect(labelled.trigger()).not.toBeNull());
    // Only in English: read as English, not with German pronunciation.
    expect([labelled.trigger()!.getAttribute('aria-label'), labelled.trigger()!.lang]).toEqual(['Billing help', 'en']);
    labelled.renderer.destroy();
  });
});
