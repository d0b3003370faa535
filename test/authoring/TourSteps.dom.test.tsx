/**
 * src/authoring/TourSteps.tsx: a tour's steps, each with its target, page, texts, placement
 * and what moves the tour on; reordered with keyboard-usable buttons (focus follows the moved
 * step), deleted (never the last one), previewed and re-targeted one by one.
 * Rendered over the real reducer: assertions are on the manifest the writer gets.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { useReducer } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TourSteps } from '../../src/authoring/TourSteps';
import type { JsonObject } from '../../src/authoring/json-patch';
import { findItem, initialState, reduce, type AuthoringState } from '../../src/authoring/state';
import { validateManifest } from '../../src/manifest/validate';

beforeEach(() => {
  history.replaceState({}, '', '/board');
  document.body.innerHTML = '<button id="a">A</button><button id="b">B</button>';
});
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

let latest: AuthoringState;
const handlers = { onPickStep: vi.fn(), onRetarget: vi.fn(), onPreview: vi.fn() };
function Harness({ initial, locale = 'en' }: { initial: AuthoringState; locale?: string }) {
  const [state, dispatch] = useReducer(reduce, initial);
  latest = state;
  return <TourSteps tour={findItem(state.draft, 'tour')!} doc={document} locale={locale} defaultLocale="en" dispatch={dispatch} {...handlers} />;
}

const STEPS = [
  { target: '#a', route: '/board', title: { en: 'One' } },
  { target: '#b', title: { en: 'Two', es: 'Dos' }, placement: 'left' },
  { target: '#c', route: '/settings', title: { en: 'Three' }, advanceOn: { click: true } },
];
function setup(steps: unknown[] = STEPS, locale?: string) {
  for (const handler of Object.values(handlers)) handler.mockReset();
  const original = { schemaVersion: 1, revision: 'r', items: [{ id: 'tour', type: 'tour', trigger: 'manual', steps }] } as JsonObject;
  const view = render(<Harness initial={initialState(original, 'en')} locale={locale} />);
  const $ = <T extends Element = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  const step = (i: number) => $(`[data-step="${i}"]`)!;
  const button = (i: number, label: string) => [...step(i).querySelectorAll('button')].find((b) => b.textContent?.trim() === label) as HTMLButtonElement;
  return { ...view, $, step, button, steps: () => findItem(latest.draft, 'tour')!.steps as JsonObject[], errors: () => validateManifest(latest.draft).problems.filter((p) => p.severity === 'error').map((p) => p.message) };
}

describe('TourSteps: what each step shows', () => {
  it('one fieldset per step, with its number, target, page and texts', () => {
    const { $, step, container } = setup();
    expect($('h4')!.textContent).toBe('Steps (3)');
    expect([...container.querySelectorAll('legend')].map((l) => l.textContent)).toEqual(['Step 1 of 3', 'Step 2 of 3', 'Step 3 of 3']);
    expect(step(0).querySelector('[data-author=matches]')!.textContent).toBe('matches 1 element on this page');
    expect(step(2).querySelector('[data-author=matches]')!.textContent).toBe('matches 0 elements on this page (it lives on /settings)');
    expect($<HTMLInputElement>('#gp-author-tour-0-route')!.value).toBe('/board');
    expect($<HTMLInputElement>('#gp-author-tour-1-route')!.value).toBe('');
    expect($<HTMLInputElement>('#gp-author-tour-1-route')!.placeholder).toBe('any page');
    expect($<HTMLInputElement>('#gp-author-tour-1-title')!.value).toBe('Two');
    expect($<HTMLSelectElement>('#gp-author-tour-1-placement')!.value).toBe('left');
    expect([...$<HTMLSelectElement>('#gp-author-tour-1-placement')!.options].map((o) => o.value)).toContain('center');
  });

  it('texts follow the locale being written', () => {
    const { $ } = setup(STEPS, 'es');
    expect($<HTMLInputElement>('#gp-author-tour-1-title')!.value).toBe('Dos');
    expect($<HTMLInputElement>('#gp-author-tour-0-title')!.value).toBe('');
    expect($<HTMLInputElement>('#gp-author-tour-0-title')!.placeholder).toBe('en: One');
  });

  it('a step that is not an object says so and offers nothing to break', () => {
    const { step } = setup([STEPS[0], 'junk', STEPS[1]]);
    expect(step(0)).not.toBeNull();
    const items = [...step(0).parentElement!.children];
    expect(items[1].textContent).toBe('Step 2 is not an object; edit it in the file.');
    expect(items[1].querySelector('input, button')).toBeNull();
  });

  it('every control of every step is labelled', () => {
    const { container } = setup();
    for (const control of container.querySelectorAll('input, select, textarea')) expect(container.querySelector(`label[for="${control.id}"]`), control.outerHTML).not.toBeNull();
  });
});

describe('TourSteps: editing a step', () => {
  it('the page: typed, emptied (any page), or this page with one click', () => {
    const { $, steps, button, step } = setup();
    expect(button(0, 'Use this page (/board)')).toBeUndefined();
    fireEvent.input($('#gp-author-tour-0-route')!, { target: { value: '/reports' } });
    expect(steps()[0].route).toBe('/reports');
    fireEvent.input($('#gp-author-tour-0-route')!, { target: { value: '' } });
    expect('route' in steps()[0]).toBe(false);
    fireEvent.click(button(2, 'Use this page (/board)'));
    expect(steps()[2].route).toBe('/board');
    expect(step(2).querySelector('[data-author=matches]')!.textContent).toBe('matches 0 elements on this page');
  });

  it('texts and placement of a step, other steps untouched', () => {
    const { $, steps } = setup();
    fireEvent.input($('#gp-author-tour-2-title')!, { target: { value: 'Three!' } });
    fireEvent.change($('#gp-author-tour-0-placement')!, { target: { value: 'center' } });
    expect(steps()[2].title).toEqual({ en: 'Three!' });
    expect(steps()[0].placement).toBe('center');
    expect(steps()[1]).toEqual(STEPS[1]);
  });

  it('what moves it on: Next, a click, an event (named), a page (the next step\'s by default)', () => {
    const { $, steps, errors } = setup();
    const advance = (i: number) => $<HTMLSelectElement>(`#gp-author-tour-${i}-advance`)!;
    expect(advance(0).value).toBe('none');
    expect(advance(2).value).toBe('click');
    fireEvent.change(advance(0), { target: { value: 'route' } });
    // The next step that lives on a page: step 3's /settings.
    expect(steps()[0].advanceOn).toEqual({ route: '/settings' });
    expect($<HTMLInputElement>('#gp-author-tour-0-advance-route')!.value).toBe('/settings');
    fireEvent.change(advance(2), { target: { value: 'route' } });
    // The last step: this page.
    expect(steps()[2].advanceOn).toEqual({ route: '/board' });
    fireEvent.change(advance(1), { target: { value: 'event' } });
    expect(steps()[1].advanceOn).toEqual({ event: '' });
    expect(errors().some((m) => m.includes('steps[1].advanceOn.event'))).toBe(true);
    fireEvent.input($('#gp-author-tour-1-advance-event')!, { target: { value: 'saved' } });
    expect(steps()[1].advanceOn).toEqual({ event: 'saved' });
    fireEvent.change(advance(1), { target: { value: 'none' } });
    expect('advanceOn' in steps()[1]).toBe(false);
    expect(errors()).toEqual([]);
  });
});

describe('TourSteps: order, deletion, picking, preview', () => {
  it('Move up/down swap steps; the ends are disabled', () => {
    const { button, steps } = setup();
    expect(button(0, 'Move up').disabled).toBe(true);
    expect(button(2, 'Move down').disabled).toBe(true);
    expect(button(1, 'Move up').getAttribute('aria-label')).toBe('Move step 2 up');
    fireEvent.click(button(1, 'Move up'));
    expect(steps().map((s) => s.target)).toEqual(['#b', '#a', '#c']);
    fireEvent.click(button(1, 'Move down'));
    expect(steps().map((s) => s.target)).toEqual(['#b', '#c', '#a']);
  });

  it('focus follows the moved step; at an end it goes to the other move button', async () => {
    const { button } = setup();
    button(0, 'Move down').focus();
    fireEvent.click(button(0, 'Move down'));
    await vi.waitFor(() => expect(document.activeElement).toBe(button(1, 'Move down')));
    fireEvent.click(button(1, 'Move down'));
    // Now last: its "down" is disabled, so focus is on its "up".
    await vi.waitFor(() => expect(document.activeElement).toBe(button(2, 'Move up')));
  });

  it('deletes a step; the last one left cannot be deleted', () => {
    const { button, steps, $ } = setup(STEPS.slice(0, 2));
    expect(button(1, 'Delete').getAttribute('aria-label')).toBe('Delete step 2');
    fireEvent.click(button(0, 'Delete'));
    expect(steps().map((s) => s.target)).toEqual(['#b']);
    expect($('h4')!.textContent).toBe('Steps (1)');
    expect(button(0, 'Delete').disabled).toBe(true);
  });

  it('preview, pick a target, add a step: reported with the step', () => {
    const { button, $ } = setup();
    fireEvent.click(button(1, 'Preview'));
    expect(handlers.onPreview).toHaveBeenCalledWith(1);
    fireEvent.click(button(2, 'Pick target'));
    expect(handlers.onRetarget).toHaveBeenCalledWith(2);
    fireEvent.click($<HTMLButtonElement>('[data-action=add-step]')!);
    expect(handlers.onPickStep).toHaveBeenCalledTimes(1);
  });
});
