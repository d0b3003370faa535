/**
 * src/authoring/Texts.tsx: the texts of an item or a step in the locale being written. Each
 * field shows that locale's own text (never another locale's as if it were its own), the
 * default locale's text as placeholder, and typing dispatches a text action for exactly that
 * field, step and value.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Texts } from '../../src/authoring/Texts';
import type { JsonObject } from '../../src/authoring/json-patch';
import { initialState, reduce, type AuthoringAction } from '../../src/authoring/state';

afterEach(() => cleanup());

const owner: JsonObject = { id: 'save-tip', title: { en: 'Save', es: 'Guardar' }, body: 'Saves **everything**', label: { en: 'Help', fr: '' } };

function setup(props: { locale: string; defaultLocale?: string; step?: number; fields?: ('title' | 'body' | 'label')[]; owner?: JsonObject }) {
  const dispatch = vi.fn<(action: AuthoringAction) => void>();
  const { container } = render(<Texts itemId="save-tip" owner={props.owner ?? owner} step={props.step} fields={props.fields ?? ['label', 'title', 'body']} locale={props.locale} defaultLocale={props.defaultLocale ?? 'en'} dispatch={dispatch} />);
  const field = (name: string) => container.querySelector<HTMLInputElement | HTMLTextAreaElement>(`#gp-author-save-tip-${props.step ?? 'item'}-${name}`)!;
  return { container, dispatch, field };
}

describe('Texts', () => {
  it('default locale: each field shows its text, no placeholder; the body is multi-line', () => {
    const { field, container } = setup({ locale: 'en' });
    expect(field('title').value).toBe('Save');
    expect(field('body').value).toBe('Saves **everything**');
    expect(field('label').value).toBe('Help');
    expect(field('body').tagName).toBe('TEXTAREA');
    expect(field('title').tagName).toBe('INPUT');
    for (const name of ['title', 'body', 'label']) expect(field(name).getAttribute('placeholder')).toBeNull();
    expect([...container.querySelectorAll('label')].map((l) => l.textContent)).toEqual([
      'Link label (accessible name of the “?”) (en)',
      'Title (en)',
      'Body (Markdown: **bold**, _italic_, [link](https://…), lists) (en)',
    ]);
  });

  it('another locale: its own text, or empty with the default text as placeholder', () => {
    const { field } = setup({ locale: 'es' });
    expect(field('title').value).toBe('Guardar');
    expect(field('title').placeholder).toBe('en: Save');
    // A plain string is the default locale's: shown as placeholder, not as the Spanish text.
    expect(field('body').value).toBe('');
    expect(field('body').placeholder).toBe('en: Saves **everything**');
    expect(field('label').value).toBe('');
    expect(field('label').placeholder).toBe('en: Help');
  });

  it('no placeholder when the default locale has no text either', () => {
    const { field } = setup({ locale: 'fr', owner: { id: 'x', title: { es: 'Solo' } }, fields: ['title'] });
    expect(field('title').value).toBe('');
    expect(field('title').getAttribute('placeholder')).toBeNull();
  });

  it('typing dispatches a text action for the field, in the step when there is one', () => {
    const item = setup({ locale: 'es' });
    fireEvent.input(item.field('body'), { target: { value: 'Lo guarda **todo**' } });
    expect(item.dispatch).toHaveBeenLastCalledWith({ type: 'text', id: 'save-tip', step: undefined, field: 'body', value: 'Lo guarda **todo**' });
    cleanup();
    const step = setup({ locale: 'en', step: 2, fields: ['title'] });
    fireEvent.input(step.field('title'), { target: { value: '' } });
    expect(step.dispatch).toHaveBeenLastCalledWith({ type: 'text', id: 'save-tip', step: 2, field: 'title', value: '' });
  });

  it('typing in one locale never loses another locale\'s text (through the reducer)', () => {
    const original = { schemaVersion: 1, revision: 'r', items: [{ ...owner, type: 'helpLink', target: '#a' }] } as JsonObject;
    let state = reduce(initialState(original, 'en'), { type: 'locale', locale: 'de' });
    const dispatch = (action: AuthoringAction) => {
      state = reduce(state, action);
    };
    const { container } = render(<Texts itemId="save-tip" owner={owner} fields={['title', 'body']} locale="de" defaultLocale="en" dispatch={dispatch} />);
    fireEvent.input(container.querySelector('#gp-author-save-tip-item-title')!, { target: { value: 'Speichern' } });
    fireEvent.input(container.querySelector('#gp-author-save-tip-item-body')!, { target: { value: 'Speichert alles' } });
    const item = (state.draft.items as JsonObject[])[0];
    expect(item.title).toEqual({ en: 'Save', es: 'Guardar', de: 'Speichern' });
    expect(item.body).toEqual({ en: 'Saves **everything**', de: 'Speichert alles' });
  });

  it('junk texts (numbers, arrays, null) show as empty fields, not as "[object Object]"', () => {
    const { field } = setup({ locale: 'en', owner: { id: 'x', title: 5, body: ['a'], label: null } });
    expect(field('title').value).toBe('');
    expect(field('body').value).toBe('');
    expect(field('label').value).toBe('');
  });

  it('each field is in the language being written: lang, and dir from its script (right to left for ar, he, fa, ur)', () => {
    for (const [locale, dir] of [['ar', 'rtl'], ['he-IL', 'rtl'], ['fa', 'rtl'], ['ur', 'rtl'], ['es', 'ltr'], ['en', 'ltr']] as const) {
      const { field } = setup({ locale });
      for (const name of ['title', 'body', 'label']) {
        expect(field(name).getAttribute('lang'), `${locale} ${name}`).toBe(locale);
        expect(field(name).getAttribute('dir'), `${locale} ${name}`).toBe(dir);
      }
      cleanup();
    }
  });
});
