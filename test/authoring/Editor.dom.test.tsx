/**
 * src/authoring/Editor.tsx: the panel once the manifest is loaded. It keeps the reducer's state,
 * validates each draft, applies the valid part to the page after a pause in typing, keeps the
 * draft for the tab, and runs the pick flow from the keyboard. Rendered in a shadow root, as
 * the panel is, over a stand-in Session (test/support/authoring-session.ts).
 */
import { act, cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/authoring/Editor';
import { diffJson, type JsonObject } from '../../src/authoring/json-patch';
import type { Manifest } from '../../src/manifest/schema';
import type { Explanation } from '../../src/options';
import { fakeSession, type FakeSession } from '../support/authoring-session';

const ORIGINAL = {
  schemaVersion: 1,
  revision: 'r1',
  defaultLocale: 'en',
  $schema: './manifest.schema.json',
  items: [
    { id: 'save-tip', type: 'tooltip', target: '#save', title: { en: 'Save', es: 'Guardar' }, body: { en: 'Saves everything' } },
    { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: { en: 'One' } }] },
  ],
} as JsonObject;

let fake: FakeSession;
let shadow: ShadowRoot;
let onPicking: ReturnType<typeof vi.fn<(picking: boolean) => void>>;

beforeEach(() => {
  document.body.innerHTML = '<main><button id="save">Save</button> <button id="open" data-help="open-file">Open</button></main>';
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

function setup(options: { original?: JsonObject; kept?: JsonObject; locale?: string; note?: string; saveTarget?: string } = {}) {
  const original = options.original ?? ORIGINAL;
  fake = fakeSession({ original, locale: options.locale });
  if (options.kept) fake.keptDraft.mockReturnValue({ draft: options.kept });
  if (options.saveTarget) fake.saveTarget.mockResolvedValue(options.saveTarget);
  onPicking = vi.fn<(picking: boolean) => void>();
  const host = document.createElement('div');
  host.setAttribute('data-guidepost-host', 'author');
  shadow = host.attachShadow({ mode: 'open' });
  const container = document.createElement('div');
  shadow.appendChild(container);
  document.body.appendChild(host);
  const view = render(<Editor session={fake.session} loaded={{ original, fileName: 'manifest.json', note: options.note }} onPicking={onPicking} />, { container });
  const $ = <T extends Element = HTMLElement>(selector: string) => container.querySelector<T>(selector);
  const button = (text: string) => [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement;
  const patch = () => JSON.parse($<HTMLTextAreaElement>('#gp-author-patch')!.value) as { op: string; path: string; value?: unknown }[];
  /** The draft as last kept for the tab. */
  const kept = () => fake.keepDraft.mock.calls.at(-1)![1] as JsonObject;
  return { ...view, container, $, button, patch, kept, original };
}
const applied = () => fake.apply.mock.calls.map((call) => call[0] as Manifest);

describe('Editor: the state it starts from', () => {
  it('lists the items, edits the first, no changes yet', () => {
    const { $, container, patch } = setup();
    expect([...container.querySelectorAll('[data-author=items] > li')].map((li) => li.getAttribute('data-item'))).toEqual(['save-tip', 'tour']);
    expect($('[data-author=editor]')!.getAttribute('data-item')).toBe('save-tip');
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('Save');
    expect(patch()).toEqual([]);
    expect(fake.keptDraft).toHaveBeenCalledWith(ORIGINAL);
  });

  it('a draft kept by an earlier page load comes back, with its changes against the original', () => {
    const kept = { ...ORIGINAL, items: [{ ...(ORIGINAL.items as JsonObject[])[0], title: { en: 'Kept', es: 'Guardar' } }, (ORIGINAL.items as JsonObject[])[1]] };
    const { $, patch } = setup({ kept });
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('Kept');
    expect(patch()).toEqual([{ op: 'replace', path: '/items/0/title/en', value: 'Kept' }]);
  });

  it('the note about what was loaded is shown', () => {
    const { $ } = setup({ note: 'This page uses a manifest compiled by "guidepost build"' });
    expect($('[data-author=hint]')!.textContent).toBe('This page uses a manifest compiled by "guidepost build"');
  });

  it('the locales offered: those the texts use, the writer\'s own, the default first', () => {
    const { $ } = setup({ locale: 'fr' });
    expect([...$<HTMLSelectElement>('#gp-author-locale')!.options].map((o) => o.value)).toEqual(['en', 'es', 'fr']);
    expect($<HTMLSelectElement>('#gp-author-locale')!.value).toBe('fr');
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('');
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.placeholder).toBe('en: Save');
  });
});

describe('Editor: edits', () => {
  it('typing edits the draft: the patch names only that path, the draft is kept, the other locale stays', () => {
    const { $, patch, kept } = setup();
    fireEvent.input($('#gp-author-save-tip-item-title')!, { target: { value: 'Save all' } });
    expect(patch()).toEqual([{ op: 'replace', path: '/items/0/title/en', value: 'Save all' }]);
    expect(fake.keepDraft.mock.calls.at(-1)![0]).toBe(ORIGINAL);
    expect((kept().items as JsonObject[])[0].title).toEqual({ en: 'Save all', es: 'Guardar' });
    expect(kept().$schema).toBe('./manifest.schema.json');
  });

  it('typing back the original text leaves no change (an edit is undone by undoing it)', () => {
    const { $, patch, kept } = setup();
    const title = $('#gp-author-save-tip-item-title')!;
    fireEvent.input(title, { target: { value: 'Save all' } });
    fireEvent.input(title, { target: { value: 'Save' } });
    expect(patch()).toEqual([]);
    expect(diffJson(ORIGINAL, kept())).toEqual([]);
  });

  it('applies the valid draft to the page once typing pauses, one apply per pause', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { $ } = setup();
    const title = $('#gp-author-save-tip-item-title')!;
    for (const text of ['S', 'Sa', 'Sav']) fireEvent.input(title, { target: { value: text } });
    act(() => void vi.advanceTimersByTime(199));
    expect(fake.apply).not.toHaveBeenCalled();
    act(() => void vi.advanceTimersByTime(1));
    expect(fake.apply).toHaveBeenCalledTimes(1);
    expect((applied()[0].items[0].title as Record<string, string>).en).toBe('Sav');
    expect(fake.apply.mock.calls[0][1]).toBeUndefined();
  });

  it('an item with an error: shown beside it, left out of what is applied; the rest still applies', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { $ } = setup();
    fireEvent.change($('#gp-author-save-tip-trigger')!, { target: { value: 'event' } });
    expect($('[data-item=save-tip] [data-author=badge]')!.textContent).toBe('1 error');
    expect($('#gp-author-save-tip-problems')!.textContent).toContain('item "save-tip" at items[0].trigger.event');
    expect($('[data-author=export] p')!.textContent).toContain('1 error to fix first');
    act(() => void vi.advanceTimersByTime(200));
    expect(applied().at(-1)!.items.map((i) => i.id)).toEqual(['tour']);
    fireEvent.input($('#gp-author-save-tip-trigger-event')!, { target: { value: 'saved' } });
    expect($('[data-item=save-tip] [data-author=badge]')).toBeNull();
    act(() => void vi.advanceTimersByTime(200));
    expect(applied().at(-1)!.items.map((i) => i.id)).toEqual(['save-tip', 'tour']);
  });

  it('a draft refused whole is never applied, and says why', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const original = { ...ORIGINAL, schemaVersion: 99 };
    const { container } = setup({ original });
    act(() => void vi.advanceTimersByTime(1000));
    expect(fake.apply).not.toHaveBeenCalled();
    expect(container.querySelector('[data-author=problems]')!.textContent).toContain('schemaVersion');
  });

  it('deleting the selected item removes it and closes its editor', () => {
    const { $, container, patch } = setup();
    fireEvent.click($('[data-action=delete]')!);
    expect($('[data-author=editor]')).toBeNull();
    expect([...container.querySelectorAll('[data-author=items] > li')].map((li) => li.getAttribute('data-item'))).toEqual(['tour']);
    expect(patch()).toEqual([{ op: 'remove', path: '/items/0' }]);
  });

  it('"Discard all changes" goes back to the manifest as loaded', () => {
    const { $, button, patch, kept } = setup();
    fireEvent.input($('#gp-author-save-tip-item-title')!, { target: { value: 'Changed' } });
    fireEvent.click($('[data-action=delete]')!);
    fireEvent.click(button('Discard all changes'));
    expect(patch()).toEqual([]);
    expect(kept()).toEqual(ORIGINAL);
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('Save');
  });

  it('after "Save to file" the saved draft is the new base: no changes left', async () => {
    const { $, patch } = setup({ saveTarget: 'manifest.json' });
    await vi.waitFor(() => expect($('[data-action=save]')).not.toBeNull());
    fireEvent.input($('#gp-author-save-tip-item-title')!, { target: { value: 'Saved title' } });
    expect(patch()).toHaveLength(1);
    fireEvent.click($('[data-action=save]')!);
    await vi.waitFor(() => expect(patch()).toEqual([]));
    expect(fake.save).toHaveBeenCalledTimes(1);
    expect(((fake.save.mock.calls[0][0] as JsonObject).items as JsonObject[])[0].title).toEqual({ en: 'Saved title', es: 'Guardar' });
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('Saved title');
    expect($<HTMLButtonElement>('[data-action=save]')!.disabled).toBe(true);
    // The tab's kept draft is forgotten: it equals its new base.
    const [base, draft] = fake.keepDraft.mock.calls.at(-1)!;
    expect(diffJson(base, draft)).toEqual([]);
  });
});

