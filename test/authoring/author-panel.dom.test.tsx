/**
 * The authoring panel in happy-dom: it opens with gp.author(true) in its own shadow root, lists
 * the items with their verdicts, edits texts per locale (the patch names only the edit), shows
 * the validator's messages beside the item, reorders tour steps, previews with the SDK's own
 * preview, emits no event while open, and stays off on a compiled manifest without the option.
 * (Picking elements needs layout: the Chromium test covers it.)
 */
import { fireEvent } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createGuidepost, memoryStorage, type GuidepostError, type GuidepostEvent } from '../../src/index';
import { stampManifest } from '../../src/manifest/compiled';
import { validateManifest } from '../../src/manifest/validate';
import { SDK_VERSION } from '../../src/version';

const manifest = {
  schemaVersion: 1,
  revision: 'r1',
  defaultLocale: 'en',
  items: [
    { id: 'save-tip', type: 'tooltip', target: '#save', title: { en: 'Save', es: 'Guardar' }, body: { en: 'Saves **everything**' } },
    { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: { en: 'One' } }, { target: '#open', title: { en: 'Two' } }] },
  ],
};

function setup(options: Partial<Parameters<typeof createGuidepost>[0]> = {}) {
  document.body.innerHTML = '<button id="save">Save</button> <button id="open">Open</button>';
  const errors: GuidepostError[] = [];
  const events: GuidepostEvent[] = [];
  const gp = createGuidepost({ manifest, locale: 'en', storage: memoryStorage(), onError: (e) => errors.push(e), onEvent: (e) => events.push(e), ...options });
  return { gp, errors, events };
}

