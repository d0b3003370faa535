/**
 * src/authoring/App.tsx: the panel's frame — a labelled region that takes focus when it opens,
 * says it is loading until the manifest is read, then shows the editor; its close button, the
 * button that moves it to the other side, and the frame hidden while an element is picked.
 * Rendered in a shadow root, as the panel is, over a stand-in Session.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuthorApp } from '../../src/authoring/App';
import type { JsonObject } from '../../src/authoring/json-patch';
import type { Loaded } from '../../src/authoring/session';
import { fakeSession } from '../support/authoring-session';

const ORIGINAL = { schemaVersion: 1, revision: 'r', items: [{ id: 'tip', type: 'tooltip', target: '#a', body: { en: 'Hi' } }] } as JsonObject;

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

function setup(load?: () => Promise<Loaded>) {
  const fake = fakeSession({ original: ORIGINAL });
  if (load) fake.load.mockImplementation(load);
  const host = document.createElement('div');
  host.setAttribute('data-guidepost-host', 'author');
  const shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.appendChild(container);
  document.body.appendChild(host);
  const view = render(<AuthorApp session={fake.session} />, { container });
  const panel = () => container.querySelector<HTMLElement>('[data-author=panel]')!;
  return { ...view, fake, shadow, panel, container };
}
const deferred = <T,>() => {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
};

describe('AuthorApp', () => {
  it('a labelled region that takes focus on its heading when it opens', () => {
    const { panel, shadow } = setup();
    expect(panel().tagName).toBe('ASIDE');
    expect(panel().getAttribute('aria-labelledby')).toBe('gp-author-title');
    expect(panel().querySelector('#gp-author-title')!.textContent).toBe('Guidepost authoring');
    expect(shadow.activeElement).toBe(panel().querySelector('#gp-author-title'));
    expect(panel().getAttribute('data-state')).toBe('open');
  });

  it('says it is loading until the manifest is read, then shows the editor', async () => {
    const gate = deferred<Loaded>();
    const { panel, fake } = setup(() => gate.promise);
    expect(panel().querySelector('[role=status]')!.textContent).toBe('Loading the manifest…');
    expect(panel().querySelector('[data-author=items]')).toBeNull();
    expect(fake.load).toHaveBeenCalledTimes(1);
    gate.resolve({ original: ORIGINAL, fileName: 'help.json' });
    await vi.waitFor(() => expect(panel().querySelector('[data-author=items] > li[data-item=tip]')).not.toBeNull());
    expect(panel().textContent).not.toContain('Loading the manifest…');
    expect(panel().querySelector('[data-action=download]')!.textContent).toBe('Download help.json');
  });

  it('closed before the manifest arrived: nothing renders afterwards', async () => {
    const gate = deferred<Loaded>();
    const { fake, unmount, container } = setup(() => gate.promise);
    unmount();
    gate.resolve({ original: ORIGINAL, fileName: 'm.json' });
    await gate.promise;
    await Promise.resolve();
    expect(fake.keptDraft).not.toHaveBeenCalled();
    expect(container.innerHTML).toBe('');
  });

  it('the close button closes authoring', () => {
    const { panel, fake } = setup();
    const close = panel().querySelector<HTMLButtonElement>('[data-author=close]')!;
    expect(close.getAttribute('aria-label')).toBe('Close authoring');
    fireEvent.click(close);
    expect(fake.close).toHaveBeenCalledTimes(1);
  });

  it('moves to the other side and back', () => {
    const { panel } = setup();
    const side = panel().querySelector<HTMLButtonElement>('[data-author=side]')!;
    expect(panel().getAttribute('data-side')).toBe('end');
    expect(side.textContent).toBe('Move panel to the left');
    fireEvent.click(side);
    expect(panel().getAttribute('data-side')).toBe('start');
    expect(side.textContent).toBe('Move panel to the right');
    fireEvent.click(side);
    expect(panel().getAttribute('data-side')).toBe('end');
  });

  it('hidden while an element is picked, shown again when the pick is cancelled', async () => {
    const { panel } = setup();
    await vi.waitFor(() => expect(panel().querySelector('[data-action=pick]')).not.toBeNull());
    fireEvent.click(panel().querySelector('[data-action=pick]')!);
    expect(panel().getAttribute('data-state')).toBe('picking');
    fireEvent.keyDown(panel().querySelector('[data-part=picker]')!, { key: 'Escape' });
    expect(panel().getAttribute('data-state')).toBe('open');
  });
});
