/**
 * src/ui/announcer.tsx: the live region is there, empty, from the start (role=status, polite,
 * a listed part); announce() writes the words a moment later (emptied at once), so the same words
 * again are a change; of words asked for in the same moment the last are said; long texts are cut
 * to their first words; without a region (another root) nothing happens; a re-render keeps the words;
 * unmounted with words waiting, it leaves no timer.
 */
import { act, cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { announce, Announcer } from '../../src/ui/announcer';
import { PART } from '../../src/ui/parts';

function show() {
  const view = render(<Announcer />);
  const region = view.container.querySelector<HTMLElement>('[data-part=announcer]')!;
  return { ...view, region };
}

afterEach(() => {
  vi.useRealTimers();
  act(() => cleanup());
  document.body.innerHTML = '';
});

describe('Announcer', () => {
  it('is a polite status region, empty, with a listed part name', () => {
    const { region } = show();
    expect([region.getAttribute('role'), region.getAttribute('aria-live'), region.textContent]).toEqual(['status', 'polite', '']);
    expect(Object.values(PART)).toContain(region.dataset.part);
  });

  it('says the words a moment after they are asked for, and the same words again as a change', async () => {
    const { region } = show();
    announce(region, '  Start here ');
    expect(region.textContent).toBe('');
    await vi.waitFor(() => expect(region.textContent).toBe('Start here'));
    announce(region, 'Start here');
    expect(region.textContent).toBe('');
    await vi.waitFor(() => expect(region.textContent).toBe('Start here'));
  });

  it('of words asked for in the same moment, says the last; a long text by its first words', async () => {
    const { region } = show();
    announce(region, 'First tip');
    announce(region, `${'word '.repeat(40)}end`);
    await vi.waitFor(() => expect(region.textContent).not.toBe(''));
    const said = region.textContent!;
    expect(said.startsWith('word word')).toBe(true);
    expect(said.endsWith('word…')).toBe(true);
    expect(said.length).toBeLessThanOrEqual(101);
  });

  it('nothing for empty words, or from a root without a region', async () => {
    const { region } = show();
    announce(region, '   ');
    announce(region, undefined);
    const host = document.body.appendChild(document.createElement('div'));
    const other = host.attachShadow({ mode: 'open' }).appendChild(document.createElement('p'));
    expect(() => announce(other, 'Elsewhere')).not.toThrow();
    announce(region, 'Here');
    await vi.waitFor(() => expect(region.textContent).toBe('Here'));
  });

  it('a re-render keeps what it says', async () => {
    const { region, rerender } = show();
    announce(region, 'Kept');
    await vi.waitFor(() => expect(region.textContent).toBe('Kept'));
    rerender(<Announcer />);
    expect(region.textContent).toBe('Kept');
  });

  it('unmounted with words waiting, it leaves no timer', () => {
    vi.useFakeTimers();
    const { region, unmount } = show();
    announce(region, 'Too late');
    expect(vi.getTimerCount()).toBe(1);
    act(() => {
      unmount();
    });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('withdrawn (what it said went away): emptied, or never said; words said since are kept', async () => {
    const { region } = show();
    const unsayTip = announce(region, 'Start here');
    await vi.waitFor(() => expect(region.textContent).toBe('Start here'));
    unsayTip();
    expect(region.textContent).toBe('');
    const unsayWaiting = announce(region, 'Gone at once');
    unsayWaiting();
    const unsayOld = announce(region, 'Old tip');
    announce(region, 'Profile: done, 1 of 3');
    unsayOld();
    await vi.waitFor(() => expect(region.textContent).toBe('Profile: done, 1 of 3'));
    expect(region.textContent).not.toContain('Gone at once');
  });
});