const panel = () => document.querySelector('[data-guidepost-host=author]')?.shadowRoot?.querySelector<HTMLElement>('[data-author=panel]') ?? null;
const $ = <T extends Element = HTMLElement>(selector: string) => panel()!.querySelector<T>(selector)!;
const patch = () => JSON.parse($<HTMLTextAreaElement>('#gp-author-patch').value) as { op: string; path: string; value?: unknown }[];
const button = (text: string) => [...panel()!.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;

async function openPanel(gp: ReturnType<typeof createGuidepost>) {
  gp.author(true);
  await vi.waitFor(() => expect(panel()?.querySelector('[data-author=items]')).toBeTruthy());
}

beforeEach(() => {
  // No dev server here: the panel's probe for "Save to file" gets a 404 (happy-dom would try a real socket).
  vi.stubGlobal('fetch', async () => new Response('not found', { status: 404 }));
});

afterEach(() => {
  document.body.innerHTML = '';
  // The panel keeps a draft for the tab's next page load: each test starts from the manifest.
  sessionStorage.clear();
  vi.unstubAllGlobals();
});

describe('authoring panel', () => {
  it('opens in its own shadow root, lists the items with their verdicts, and closes', async () => {
    const { gp } = setup();
    await gp.start();
    await openPanel(gp);
    const rows = [...panel()!.querySelectorAll('[data-author=items] > li')];
    expect(rows.map((li) => li.getAttribute('data-item'))).toEqual(['save-tip', 'tour']);
    await vi.waitFor(() => expect($('[data-item=tour] [data-author=verdict]').textContent).toBe(gp.explain('tour')!.message));
    expect($('#gp-author-title').textContent).toBe('Guidepost authoring');
    // Every control is labelled.
    for (const control of panel()!.querySelectorAll('input, select, textarea')) {
      expect(panel()!.querySelector(`label[for="${control.id}"]`), control.outerHTML).not.toBeNull();
    }
    $('[data-author=close]').click();
    await vi.waitFor(() => expect(document.querySelector('[data-guidepost-host=author]')).toBeNull());
    gp.destroy();
  });

  it('edits a text per locale: the patch names only that path, the page shows the new text', async () => {
    const { gp } = setup();
    await gp.start();
    await openPanel(gp);
    const title = $<HTMLInputElement>('#gp-author-save-tip-item-title');
    expect(title.value).toBe('Save');
    fireEvent.input(title, { target: { value: 'Save all' } });
    await vi.waitFor(() => expect(patch()).toEqual([{ op: 'replace', path: '/items/0/title/en', value: 'Save all' }]));
    // Applied to the running instance: its manifest, and so the tooltip on screen, has the new text.
    await vi.waitFor(() => expect((gp.manifest!.items[0].title as Record<string, string>).en).toBe('Save all'));
    await vi.waitFor(() => expect(document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=tooltip] [data-part=title]')?.textContent).toBe('Save all'));
    // Another locale: the default text is the placeholder, the missing translation is listed.
    fireEvent.change($<HTMLSelectElement>('#gp-author-locale'), { target: { value: 'es' } });
    await vi.waitFor(() => expect($<HTMLInputElement>('#gp-author-save-tip-item-body').placeholder).toBe('en: Saves **everything**'));
    expect($('[data-author=missing] summary').textContent).toContain('(3)');
    fireEvent.input($('#gp-author-save-tip-item-body'), { target: { value: 'Lo guarda **todo**' } });
    await vi.waitFor(() => expect(patch()).toContainEqual({ op: 'add', path: '/items/0/body/es', value: 'Lo guarda **todo**' }));
    expect($('[data-author=missing] summary').textContent).toContain('(2)');
    // Closed: the page runs the manifest it loaded again (the draft waits in the tab).
    gp.author(false);
    await vi.waitFor(() => expect((gp.manifest!.items[0].title as Record<string, string>).en).toBe('Save'));
    gp.destroy();
  });

  it('rules apply to the running instance: explain() and the list follow the edit', async () => {
    const { gp } = setup();
    await gp.start();
    await openPanel(gp);
    await vi.waitFor(() => expect(gp.explain('save-tip')?.shown).toBe(true));
    fireEvent.change($('#gp-author-save-tip-trigger'), { target: { value: 'manual' } });
    await vi.waitFor(() => expect(gp.explain('save-tip')?.reason.code).toBe('trigger'));
    await vi.waitFor(() => expect($('[data-item=save-tip] [data-author=verdict]').textContent).toBe(gp.explain('save-tip')!.message));
    expect(document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=tooltip]')).toBeNull();
    gp.destroy();
  });

  it('shows the validator\'s message beside the item, as the CLI prints it', async () => {
    const { gp } = setup();
    await gp.start();
    await openPanel(gp);
    $<HTMLButtonElement>('[data-item=tour] button').click();
    await vi.waitFor(() => expect($('[data-author=editor]').getAttribute('data-item')).toBe('tour'));
    fireEvent.change($('#gp-author-tour-0-advance'), { target: { value: 'event' } });
    const tour = manifest.items[1] as { steps: object[] };
    const expected = validateManifest({ ...manifest, items: [manifest.items[0], { ...tour, steps: [{ ...tour.steps[0], advanceOn: { event: '' } }, tour.steps[1]] }] }).problems[0].message;
    await vi.waitFor(() => expect($('[data-author=editor] [data-author=problems]').textContent).toBe(`error: ${expected}`));
    expect($('[data-item=tour] [data-author=badge]').textContent).toBe('1 error');
    fireEvent.input($('#gp-author-tour-0-advance-event'), { target: { value: 'saved' } });
    await vi.waitFor(() => expect(panel()!.querySelector('[data-author=editor] [data-author=problems]')).toBeNull());
    gp.destroy();
  });

  it('reorders steps with Move buttons; focus follows the moved step', async () => {
    const { gp } = setup();
    await gp.start();
    await openPanel(gp);
    $<HTMLButtonElement>('[data-item=tour] button').click();
    await vi.waitFor(() => expect($('[data-author=editor]').getAttribute('data-item')).toBe('tour'));
    const down = $<HTMLButtonElement>('[data-step="0"] [data-move="1"]');
    down.focus();
    down.click();
    await vi.waitFor(() => expect($<HTMLInputElement>('#gp-author-tour-0-title').value).toBe('Two'));
    expect(patch().map((op) => `${op.op} ${op.path}`)).toEqual(['remove /items/1/steps/0', 'add /items/1/steps/1']);
    // The moved step is now last: its "down" is disabled, so focus is on its "up".
    await vi.waitFor(() => expect(panel()!.ownerDocument.activeElement?.shadowRoot?.activeElement?.getAttribute('aria-label')).toBe('Move step 2 up'));
    gp.destroy();
  });

  it('previews with the SDK preview and emits no event while open', async () => {
    const { gp, events } = setup();
    await gp.start();
    const before = events.length;
    await openPanel(gp);
    gp.track('something');
    $<HTMLButtonElement>('[data-item=save-tip] button').click();
    $<HTMLButtonElement>('[data-action=preview]').click();
    await vi.waitFor(() => expect(document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=preview][data-item=save-tip]')).not.toBeNull());
    button('Stop preview').click();
    await vi.waitFor(() => expect(document.querySelector('guidepost-root')!.shadowRoot!.querySelector('[data-part=preview]')).toBeNull());
    expect(events.slice(before)).toEqual([]);
    gp.author(false);
    // Events flow again once the loaded manifest is back in place.
    await vi.waitFor(() => {
      gp.track('after');
      expect(events.length).toBeGreaterThan(before);
    });
    expect(new Set(events.slice(before).map((e) => e.type === 'goal' && e.name))).toEqual(new Set(['after']));
    gp.destroy();
  });

  it('stays off on a compiled manifest unless createGuidepost says authoring: true', async () => {
    const compiled = stampManifest(validateManifest(manifest).manifest!, SDK_VERSION);
    const { gp, errors } = setup({ manifest: compiled });
    await gp.start();
    gp.author(true);
    expect(errors.map((e) => e.message)).toContainEqual('authoring: off on a manifest compiled by "guidepost build" (production) unless createGuidepost gets authoring: true');
    expect(document.querySelector('[data-guidepost-host=author]')).toBeNull();
    gp.destroy();
    const allowed = setup({ manifest: compiled, authoring: true });
    await allowed.gp.start();
    await openPanel(allowed.gp);
    expect($('[data-author=hint]').textContent).toContain('compiled by "guidepost build"');
    allowed.gp.destroy();
    expect(document.querySelector('[data-guidepost-host=author]')).toBeNull();
  });

  it('puts back a checked manifest when it closes: a forged theme value never reaches the page', async () => {
    // Stamped as `guidepost build` would, but with a value the build refuses; its item is for another page.
    const forged = JSON.parse(JSON.stringify(stampManifest({ ...manifest, settings: { theme: { accent: 'url(https://evil.example/t.png)', radius: '4px' } }, items: [{ ...manifest.items[0], when: { 'page.path': '/reports' } }] } as never, SDK_VERSION)));
    const { gp, errors } = setup({ manifest: forged, authoring: true });
    await gp.start();
    await openPanel(gp);
    $('[data-author=close]').click();
    await vi.waitFor(() => expect(document.querySelector('[data-guidepost-host=author]')).toBeNull());
    history.pushState({}, '', '/reports');
    await vi.waitFor(() => expect(gp.explain('save-tip')?.shown).toBe(true));
    const layer = document.querySelector<HTMLElement>('[data-guidepost-host=layer]')!;
    await vi.waitFor(() => expect(layer.shadowRoot?.querySelector('[data-part=tooltip]')).toBeTruthy());
    expect(layer.style.getPropertyValue('--gp-accent')).toBe('');
    expect(layer.style.getPropertyValue('--gp-radius')).toBe('4px');
    expect(errors.filter((e) => e.problem?.code === 'unsafe-theme-value')).toHaveLength(1);
    gp.destroy();
    history.replaceState({}, '', '/');
  });

  it('keeps the draft for the next page load of the tab, and discards it on request', async () => {
    const first = setup();
    await first.gp.start();
    await openPanel(first.gp);
    fireEvent.input($('#gp-author-save-tip-item-title'), { target: { value: 'Kept' } });
    await vi.waitFor(() => expect(patch()).toHaveLength(1));
    first.gp.destroy();
    const second = setup();
    await second.gp.start();
    await openPanel(second.gp);
    expect($<HTMLInputElement>('#gp-author-save-tip-item-title').value).toBe('Kept');
    button('Discard all changes').click();
    await vi.waitFor(() => expect($<HTMLInputElement>('#gp-author-save-tip-item-title').value).toBe('Save'));
    expect(patch()).toEqual([]);
    second.gp.destroy();
  });

  it('author(true) before start() opens once started', async () => {
    const { gp } = setup();
    gp.author(true);
    expect(document.querySelector('[data-guidepost-host=author]')).toBeNull();
    await gp.start();
    await vi.waitFor(() => expect(panel()).not.toBeNull());
    gp.destroy();
  });

  it('closing gives focus back to where it was before the panel opened; Discard puts it on the panel\'s heading', async () => {
    const { gp } = setup();
    await gp.start();
    const opener = document.querySelector<HTMLButtonElement>('#open')!;
    opener.focus();
    await openPanel(gp);
    const shadow = document.querySelector('[data-guidepost-host=author]')!.shadowRoot!;
    fireEvent.input($('#gp-author-save-tip-item-title'), { target: { value: 'Changed' } });
    $('[data-action=discard]').focus();
    $('[data-action=discard]').click();
    await vi.waitFor(() => expect(shadow.activeElement?.id).toBe('gp-author-title'));
    $('[data-author=close]').focus();
    $('[data-author=close]').click();
    await vi.waitFor(() => expect(document.querySelector('[data-guidepost-host=author]')).toBeNull());
    expect(document.activeElement).toBe(opener);
    gp.destroy();
  });
});
