/**
 * src/ui/TourStep.tsx (TourStepView) rendered on its own: a modal dialog named by its title or
 * "n of total", its progress bar's values, which of Back / Next / Done / Skip / "Take me there"
 * each step position and `advance` shows (and custom buttons instead), the arrow keys (mirrored
 * right-to-left), Esc closing once, Tab kept inside (not in a step that lets the page through: not
 * modal, its target in the Tab cycle, or the whole page when it has none), focus moved in on mount and on each new step,
 * and its data-part / data-item / data-state / data-step attributes. (Placement needs layout: the
 * Chromium tests cover it.)
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRichText } from '../../src/manifest/richtext';
import type { ViewButton, ViewContent } from '../../src/ui/content';
import { Feedback } from '../../src/ui/Feedback';
import { PART } from '../../src/ui/parts';
import { uiStrings } from '../../src/ui/strings';
import { TourStepView, type TourStepProps } from '../../src/ui/TourStep';

const strings = uiStrings('en');
const content = (extra: Partial<ViewContent> = {}): ViewContent => ({ title: 'Projects', body: parseRichText('Your **work** lives here.'), buttons: [], lang: 'en', dir: 'ltr', ...extra });
const custom = (label: string, action: ViewButton['button']['action'], primary: boolean): ViewButton => ({ label, button: { label, action }, primary });

function show(overrides: Partial<TourStepProps> = {}, container?: HTMLElement) {
  const callbacks = { onGo: vi.fn(), onNext: vi.fn(), onBack: vi.fn(), onDone: vi.fn(), onClose: vi.fn(), onButton: vi.fn() };
  const props: TourStepProps = { itemId: 'welcome', step: 1, total: 3, content: content(), strings, ...callbacks, ...overrides };
  const view = render(<TourStepView {...props} />, { container });
  const dialog = view.container.querySelector<HTMLElement>('[data-part=tour-step]')!;
  const actions = () => [...dialog.querySelectorAll<HTMLButtonElement>('[data-part=actions] button')].map((b) => [b.dataset.action, b.textContent]);
  const button = (action: string) => dialog.querySelector<HTMLButtonElement>(`[data-action=${action}]`)!;
  return { ...view, ...callbacks, props, dialog, actions, button };
}
const calls = (s: ReturnType<typeof show>) => ({ go: s.onGo.mock.calls.length, next: s.onNext.mock.calls.length, back: s.onBack.mock.calls.length, done: s.onDone.mock.calls.length, close: s.onClose.mock.calls });
const NONE = { go: 0, next: 0, back: 0, done: 0, close: [] };

// Preact runs effect cleanups (the step's document listener) after paint: act() runs them now.
const unmountAll = () => act(() => cleanup());
afterEach(() => {
  unmountAll();
  document.body.innerHTML = '';
});

describe('TourStepView: dialog semantics', () => {
  it('is a modal dialog named by its title and described by its body, in the content language', () => {
    const { dialog } = show({ content: content({ lang: 'fr', dir: 'ltr' }) });
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('tabindex')).toBe('-1');
    expect(dialog.hasAttribute('aria-label')).toBe(false);
    expect(document.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent).toBe('Projects');
    expect(document.getElementById(dialog.getAttribute('aria-describedby')!)?.textContent).toBe('Your work lives here.');
    expect([dialog.getAttribute('lang'), dialog.getAttribute('dir')]).toEqual(['fr', 'ltr']);
  });

  it('without a title it is named "n of total"; without a body it has no description, and no empty title or body', () => {
    const { dialog } = show({ content: content({ title: undefined, body: undefined }) });
    expect(dialog.getAttribute('aria-label')).toBe('2 of 3');
    expect(dialog.hasAttribute('aria-labelledby')).toBe(false);
    expect(dialog.hasAttribute('aria-describedby')).toBe(false);
    expect(dialog.querySelector('[data-part=title], [data-part=body], [data-part=image]')).toBeNull();
  });

  it('shows its progress as text and as a progress bar with its values', () => {
    const { dialog } = show({ step: 1, total: 3 });
    expect(dialog.querySelector('[data-part=progress-text]')?.textContent).toBe('2 of 3');
    const bar = dialog.querySelector<HTMLElement>('[data-part=progress-bar]')!;
    expect(['role', 'aria-label', 'aria-valuemin', 'aria-valuemax', 'aria-valuenow', 'aria-valuetext'].map((a) => bar.getAttribute(a))).toEqual(['progressbar', 'Tour progress', '1', '3', '2', '2 of 3']);
    expect(bar.querySelector<HTMLElement>('[data-part=progress-fill]')!.style.width).toBe('67%');
  });

  it('says its progress once: the text is hidden from screen readers, the progress bar carries it', () => {
    const { dialog } = show({ step: 1, total: 3 });
    expect(dialog.querySelector('[data-part=progress-text]')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('carries the contract attributes, uses only listed parts, and is centered without a target', () => {
    const { dialog } = show({ step: 2, content: content({ image: { src: '/a.png', alt: 'A chart' } }) });
    expect([dialog.dataset.part, dialog.dataset.item, dialog.dataset.state, dialog.dataset.step]).toEqual(['tour-step', 'welcome', 'open', '2']);
    expect(dialog.hasAttribute('data-centered')).toBe(true);
    expect(dialog.querySelector('[data-part=arrow]')).toBeNull();
    expect(dialog.querySelector('img')?.getAttribute('alt')).toBe('A chart');
    const parts = [...dialog.querySelectorAll('[data-part]')].map((el) => el.getAttribute('data-part')!);
    expect(parts.filter((p) => !(Object.values(PART) as string[]).includes(p))).toEqual([]);
  });

  it('anchored to a target it has a hidden arrow; placement "center" centers it anyway', () => {
    const target = document.body.appendChild(document.createElement('button'));
    const anchored = show({ reference: target, placement: 'bottom' }).dialog;
    expect(anchored.hasAttribute('data-centered')).toBe(false);
    expect(anchored.querySelector('[data-part=arrow]')?.getAttribute('aria-hidden')).toBe('true');
    unmountAll();
    const centered = show({ reference: target, placement: 'center' }).dialog;
    expect(centered.hasAttribute('data-centered')).toBe(true);
    expect(centered.querySelector('[data-part=arrow]')).toBeNull();
  });
});

describe('TourStepView: buttons', () => {
  it.each([
    ['the first step', { step: 0 }, [['skip', 'Skip tour'], ['next', 'Next']]],
    ['a middle step', { step: 1 }, [['skip', 'Skip tour'], ['back', 'Back'], ['next', 'Next']]],
    ['the last step', { step: 2 }, [['back', 'Back'], ['done', 'Done']]],
    ['a one-step tour', { step: 0, total: 1 }, [['done', 'Done']]],
    ['a step that advances on a route', { step: 1, advance: 'route' }, [['skip', 'Skip tour'], ['back', 'Back'], ['go', 'Take me there']]],
    ['a step that advances on an event', { step: 1, advance: 'event' }, [['skip', 'Skip tour'], ['back', 'Back']]],
  ] as const)('%s shows %j', (_, props, expected) => {
    expect(show(props as Partial<TourStepProps>).actions()).toEqual(expected);
  });

  it.each([
    ['next', { step: 1 }, { next: 1 }],
    ['back', { step: 1 }, { back: 1 }],
    ['done', { step: 2 }, { done: 1 }],
    ['go', { step: 1, advance: 'route' }, { go: 1 }],
    ['skip', { step: 1 }, { close: [['skip']] }],
    ['close', { step: 1 }, { close: [['close']] }],
  ] as const)('%s calls its callback once and nothing else', (action, props, expected) => {
    const s = show(props as Partial<TourStepProps>);
    const control = action === 'close' ? s.dialog.querySelector<HTMLButtonElement>('[data-part=close]')! : s.button(action);
    if (action === 'close') expect(control.getAttribute('aria-label')).toBe('Close');
    fireEvent.click(control);
    expect(calls(s)).toEqual({ ...NONE, ...expected });
  });

  it('custom buttons replace Back and Next (Skip stays) and report the button clicked', () => {
    const buttons = [custom('Later', 'dismiss', false), custom('Try it', 'next', true)];
    const s = show({ content: content({ buttons }) });
    expect(s.actions()).toEqual([['skip', 'Skip tour'], ['dismiss', 'Later'], ['next', 'Try it']]);
    expect(s.dialog.querySelectorAll('[data-part=actions]')).toHaveLength(1);
    expect([...s.dialog.querySelectorAll('[data-action=dismiss], [data-action=next]')].map((b) => b.hasAttribute('data-primary'))).toEqual([false, true]);
    fireEvent.click(s.button('dismiss'));
    expect(s.onButton).toHaveBeenCalledTimes(1);
    expect(s.onButton).toHaveBeenCalledWith(buttons[0]);
    expect(calls(s)).toEqual(NONE);
  });

  it('shows the feedback question on the last step only', () => {
    const feedback = <p data-part="feedback">Helpful?</p>;
    expect(show({ step: 1, feedback }).dialog.querySelector('[data-part=feedback]')).toBeNull();
    unmountAll();
    expect(show({ step: 2, feedback }).dialog.querySelector('[data-part=feedback]')?.textContent).toBe('Helpful?');
  });
});

describe('TourStepView: keyboard', () => {
  it.each([
    ['ltr', 'ArrowRight', { step: 1 }, { next: 1 }],
    ['ltr', 'ArrowRight', { step: 2 }, { done: 1 }],
    ['ltr', 'ArrowRight', { step: 1, advance: 'route' }, { go: 1 }],
    ['ltr', 'ArrowRight', { step: 1, advance: 'event' }, {}],
    ['ltr', 'ArrowLeft', { step: 1 }, { back: 1 }],
    ['rtl', 'ArrowLeft', { step: 1 }, { next: 1 }],
    ['rtl', 'ArrowRight', { step: 1 }, { back: 1 }],
  ] as const)('%s: %s on %j calls %j', (dir, key, props, expected) => {
    const s = show({ ...(props as Partial<TourStepProps>), content: content({ dir }) });
    expect(fireEvent.keyDown(s.dialog, { key })).toBe(false);
    expect(calls(s)).toEqual({ ...NONE, ...expected });
  });

  it('Esc inside the step closes it once (the document listener leaves it alone)', () => {
    const s = show();
    fireEvent.keyDown(s.button('next'), { key: 'Escape' });
    expect(s.onClose.mock.calls).toEqual([['escape']]);
  });

  it('in a shadow root, as in the layer, focus moves in and Esc inside closes it once', () => {
    const shadow = document.body.appendChild(document.createElement('div')).attachShadow({ mode: 'open' });
    const s = show({}, shadow.appendChild(document.createElement('div')));
    expect(shadow.activeElement).toBe(s.dialog);
    fireEvent.keyDown(s.button('next'), { key: 'Escape' });
    expect(s.onClose.mock.calls).toEqual([['escape']]);
  });

  it('Esc closes it once when focus is elsewhere on the page, and not after it is gone', () => {
    const outside = document.body.appendChild(document.createElement('button'));
    const s = show();
    outside.focus();
    fireEvent.keyDown(outside, { key: 'Escape' });
    expect(s.onClose.mock.calls).toEqual([['escape']]);
    act(() => {
      s.unmount();
    });
    fireEvent.keyDown(outside, { key: 'Escape' });
    expect(s.onClose).toHaveBeenCalledTimes(1);
  });

  it('an Esc the page already handled (default prevented) does not close it', () => {
    const s = show();
    const event = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, cancelable: true });
    event.preventDefault();
    document.body.dispatchEvent(event);
    expect(s.onClose).not.toHaveBeenCalled();
  });

  it('Tab and Shift+Tab wrap around inside the step', () => {
    const s = show({ step: 1 });
    const close = s.dialog.querySelector<HTMLButtonElement>('[data-part=close]')!;
    const next = s.button('next');
    next.focus();
    expect(fireEvent.keyDown(next, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(close);
    expect(fireEvent.keyDown(close, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(next);
    s.dialog.focus();
    expect(fireEvent.keyDown(s.dialog, { key: 'Tab', shiftKey: true })).toBe(false);
    expect(document.activeElement).toBe(next);
    // In between, the browser moves focus as usual.
    s.button('skip').focus();
    expect(fireEvent.keyDown(s.button('skip'), { key: 'Tab' })).toBe(true);
    expect(document.activeElement).toBe(s.button('skip'));
  });
});

describe('TourStepView: a step that lets the page through', () => {
  it('with no target (it asks the person to act anywhere on the page): not modal, Tab not held, Escape in the page is the page\'s', () => {
    const field = document.body.appendChild(document.createElement('input'));
    const s = show({ step: 1, through: true, advance: 'event' });
    expect(s.dialog.hasAttribute('aria-modal')).toBe(false);
    const last = s.button('back');
    last.focus();
    // The browser moves focus on, out of the step and into the page.
    expect(fireEvent.keyDown(last, { key: 'Tab' })).toBe(true);
    field.focus();
    field.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(s.onClose).not.toHaveBeenCalled();
    // Escape with focus in the step, or nowhere, still closes it.
    field.blur();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(s.onClose.mock.calls).toEqual([['escape']]);
  });

  it('with a target in the middle of the screen (placement "center"): not modal, and Tab takes the target into the cycle', () => {
    const target = document.body.appendChild(document.createElement('div'));
    const input = target.appendChild(document.createElement('input'));
    vi.spyOn(input, 'getClientRects').mockReturnValue([new DOMRect(0, 0, 10, 10)] as unknown as DOMRectList);
    const s = show({ step: 1, through: true, advance: 'event', reference: target, placement: 'center' });
    expect(s.dialog.hasAttribute('aria-modal')).toBe(false);
    const last = s.button('back');
    last.focus();
    expect(fireEvent.keyDown(last, { key: 'Tab' })).toBe(false);
    expect(document.activeElement).toBe(input);
  });

  it('that keeps the page out stays modal', () => {
    const s = show({ step: 1, through: false });
    expect(s.dialog.getAttribute('aria-modal')).toBe('true');
  });
});

describe('TourStepView: focus', () => {
  it('moves focus into the step when it appears and when the step changes, not on other renders', () => {
    const outside = document.body.appendChild(document.createElement('button'));
    const s = show({ step: 0 });
    expect(document.activeElement).toBe(s.dialog);
    outside.focus();
    s.rerender(<TourStepView {...s.props} step={0} content={content({ title: 'Renamed' })} />);
    expect(document.activeElement).toBe(outside);
    s.rerender(<TourStepView {...s.props} step={1} />);
    expect(document.activeElement).toBe(s.container.querySelector('[data-part=tour-step]'));
    expect(s.container.querySelector('[data-part=tour-step]')?.getAttribute('data-step')).toBe('1');
  });
});

describe('arrow keys the tour leaves alone', () => {
  // In a field ("Was this helpful?"'s comment) the arrows move the caret; with a modifier they
  // are the browser's (Alt+Left is Back) or the screen reader's.
  it('ArrowLeft and ArrowRight in the comment field move the caret, not the tour', () => {
    const onFeedback = vi.fn();
    const s = show({ step: 2, feedback: <Feedback itemId="welcome" strings={strings} onFeedback={onFeedback} /> });
    fireEvent.click(s.dialog.querySelector<HTMLButtonElement>('[data-answer=yes]')!);
    const comment = s.dialog.querySelector('textarea')!;
    comment.focus();
    const left = fireEvent.keyDown(comment, { key: 'ArrowLeft' });
    const right = fireEvent.keyDown(comment, { key: 'ArrowRight' });
    expect(calls(s)).toEqual(NONE);
    expect([left, right]).toEqual([true, true]);
  });

  it('with Alt, Ctrl, Meta or Shift held, and ArrowLeft on the first step', () => {
    const s = show({ step: 1 });
    for (const modifier of ['altKey', 'ctrlKey', 'metaKey', 'shiftKey']) {
      expect(fireEvent.keyDown(s.dialog, { key: 'ArrowLeft', [modifier]: true })).toBe(true);
      expect(fireEvent.keyDown(s.dialog, { key: 'ArrowRight', [modifier]: true })).toBe(true);
    }
    expect(calls(s)).toEqual(NONE);
    const first = show({ step: 0 });
    expect(fireEvent.keyDown(first.dialog, { key: 'ArrowLeft' })).toBe(true);
    expect(calls(first)).toEqual(NONE);
  });
});
