/** A surface that throws while rendering is left out and reported once; its neighbours render. */
import { render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { ItemBoundary } from '../../src/ui/ItemBoundary';

function Broken(): never {
  throw new Error('cannot render this');
}

describe('ItemBoundary', () => {
  it('renders nothing for the failing item, reports it with its id, and keeps the others', () => {
    const onItemError = vi.fn();
    const { container } = render(
      <div>
        <ItemBoundary itemId="broken" onItemError={onItemError}>
          <Broken />
        </ItemBoundary>
        <ItemBoundary itemId="fine" onItemError={onItemError}>
          <p data-item="fine">Fine</p>
        </ItemBoundary>
      </div>,
    );
    expect(container.querySelector('[data-item=fine]')?.textContent).toBe('Fine');
    expect(onItemError).toHaveBeenCalledTimes(1);
    expect(onItemError.mock.calls[0][0]).toBe('broken');
    expect((onItemError.mock.calls[0][1] as Error).message).toBe('cannot render this');
  });

  it('gives a failed surface another try when its reset key changes (a tour\'s next step), and only then', () => {
    const onItemError = vi.fn();
    const Step = ({ step }: { step: number }) => (step === 1 ? <Broken /> : <p data-step={step}>Step {step}</p>);
    const view = (step: number, other = 'a') => (
      <ItemBoundary itemId="tour" resetKey={step} onItemError={onItemError}>
        <Step step={step} />
        <span data-other={other} />
      </ItemBoundary>
    );
    const { container, rerender } = render(view(0));
    expect(container.querySelector('[data-step="0"]')).not.toBeNull();
    rerender(view(1));
    expect(container.innerHTML).toBe('');
    expect(onItemError).toHaveBeenCalledTimes(1);
    // Same step, another render: still left out, not reported again.
    rerender(view(1, 'b'));
    expect(container.innerHTML).toBe('');
    expect(onItemError).toHaveBeenCalledTimes(1);
    rerender(view(2));
    expect(container.querySelector('[data-step="2"]')).not.toBeNull();
  });
});
