/**
 * src/authoring/Editor.tsx: where focus goes when the control that had it disappears or is
 * disabled — deleting an item (the next item of the list, else the list), cancelling the
 * "create help" chooser (the button that opened it), discarding all changes (the panel's
 * heading). It used to fall to <body>, leaving keyboard and screen reader users nowhere.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/authoring/Editor';
import type { JsonObject } from '../../src/authoring/json-patch';
import { fakeSession } from '../support/authoring-session';

const tip = (id: string) => ({ id, type: 'tooltip', target: '#save', title: { en: id }, body: { en: 'Body' } });
const ORIGINAL = { schemaVersion: 1, revision: 'r1', items: [tip('one'), tip('two'), tip('three')] } as JsonObject;

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

function setup(original: JsonObject = ORIGINAL) {
  document.body.innerHTML = '<main><button id="save">Save</button> <button id="open" data-help="open-file">Open</button></main>';
  const fake = fakeSession({ original });
  const host = document.createElement('div');
  const shadow = host.attachShadow({ mode: 'open' });
  // The panel's heading, as App renders it around the editor.
  shadow.innerHTML = '<h2 id="gp-author-title" tabindex="-1">Guidepost authoring</h2><div></div>';
  document.body.appendChild(host);
  render(<Editor session={fake.session} loaded={{ original, fileName: 'manifest.json' }} onPicking={() => {}} />, { container: shadow.lastElementChild! });
  const $ = <T extends HTMLElement = HTMLElement>(selector: string) => shadow.querySelector<T>(selector);
  const select = (id: string) => fireEvent.click($(`[data-author=items] [data-item="${id}"] button`)!);
  return { shadow, $, select };
}

describe('Editor: focus after a control goes away', () => {
  it('Delete item: focus goes to the next item in the list, then to the previous one, then to the list', async () => {
    const { shadow, $, select } = setup();
    select('two');
    $('[data-action=delete]')!.focus();
    fireEvent.click($('[data-action=delete]')!);
    await vi.waitFor(() => expect(shadow.activeElement?.textContent).toBe('three'));
    select('three');
    $('[data-action=delete]')!.focus();
    fireEvent.click($('[data-action=delete]')!);
    await vi.waitFor(() => expect(shadow.activeElement?.textContent).toBe('one'));
    select('one');
    $('[data-action=delete]')!.focus();
    fireEvent.click($('[data-action=delete]')!);
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-items'));
    expect(shadow.activeElement?.getAttribute('tabindex')).toBe('-1');
  });

  it('Cancel in the chooser: focus goes back to "Pick an element"', async () => {
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(() => new DOMRect(10, 10, 80, 20));
    const { shadow, $ } = setup();
    fireEvent.click($('[data-action=pick]')!);
    const surface = shadow.querySelector('[data-author=pick-layer] [data-part=picker]')!;
    fireEvent.keyDown(surface, { key: 'Tab' });
    fireEvent.keyDown(surface, { key: 'Enter' });
    await vi.waitFor(() => expect(shadow.activeElement?.getAttribute('data-create')).toBe('helpLink'));
    const cancel = [...shadow.querySelectorAll<HTMLButtonElement>('[data-author=chooser] button')].find((b) => b.textContent === 'Cancel')!;
    fireEvent.click(cancel);
    expect($('[data-author=chooser]')).toBeNull();
    await vi.waitFor(() => expect(shadow.activeElement).toBe($('[data-action=pick]')));
  });

  it('Discard all changes: focus goes to the panel\'s heading (the button disabled itself)', async () => {
    const { shadow, $ } = setup();
    fireEvent.input($('#gp-author-one-item-title')!, { target: { value: 'Changed' } });
    const discard = $<HTMLButtonElement>('[data-action=discard]')!;
    discard.focus();
    fireEvent.click(discard);
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-title'));
    expect(discard.disabled).toBe(true);
  });
});