describe('Editor: locales', () => {
  it('switching the locale switches every field; writing keeps the default text', () => {
    const { $, kept } = setup();
    fireEvent.change($('#gp-author-locale')!, { target: { value: 'es' } });
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title')!.value).toBe('Guardar');
    fireEvent.input($('#gp-author-save-tip-item-body')!, { target: { value: 'Lo guarda todo' } });
    expect((kept().items as JsonObject[])[0].body).toEqual({ en: 'Saves everything', es: 'Lo guarda todo' });
  });

  it('a new locale is offered, selected, and its missing translations listed', () => {
    const { $ } = setup();
    fireEvent.input($('#gp-author-new-locale')!, { target: { value: 'de' } });
    fireEvent.submit($('#gp-author-new-locale')!.closest('form')!);
    expect($<HTMLSelectElement>('#gp-author-locale')!.value).toBe('de');
    expect([...$<HTMLSelectElement>('#gp-author-locale')!.options].map((o) => o.value)).toEqual(['en', 'es', 'de']);
    expect($('[data-author=missing] summary')!.textContent).toMatch(/^Missing translations \(\d+\)$/);
    expect($('[data-author=missing]')!.textContent).toContain('no "de" translation');
  });

  it('"Translate" opens the item in that locale and puts the cursor in its first field', async () => {
    const { $, container } = setup();
    const translate = container.querySelector<HTMLButtonElement>('[aria-label="Translate items[1].steps[0].title of tour into es"]')!;
    fireEvent.click(translate);
    expect($('[data-author=editor]')!.getAttribute('data-item')).toBe('tour');
    expect($<HTMLSelectElement>('#gp-author-locale')!.value).toBe('es');
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-tour-item-title'));
  });
});

