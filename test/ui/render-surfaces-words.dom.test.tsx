/**
 * The SDK's own words on a card (Next, Back, Close, counters) speak the language of the card's
 * texts: a German reader whose tour step has only English text sees "Next" in an English card
 * (lang="en"), not "Weiter" inside it; a step written in German gets the German words, and a card
 * in a right-to-left language its direction.
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
  it('a step translated into the reader\'s language: its words are the reader\'s', () => {
    const { renderer, card } = renderStep('de-DE', 0, { de: german });
    expect(card.getAttribute('lang')).toBe('de');
    expect(buttonTexts(card)).toEqual([german.skip, german.next]);
    expect(card.querySelector('[data-part=close]')!.getAttribute('aria-label')).toBe(german.close);
    renderer.destroy();
  });

  it('a step that falls back to English: English words in an English card, not the reader\'s', () => {
    const { renderer, card } = renderStep('de-DE', 1, { de: german });
    expect(card.getAttribute('lang')).toBe('en');
    expect(buttonTexts(card)).toEqual(['Back', 'Done']);
    expect(card.querySelector('[data-part=close]')!.getAttribute('aria-label')).toBe('Close');
    renderer.destroy();
  });

  it('an Arabic reader of an English card: left to right, English throughout', () => {
    const { renderer, card } = renderStep('ar', 1, { ar: arabic });
    expect(card.getAttribute('dir')).toBe('ltr');
    expect(buttonTexts(card)).toEqual(['Back', 'Done']);
    expect(card.textContent).not.toContain(arabic.back);
    renderer.destroy();
  });
});
