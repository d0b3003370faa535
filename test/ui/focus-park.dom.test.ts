/**
 * src/ui/focus.ts, where a tour's step goes to wait or the layer goes: a tour started from <body>
 * (by a call) has nothing to give focus back to, so where its step only waits or the layer goes
 * (`unlaunched`) focus lands on the page's main landmark, while its end leaves focus where it was;
 * a step shown again after its wait gives focus back to the control that had it (focusStep), the
 * same step only, and not when the person moved focus meanwhile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { deepActiveElement, focusedControl, focusReturn, focusStep, parkFocus } from '../../src/ui/focus';

afterEach(() => {
  document.body.innerHTML = '';
});

const page = () => {
  document.body.innerHTML = '<main id="app"><h1>Projects</h1><button id="other">Other</button></main>';
  return document.getElementById('app')!;
};

/** A tour step as TourStep.tsx draws it (the parts focus.ts reads). */
function step(n: number): HTMLElement {
  const card = document.createElement('div');
  Object.assign(card, { tabIndex: -1 });
  card.setAttribute('data-part', 'tour-step');
  card.setAttribute('data-item', 'tour');
  card.setAttribute('data-step', String(n));
  card.innerHTML = '<button data-part="close">×</button><button data-part="button" data-action="back">Back</button><button data-part="button" data-action="next">Next</button>';
  document.body.append(card);
  return card;
}

describe('focusReturn for a tour started from <body>', () => {
  it('its end leaves focus where it was; its wait or the layer going lands it on the main landmark', () => {
    const main = page();
    const back = focusReturn(document.body);
    back(false, true);
    expect(document.activeElement).toBe(document.body);
    back(true, true, true);
    expect(document.activeElement).toBe(main);
  });
});

describe('focusStep after a wait', () => {
  it('the same step shows again: focus goes back to the control that had it', () => {
    const main = page();
    const first = step(0);
    first.querySelector<HTMLElement>('[data-action=next]')!.focus();
    const control = focusedControl(document, 'tour');
    first.remove();
    parkFocus(document, 'tour', () => focusReturn(document.body)(false, true, true), control);
    expect(document.activeElement).toBe(main);
    const again = step(0);
    focusStep(again, 'tour', 0);
    expect(deepActiveElement(document)).toBe(again.querySelector('[data-action=next]'));
  });

  it('the tour moved on meanwhile: the next step takes focus itself', () => {
    page();
    const first = step(0);
    first.querySelector<HTMLElement>('[data-action=next]')!.focus();
    const control = focusedControl(document, 'tour');
    first.remove();
    parkFocus(document, 'tour', () => focusReturn(document.body)(false, true, true), control);
    const next = step(1);
    focusStep(next, 'tour', 1);
    expect(document.activeElement).toBe(next);
  });

  it('the person moved focus meanwhile: it stays there', () => {
    page();
    const first = step(0);
    first.querySelector<HTMLElement>('[data-action=next]')!.focus();
    const control = focusedControl(document, 'tour');
    first.remove();
    parkFocus(document, 'tour', () => focusReturn(document.body)(false, true, true), control);
    document.getElementById('other')!.focus();
    focusStep(step(0), 'tour', 0);
    expect(document.activeElement).toBe(document.getElementById('other'));
  });
});
