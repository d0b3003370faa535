/**
 * src/authoring/ItemEditor.tsx: the selected item with its verdict, its problems, the fields its
 * type has (help links: label and URL; anchored kinds: target and placement; tours: steps;
 * every kind: texts and rules), and the preview and delete actions.
 * Rendered over the real reducer and the real validator, as the Editor renders it.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { useReducer } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ItemEditor, type ItemEditorProps } from '../../src/authoring/ItemEditor';
import { checkDraft } from '../../src/authoring/check';
import type { JsonObject } from '../../src/authoring/json-patch';
import { findItem, initialState, reduce, type AuthoringState } from '../../src/authoring/state';
import type { Explanation } from '../../src/options';

beforeEach(() => {
  document.body.innerHTML = '<button id="save">Save</button>';
});
afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const ITEMS = [
  { id: 'help', type: 'helpLink', target: { anchor: 'export' }, label: { en: 'Help' }, title: { en: 'About' }, body: { en: 'Body' }, url: 'https://example.com/a' },
  { id: 'tip', type: 'tooltip', target: '#save', title: { en: 'Tip' }, body: { en: 'Tip body' }, placement: 'top' },
  { id: 'spot', type: 'hotspot', target: '#save', body: { en: 'Spot' } },
  { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ target: '#save', title: { en: 'One' } }, { target: '#save', title: { en: 'Two' } }] },
  { id: 'news', type: 'banner', title: { en: 'News' }, body: { en: 'Banner body' } },
];

let latest: AuthoringState;
const handlers = { onPick: vi.fn(), onPreview: vi.fn(), onStopPreview: vi.fn() };
function Harness({ initial, id, props }: { initial: AuthoringState; id: string; props: Partial<ItemEditorProps> }) {
  const [state, dispatch] = useReducer(reduce, initial);
  latest = state;
  const item = findItem(state.draft, id);
  if (!item) return <p>deleted</p>;
  const check = checkDraft(state.draft, []);
  return (
    <ItemEditor
      item={item}
      doc={document}
      locale="en"
      defaultLocale="en"
      declare={state.draft.declare}
      problems={check.byItem.get(id)}
      explanation={undefined}
      previewing={false}
      dispatch={dispatch}
      {...handlers}
      {...props}
    />
  );
}

function setup(id: string, props: Partial<ItemEditorProps> = {}, items: unknown[] = ITEMS) {
  for (const handler of Object.values(handlers)) handler.mockReset();
  const original = { schemaVersion: 1, revision: 'r', items } as JsonObject;
  const view = render(<Harness initial={initialState(original, 'en')} id={id} props={props} />);
  const $ = <T extends Element = HTMLElement>(selector: string) => view.container.querySelector<T>(selector);
  const button = (text: string) => [...view.container.querySelectorAll('button')].find((b) => b.textContent?.trim() === text) as HTMLButtonElement | undefined;
  return { ...view, $, button, item: () => findItem(latest.draft, id) };
}
const ids = (container: Element) => [...container.querySelectorAll('input, select, textarea')].map((c) => c.id);

describe('ItemEditor per kind', () => {
  it('a help link: label, title, body, article URL, target and placement (no center)', () => {
    const { $, container, button } = setup('help');
    expect($('h3')!.textContent).toBe('Editing help (helpLink)');
    expect($('[data-author=editor]')!.getAttribute('data-item')).toBe('help');
    expect(ids(container).slice(0, 5)).toEqual(['gp-author-help-item-label', 'gp-author-help-item-title', 'gp-author-help-item-body', 'gp-author-help-url', 'gp-author-help-placement']);
    expect($<HTMLInputElement>('#gp-author-help-url')!.value).toBe('https://example.com/a');
    expect($('[data-author=selector]')!.textContent).toBe('[data-help="export"]');
    expect([...$<HTMLSelectElement>('#gp-author-help-placement')!.options].map((o) => o.value)).not.toContain('center');
    expect(button('Pick another target')).toBeDefined();
  });

  it('the article URL is optional: emptied, the key goes', () => {
    const { $, item } = setup('help');
    fireEvent.input($('#gp-author-help-url')!, { target: { value: 'https://example.com/b' } });
    expect(item()!.url).toBe('https://example.com/b');
    fireEvent.input($('#gp-author-help-url')!, { target: { value: '' } });
    expect('url' in item()!).toBe(false);
  });

  it('a tooltip and a hotspot: title and body, target, placement; no URL', () => {
    const tip = setup('tip');
    expect(ids(tip.container).slice(0, 3)).toEqual(['gp-author-tip-item-title', 'gp-author-tip-item-body', 'gp-author-tip-placement']);
    expect(tip.$('#gp-author-tip-url')).toBeNull();
    fireEvent.change(tip.$('#gp-author-tip-placement')!, { target: { value: '' } });
    expect('placement' in tip.item()!).toBe(false);
    cleanup();
    const spot = setup('spot');
    expect(spot.$('h3')!.textContent).toBe('Editing spot (hotspot)');
    expect(spot.$('[data-author=matches]')!.textContent).toBe('matches 1 element on this page');
  });

  it('a tour: its steps, and no item target or placement', () => {
    const { $, container, button } = setup('tour');
    expect($('[data-author=steps]')).not.toBeNull();
    expect(container.querySelectorAll('[data-author=step]')).toHaveLength(2);
    expect($('#gp-author-tour-placement')).toBeNull();
    expect(button('Pick another target')).toBeUndefined();
    fireEvent.click($('[data-action=add-step]')!);
    expect(handlers.onPick).toHaveBeenLastCalledWith({ newStep: true });
    fireEvent.click($('[aria-label="Pick a new target for step 2"]')!);
    expect(handlers.onPick).toHaveBeenLastCalledWith({ step: 1 });
    fireEvent.click($('[aria-label="Preview step 2"]')!);
    expect(handlers.onPreview).toHaveBeenLastCalledWith(1);
  });

  it('a kind the panel does not create (a banner): texts and rules, nothing anchored', () => {
    const { $, button } = setup('news');
    expect($('h3')!.textContent).toBe('Editing news (banner)');
    expect($<HTMLInputElement>('#gp-author-news-item-title')!.value).toBe('News');
    expect($('#gp-author-news-trigger')).not.toBeNull();
    expect($('#gp-author-news-placement')).toBeNull();
    expect(button('Pick another target')).toBeUndefined();
    expect($('[data-author=selector]')).toBeNull();
  });
});

describe('ItemEditor: verdict, problems, actions', () => {
  it('the verdict for the writer now, or why there is none', () => {
    const explanation: Explanation = { itemId: 'tip', type: 'tooltip', shown: true, reason: { code: 'eligible' } as unknown as Explanation['reason'], message: 'Shown: eligible now.' };
    expect(setup('tip', { explanation }).$('[data-author=verdict]')!.textContent).toBe('Shown: eligible now.');
    cleanup();
    expect(setup('tip').$('[data-author=verdict]')!.textContent).toBe('Not in the running manifest yet (it has errors, or is being applied).');
  });

  it('the validator\'s problems are shown in the editor as it finds them, and go when fixed', () => {
    const { $ } = setup('tip', {}, [{ ...ITEMS[1], placement: 'nowhere' }]);
    const list = $('#gp-author-tip-problems')!;
    expect(list.textContent).toContain('error: item "tip" at items[0].placement');
    fireEvent.change($('#gp-author-tip-placement')!, { target: { value: 'bottom' } });
    expect($('#gp-author-tip-problems')).toBeNull();
  });

  it('preview, stop preview (only while previewing), pick another target, delete', () => {
    const { button, $, container } = setup('tip');
    expect(button('Stop preview')).toBeUndefined();
    fireEvent.click($('[data-action=preview]')!);
    expect(handlers.onPreview).toHaveBeenCalledWith();
    fireEvent.click(button('Pick another target')!);
    expect(handlers.onPick).toHaveBeenCalledWith({});
    fireEvent.click($('[data-action=delete]')!);
    expect(container.textContent).toBe('deleted');
    expect((latest.draft.items as JsonObject[]).map((i) => i.id)).toEqual(['help', 'spot', 'tour', 'news']);
    cleanup();
    const previewing = setup('tip', { previewing: true });
    fireEvent.click(previewing.button('Stop preview')!);
    expect(handlers.onStopPreview).toHaveBeenCalledTimes(1);
  });

  it('every control is labelled, for every kind', () => {
    for (const id of ['help', 'tip', 'spot', 'tour', 'news']) {
      const { container } = setup(id);
      for (const control of container.querySelectorAll('input, select, textarea')) expect(container.querySelector(`label[for="${control.id}"]`), `${id}: ${control.outerHTML}`).not.toBeNull();
      cleanup();
    }
  });

  it('an item of a type that is junk is still editable as texts and rules', () => {
    const { $ } = setup('odd', {}, [{ id: 'odd', type: { nested: true }, title: 'T' }]);
    expect($('h3')!.textContent).toBe('Editing odd ([object Object])');
    expect($<HTMLInputElement>('#gp-author-odd-item-title')!.value).toBe('T');
  });
});

describe('ItemEditor marks the field a problem is about as invalid and described by the problem', () => {
  it('the field a problem points at is marked invalid and described by the problem', () => {
    const tour = { ...ITEMS[3], steps: [{ target: '#save', title: { en: 'One' }, advanceOn: { event: '' } }, ITEMS[3].steps![1]] };
    const { $, container } = setup('tour', {}, [tour]);
    const field = $<HTMLInputElement>('#gp-author-tour-0-advance-event')!;
    expect(field).not.toBeNull();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (field.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
    const description = describedBy.map((id) => container.querySelector(`#${id}`)?.textContent ?? '').join(' ');
    expect(description).toContain('steps[0].advanceOn.event');
  });
});
