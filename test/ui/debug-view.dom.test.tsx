/**
 * src/ui/debug-view.tsx: the debug tools as one vnode. The panel always; the element picker's
 * chunk (Picker.tsx) only loaded once someone picks, then the picker while picking and the result
 * once an element is picked; a picker chunk that cannot be loaded is an alert while it is wanted.
 * Cancel and Done go to the same callback.
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SelectorRecommendation } from '../../src/dom/recommend-selector';
import type { Explanation } from '../../src/options';
import type { DebugViewState } from '../../src/ui/debug-view';

const PICKER = '../../src/ui/Picker';

const picked: SelectorRecommendation = { selector: '#save', matches: 1, strategy: 'id', target: '#save' };

function state(extra: Partial<DebugViewState> = {}): DebugViewState {
  return {
    data: { explanations: [{ itemId: 'welcome', type: 'tour', shown: true, message: 'Shown.' } as unknown as Explanation], statuses: {}, attributes: {}, experiments: [], assignments: [], outbox: 0, revision: 'r1' },
    actions: { onClose: vi.fn(), onReset: vi.fn(), onForce: vi.fn(), onReplay: vi.fn(), onPick: vi.fn(), onRefresh: vi.fn() },
    picking: false,
    onPicked: vi.fn(),
    onPickDone: vi.fn(),
    ...extra,
  };
}

/** debug-view loaded fresh, with the picker's chunk counted (or failing to load). */
async function load(fail?: Error) {
  let loads = 0;
  vi.doMock(PICKER, async (importOriginal) => {
    loads++;
    if (fail) throw fail;
    return importOriginal();
  });
  const { debugView } = await import('../../src/ui/debug-view');
  const host = document.body.appendChild(document.createElement('div'));
  host.setAttribute('data-guidepost-host', 'layer');
  const container = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('div'));
  const view = render(debugView(state()), { container });
  const show = (s: DebugViewState) => view.rerender(debugView(s));
  const q = (selector: string) => container.querySelector<HTMLElement>(selector);
  return { view, show, q, container, loads: () => loads };
}

afterEach(() => {
  act(() => cleanup());
  vi.doUnmock(PICKER);
  vi.resetModules();
  document.body.innerHTML = '';
});

describe('debugView', () => {
  it('draws the panel, and does not load the picker while nobody picks', async () => {
    const s = await load();
    expect(s.q('[data-part=debug-panel] [data-item=welcome]')).not.toBeNull();
    expect(s.q('[data-part=picker], [data-part=picker-result], [data-part=debug-error]')).toBeNull();
    // A render later: still nothing loaded.
    await act(async () => undefined);
    expect(s.loads()).toBe(0);
  });

  it('loads the picker once someone picks and shows it; Escape goes to onPickDone', async () => {
    const s = await load();
    const picking = state({ picking: true });
    s.show(picking);
    await vi.waitFor(() => expect(s.q('[data-part=picker]')).not.toBeNull());
    expect(s.loads()).toBe(1);
    expect(s.q('[data-part=debug-panel]')).not.toBeNull();
    fireEvent.keyDown(s.q('[data-part=picker]')!, { key: 'Escape' });
    expect(picking.onPickDone).toHaveBeenCalledTimes(1);
    expect(picking.onPicked).not.toHaveBeenCalled();
  });

  it('shows the result once an element is picked (not the picker); Done goes to onPickDone', async () => {
    const s = await load();
    const result = state({ picking: false, picked });
    s.show(result);
    await vi.waitFor(() => expect(s.q('[data-part=picker-result]')).not.toBeNull());
    expect(s.q('[data-part=picker]')).toBeNull();
    expect(s.q('[data-part=picker-selector]')!.textContent).toBe('#save');
    const done = [...s.container.querySelectorAll('[data-part=picker-result] button')].find((b) => b.textContent === 'Done')!;
    fireEvent.click(done);
    expect(result.onPickDone).toHaveBeenCalledTimes(1);
    // Picking again replaces the result with the picker, from the chunk already loaded.
    s.show(state({ picking: true }));
    expect(s.q('[data-part=picker]')).not.toBeNull();
    expect(s.q('[data-part=picker-result]')).toBeNull();
    expect(s.loads()).toBe(1);
  });

  it('a picker chunk that cannot be loaded is an alert while picking, and goes when picking ends', async () => {
    const s = await load(new Error('offline'));
    s.show(state({ picking: true }));
    await vi.waitFor(() => expect(s.q('[data-part=debug-error]')).not.toBeNull());
    const alert = s.q('[data-part=debug-error]')!;
    expect(alert.getAttribute('role')).toBe('alert');
    // (vitest wraps the factory's error in its own message: the failure's message follows the colon.)
    expect(alert.textContent).toMatch(/^the element picker could not be loaded: \S/);
    expect(s.q('[data-part=picker]')).toBeNull();
    s.show(state());
    expect(s.q('[data-part=debug-error]')).toBeNull();
    expect(s.q('[data-part=debug-panel]')).not.toBeNull();
  });

  it('unmounting while the picker loads leaves nothing behind', async () => {
    const s = await load();
    s.show(state({ picking: true }));
    act(() => {
      s.view.unmount();
    });
    await vi.waitFor(() => expect(s.loads()).toBe(1));
    await act(async () => undefined);
    expect(s.container.childNodes.length).toBe(0);
  });
});
