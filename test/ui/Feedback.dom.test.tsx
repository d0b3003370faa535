/**
 * src/ui/Feedback.tsx, "Was this helpful?": a named group with Yes / No; an answer is sent once,
 * then an optional comment (a labelled field, trimmed, at most 1000 characters) re-sends the
 * answer with it, only when there is one; then a status says thanks. Keyboard and screen-reader
 * users keep their place: focus never falls out of the card while they answer. data-part /
 * data-state follow the step it is at, in the instance's words.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Feedback, type FeedbackValue } from '../../src/ui/Feedback';
import { strings as german } from '../../src/ui/locales/de';
import { uiStrings, type UiStrings } from '../../src/ui/strings';

const english = uiStrings('en');

function show(strings: UiStrings = english, itemId = 'welcome') {
  const onFeedback = vi.fn<(value: FeedbackValue) => void>();
  const view = render(<Feedback itemId={itemId} strings={strings} onFeedback={onFeedback} />);
  const part = () => view.container.querySelector<HTMLElement>('[data-part=feedback]')!;
  const answer = (which: 'yes' | 'no') => view.container.querySelector<HTMLButtonElement>(`[data-answer=${which}]`)!;
  const textarea = () => view.container.querySelector<HTMLTextAreaElement>('textarea')!;
  const submit = () => view.container.querySelector<HTMLButtonElement>('button[type=submit]')!;
  const form = () => view.container.querySelector<HTMLFormElement>('form')!;
  return { ...view, onFeedback, part, answer, textarea, submit, form };
}

const type = (field: HTMLTextAreaElement, text: string) => fireEvent.input(field, { target: { value: text } });

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('asking', () => {
  it('is a group named by the question, with Yes and No buttons that do not submit anything', () => {
    const s = show();
    expect(s.part().getAttribute('data-state')).toBe('asking');
    expect(s.part().getAttribute('role')).toBe('group');
    expect(s.part().getAttribute('aria-label')).toBe('Was this helpful?');
    expect([s.answer('yes').textContent, s.answer('no').textContent]).toEqual(['Yes', 'No']);
    expect([s.answer('yes').type, s.answer('no').type]).toEqual(['button', 'button']);
    expect(s.onFeedback).not.toHaveBeenCalled();
  });

  it("speaks the instance's language", () => {
    const s = show(german);
    expect(s.part().getAttribute('aria-label')).toBe(german.helpful);
    expect([s.answer('yes').textContent, s.answer('no').textContent]).toEqual([german.yes, german.no]);
  });
});

describe('answering', () => {
  it.each([['yes', true], ['no', false]] as const)('%s sends its answer once and asks for a comment', (which, helpful) => {
    const s = show();
    fireEvent.click(s.answer(which));
    expect(s.onFeedback.mock.calls).toEqual([[{ helpful }]]);
    expect(s.part().getAttribute('data-state')).toBe('comment');
    expect(s.container.querySelector('[data-answer]')).toBeNull();
  });

  it('the comment field is labelled, bounded to 1000 characters, and its Send button submits', () => {
    const s = show(uiStrings('en'), 'billing-help');
    fireEvent.click(s.answer('yes'));
    const label = s.container.querySelector('label')!;
    expect(label.textContent).toBe('Tell us more (optional)');
    expect(label.getAttribute('for')).toBe(s.textarea().id);
    expect(s.textarea().id).toBe('gp-billing-help-comment');
    expect(s.textarea().maxLength).toBe(1000);
    expect([s.submit().textContent, s.submit().type]).toEqual(['Send', 'submit']);
  });

  it('a comment re-sends the answer with it, trimmed; then it thanks in a status and sends nothing more', () => {
    const s = show();
    fireEvent.click(s.answer('no'));
    type(s.textarea(), '  Too long.\n');
    fireEvent.click(s.submit());
    expect(s.onFeedback.mock.calls).toEqual([[{ helpful: false }], [{ helpful: false, comment: 'Too long.' }]]);
    expect(s.part().getAttribute('data-state')).toBe('sent');
    expect(s.part().getAttribute('role')).toBe('status');
    expect(s.part().textContent).toBe('Thanks for your feedback!');
    expect(s.container.querySelector('button, textarea, form')).toBeNull();
  });

  it('sending without a comment (or only spaces) thanks without a second event', () => {
    for (const text of ['', ' \n\t ']) {
      const s = show();
      fireEvent.click(s.answer('yes'));
      if (text) type(s.textarea(), text);
      fireEvent.submit(s.form());
      expect(s.onFeedback.mock.calls).toEqual([[{ helpful: true }]]);
      expect(s.part().getAttribute('data-state')).toBe('sent');
      act(() => cleanup());
    }
  });

  it('the form never navigates: its submit event is cancelled', () => {
    const s = show();
    fireEvent.click(s.answer('yes'));
    const event = new Event('submit', { bubbles: true, cancelable: true });
    act(() => {
      s.form().dispatchEvent(event);
    });
    expect(event.defaultPrevented).toBe(true);
  });

  it('a comment longer than 1000 characters (set past the field limit by a script) is cut to 1000; markup and controls stay text', () => {
    const s = show();
    fireEvent.click(s.answer('yes'));
    const long = `<img src=x onerror=alert(1)>\u0000${'x'.repeat(5000)}`;
    type(s.textarea(), long);
    // Submitted directly: the browser's own maxlength check would stop a click on Send.
    fireEvent.submit(s.form());
    const sent = s.onFeedback.mock.calls[1][0];
    expect(sent.comment).toHaveLength(1000);
    expect(sent.comment).toBe(long.slice(0, 1000));
  });

  it('each mounted question is its own: two items answer independently', () => {
    const onA = vi.fn();
    const onB = vi.fn();
    const view = render(
      <div>
        <Feedback itemId="a" strings={english} onFeedback={onA} />
        <Feedback itemId="b" strings={english} onFeedback={onB} />
      </div>,
    );
    fireEvent.click(view.container.querySelectorAll<HTMLButtonElement>('[data-answer=no]')[1]);
    expect([onA.mock.calls, onB.mock.calls]).toEqual([[], [[{ helpful: false }]]]);
    expect([...view.container.querySelectorAll('[data-part=feedback]')].map((el) => el.getAttribute('data-state'))).toEqual(['asking', 'comment']);
  });

  it('unmounting leaves no node behind and sends nothing', () => {
    const s = show();
    fireEvent.click(s.answer('yes'));
    type(s.textarea(), 'half-written');
    s.unmount();
    expect(s.container.childNodes.length).toBe(0);
    expect(s.onFeedback.mock.calls).toEqual([[{ helpful: true }]]);
  });
});

describe('answering keeps keyboard focus in the card', () => {
  // The focused Yes/No button (then the focused Send button) is replaced by the next step of the
  // question; were focus to fall to <body>, a keyboard user would have to find their way back (in
  // a modal tour step, Tab would leave the dialog) and a screen reader would lose its place. Focus
  // moves to what replaced the control: the comment field, then the thanks.
  it('after Yes, focus is in the comment field', () => {
    const s = show();
    s.answer('yes').focus();
    fireEvent.click(s.answer('yes'));
    expect(document.activeElement).toBe(s.textarea());
  });

  it('after Send, focus is on the thanks (or still inside the feedback part), not on <body>', () => {
    const s = show();
    fireEvent.click(s.answer('no'));
    s.submit().focus();
    fireEvent.click(s.submit());
    expect(document.activeElement).not.toBe(document.body);
    expect(s.part().contains(document.activeElement)).toBe(true);
  });
});