describe('Editor: the page', () => {
  it('verdicts come from the instance, and are read again after a route change', () => {
    const { $ } = setup();
    const verdict = (message: string): Explanation => ({ itemId: 'save-tip', type: 'tooltip', shown: false, reason: { code: 'trigger' } as Explanation['reason'], message });
    expect($('[data-item=save-tip] [data-author=verdict]')!.textContent).toBe('being applied…');
    fake.explanations.push(verdict('Waits for its trigger.'));
    expect(fake.routeListeners.size).toBe(1);
    act(() => [...fake.routeListeners].forEach((listener) => listener()));
    expect($('[data-item=save-tip] [data-author=verdict]')!.textContent).toBe('Waits for its trigger.');
    expect($('[data-author=editor] [data-author=verdict]')!.textContent).toBe('Waits for its trigger.');
  });

  it('"Reset my progress" resets through the instance', async () => {
    const { button } = setup();
    fireEvent.click(button('Reset my progress'));
    expect(fake.reset).toHaveBeenCalledTimes(1);
  });

  it('preview and stop preview go through the session, for the selected item', () => {
    const { $, button } = setup();
    fireEvent.click($('[data-action=preview]')!);
    expect(fake.preview).toHaveBeenCalledWith('save-tip', undefined);
    fireEvent.click(button('Stop preview'));
    expect(fake.stopPreview).toHaveBeenCalledWith('save-tip');
    expect(button('Stop preview')).toBeUndefined();
  });

  it('the previewed item is passed to apply (a previewed tour restarts at its step)', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { $, container } = setup();
    fireEvent.click(container.querySelector<HTMLButtonElement>('[data-item=tour] button')!);
    fireEvent.click($('[aria-label="Preview step 1"]')!);
    expect(fake.preview).toHaveBeenCalledWith('tour', 0);
    fireEvent.input($('#gp-author-tour-0-title')!, { target: { value: 'One!' } });
    act(() => void vi.advanceTimersByTime(200));
    expect(fake.apply.mock.calls.at(-1)![1]).toBe('tour');
  });

  it('unmounted: no apply afterwards, no route listener left', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { $, unmount } = setup();
    fireEvent.input($('#gp-author-save-tip-item-title')!, { target: { value: 'Late' } });
    unmount();
    act(() => void vi.advanceTimersByTime(10_000));
    expect(fake.apply).not.toHaveBeenCalled();
    expect(fake.routeListeners.size).toBe(0);
  });
});

