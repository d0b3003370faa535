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
});
