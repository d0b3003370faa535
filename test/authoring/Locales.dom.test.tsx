/**
 * src/authoring/Locales.tsx: the locale being written, adding a locale (only tags the schema
 * accepts, the mistake shown on the field), and the missing translations, each with a button
 * that opens it for editing.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Locales, type LocalesProps } from '../../src/authoring/Locales';

afterEach(() => cleanup());

function setup(props: Partial<LocalesProps> = {}) {
  const onLocale = vi.fn();
  const onAdd = vi.fn();
  const onEdit = vi.fn();
  const view = render(<Locales locales={['en', 'es', 'zh-CN']} locale="es" defaultLocale="en" missing={[]} onLocale={onLocale} onAdd={onAdd} onEdit={onEdit} {...props} />);
  const $ = <T extends Element>(selector: string) => view.container.querySelector<T>(selector)!;
  return { ...view, onLocale, onAdd, onEdit, $, input: () => $<HTMLInputElement>('#gp-author-new-locale'), add: () => $<HTMLButtonElement>('button[type=submit]') };
}

describe('Locales: the locale being written', () => {
  it('lists the locales, the default marked, the current one selected', () => {
    const { $ } = setup();
    const select = $<HTMLSelectElement>('#gp-author-locale');
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([['en', 'en (default)'], ['es', 'es'], ['zh-CN', 'zh-CN']]);
    expect(select.value).toBe('es');
    expect($('label[for=gp-author-locale]').textContent).toBe('Writing texts in');
  });

  it('choosing one reports it', () => {
    const { $, onLocale } = setup();
    fireEvent.change($('#gp-author-locale'), { target: { value: 'zh-CN' } });
    expect(onLocale).toHaveBeenCalledWith('zh-CN');
  });
});

describe('Locales: adding a locale', () => {
  it('a valid tag is added (trimmed) and the field is cleared', () => {
    const { input, add, onAdd, $ } = setup();
    fireEvent.input(input(), { target: { value: '  pt-BR ' } });
    expect(input().value).toBe('pt-BR');
    expect(add().disabled).toBe(false);
    expect(input().getAttribute('aria-invalid')).toBe('false');
    fireEvent.submit($('form'));
    expect(onAdd).toHaveBeenCalledWith('pt-BR');
    expect(input().value).toBe('');
    expect(add().disabled).toBe(true);
  });

  it('an invalid tag is marked on the field and cannot be added', () => {
    const { input, add, onAdd, $ } = setup();
    for (const bad of ['e', 'english', 'en_US', 'en-', '__proto__', 'constructor', 'de-abcdefghi', '1de', 'de US', '<b>x</b>']) {
      fireEvent.input(input(), { target: { value: bad } });
      expect(input().getAttribute('aria-invalid'), bad).toBe('true');
      expect(add().disabled, bad).toBe(true);
      fireEvent.submit($('form'));
    }
    expect(onAdd).not.toHaveBeenCalled();
  });

  it('an empty field is not marked invalid (nothing typed yet)', () => {
    const { input, add } = setup();
    expect(input().getAttribute('aria-invalid')).toBe('false');
    expect(add().disabled).toBe(true);
  });

  it('the tags the schema accepts are accepted', () => {
    const { input, add } = setup();
    for (const good of ['de', 'haw', 'zh-Hant-TW', 'es-419', 'EN-gb']) {
      fireEvent.input(input(), { target: { value: good } });
      expect(add().disabled, good).toBe(false);
    }
  });
});

describe('Locales: missing translations', () => {
  it('none: says every text has every locale', () => {
    const { $ } = setup();
    expect($('[data-author=missing] summary').textContent).toBe('Missing translations (0)');
    expect($('[data-author=missing] p').textContent).toBe('Every text has every locale.');
  });

  it('lists each one as the CLI says it, with a Translate button that opens it', () => {
    const missing = [
      { itemId: 'save-tip', path: 'items[0].body', locale: 'es' },
      { itemId: 'tour', path: 'items[2].steps[1].title', locale: 'zh-CN' },
    ];
    const { $, container, onEdit } = setup({ missing });
    expect($('[data-author=missing] summary').textContent).toBe('Missing translations (2)');
    const rows = [...container.querySelectorAll('[data-author=missing] li')];
    expect(rows.map((li) => li.textContent)).toEqual(['item "save-tip" at items[0].body: no "es" translation Translate', 'item "tour" at items[2].steps[1].title: no "zh-CN" translation Translate']);
    const second = rows[1].querySelector('button')!;
    expect(second.getAttribute('aria-label')).toBe('Translate items[2].steps[1].title of tour into zh-CN');
    second.click();
    expect(onEdit).toHaveBeenCalledWith('tour', 'zh-CN');
  });
});