describe('Editor: picking', () => {
  /** Page elements have a size (happy-dom has no layout); the panel's do not matter. */
  const giveLayout = () =>
    vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
      return new DOMRect(10, 10, 80, 20);
    });
  const pickLayer = () => shadow.querySelector<HTMLElement>('[data-author=pick-layer]');

  it('"Pick an element" hides the frame while picking; Escape cancels and gives focus back', async () => {
    const { $ } = setup();
    const pick = $<HTMLButtonElement>('[data-action=pick]')!;
    pick.focus();
    fireEvent.click(pick);
    expect(onPicking).toHaveBeenLastCalledWith(true);
    expect(pickLayer()).not.toBeNull();
    expect(pickLayer()!.querySelector('[data-author=pick-bar]')!.textContent).toContain('Pick an element to put help on');
    fireEvent.keyDown(pickLayer()!.querySelector('[data-part=picker]')!, { key: 'Escape' });
    expect(onPicking).toHaveBeenLastCalledWith(false);
    expect(pickLayer()).toBeNull();
    await vi.waitFor(() => expect(shadow.activeElement).toBe(pick));
  });

  it('from the keyboard: Tab walks the page\'s elements, Enter picks, the chooser creates the item', async () => {
    giveLayout();
    const { $, container, kept } = setup();
    fireEvent.click($('[data-action=pick]')!);
    const surface = pickLayer()!.querySelector('[data-part=picker]')!;
    fireEvent.keyDown(surface, { key: 'Tab' });
    fireEvent.keyDown(surface, { key: 'Tab' });
    expect(pickLayer()!.querySelector('[data-author=pick-bar]')!.textContent).toContain('2 of 2: button “Open”');
    expect(pickLayer()!.querySelector('[data-author=kb-highlight]')).not.toBeNull();
    fireEvent.keyDown(surface, { key: 'Enter' });
    expect(pickLayer()).toBeNull();
    expect(onPicking).toHaveBeenLastCalledWith(false);
    expect($('[data-author=chooser] [data-author=selector]')!.textContent).toBe('[data-help="open-file"]');
    await vi.waitFor(() => expect(shadow.activeElement?.getAttribute('data-create')).toBe('helpLink'));
    fireEvent.click($('[data-create=tooltip]')!);
    expect($('[data-author=chooser]')).toBeNull();
    expect($('[data-author=editor]')!.getAttribute('data-item')).toBe('open-file-tip');
    expect((kept().items as JsonObject[]).at(-1)).toEqual({ id: 'open-file-tip', type: 'tooltip', target: { anchor: 'open-file' }, title: { en: 'New tip' }, body: { en: 'Describe what this does.' } });
    // Typing replaces the placeholder text: it is selected, in the first field.
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-open-file-tip-item-title'));
    expect(container.querySelectorAll('[data-author=items] > li')).toHaveLength(3);
  });

  it('a picked element becomes the next step of a tour, on the page it was picked on', async () => {
    giveLayout();
    history.replaceState({}, '', '/board');
    const { $, kept } = setup();
    fireEvent.click($('[data-action=pick]')!);
    const surface = pickLayer()!.querySelector('[data-part=picker]')!;
    fireEvent.keyDown(surface, { key: 'ArrowUp' });
    fireEvent.keyDown(surface, { key: 'Enter' });
    fireEvent.click($('[data-add-step=tour]')!);
    const tour = (kept().items as JsonObject[]).find((i) => i.id === 'tour')!;
    expect(tour.steps).toEqual([{ target: '#save', title: { en: 'One' } }, { target: { anchor: 'open-file' }, route: '/board', title: { en: 'Step 2' }, body: { en: 'Describe this step.' } }]);
    expect($('[data-author=editor]')!.getAttribute('data-item')).toBe('tour');
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-tour-1-title'));
  });

  it('"Pick another target" re-targets the item', () => {
    giveLayout();
    const { button, kept } = setup();
    fireEvent.click(button('Pick another target'));
    expect(pickLayer()!.querySelector('[data-author=pick-bar]')!.textContent).toContain('a new target for save-tip');
    const surface = pickLayer()!.querySelector('[data-part=picker]')!;
    fireEvent.keyDown(surface, { key: 'ArrowDown' });
    fireEvent.keyDown(surface, { key: 'ArrowDown' });
    fireEvent.keyDown(surface, { key: 'Enter' });
    expect((kept().items as JsonObject[])[0].target).toEqual({ anchor: 'open-file' });
    expect((kept().items as JsonObject[])[0].title).toEqual({ en: 'Save', es: 'Guardar' });
  });
});
