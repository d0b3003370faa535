/**
 * src/ui/focus-back.ts: a surface that goes away while it holds focus gives it back to the
 * element it came from (when still on the page); one that does not hold focus leaves it alone.
 */
import { act, cleanup, render } from '@testing-library/preact';
import { useRef } from 'preact/hooks';
import { afterEach, describe, expect, it } from 'vitest';
import { useFocusBack } from '../../src/ui/focus-back';

function Surface() {
  const ref = useRef<HTMLElement>(null);
  const onFocusIn = useFocusBack(ref);
  return (
    <section ref={ref} onFocusIn={onFocusIn}>
      <button id="first">First</button>
      <button id="second">Second</button>
    </section>
  );
}

function setup() {
  const outside = document.body.appendChild(Object.assign(document.createElement('button'), { id: 'outside' }));
  const other = document.body.appendChild(Object.assign(document.createElement('button'), { id: 'other' }));
  const view = render(<Surface />);
  const inside = (id: string) => view.container.querySelector<HTMLButtonElement>(`#${id}`)!;
  return { outside, other, view, inside };
}

afterEach(() => {
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('useFocusBack', () => {
  it('gives focus back to where it came from when the surface unmounts holding it', () => {
    const { outside, view, inside } = setup();
    outside.focus();
    inside('first').focus();
    // Moving within the surface does not change where focus came from.
    inside('second').focus();
    expect(document.activeElement).toBe(inside('second'));
    act(() => {
      view.unmount();
    });
    expect(document.activeElement).toBe(outside);
  });

  it('leaves focus alone when the surface does not hold it', () => {
    const { outside, other, view, inside } = setup();
    outside.focus();
    inside('first').focus();
    other.focus();
    act(() => {
      view.unmount();
    });
    expect(document.activeElement).toBe(other);
  });

  it('does nothing when the element focus came from is gone', () => {
    const { outside, view, inside } = setup();
    outside.focus();
    inside('first').focus();
    outside.remove();
    act(() => {
      view.unmount();
    });
    expect(document.activeElement).not.toBe(outside);
  });

  it('the last place it came from is gone (a tour step that gave focus back): the one before it', () => {
    const { outside, other, view, inside } = setup();
    outside.focus();
    inside('first').focus();
    // Into a tour step (another surface), and back to the task from it; then the step goes.
    other.focus();
    inside('first').focus();
    other.remove();
    act(() => {
      view.unmount();
    });
    expect(document.activeElement).toBe(outside);
  });
});
