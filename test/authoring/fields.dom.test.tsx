/**
 * src/authoring/fields.tsx: the panel's labelled controls. Every control has a visible label
 * tied to it by id, ids are safe whatever the item id holds, the controls only ever report
 * values the schema accepts (finite numbers, listed placements), and targets are described
 * with how many elements of the page they match.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { countMatches, fieldId, NumberField, PLACEMENTS, PlacementField, Problems, SelectField, TargetInfo, targetSelector, TextField } from '../../src/authoring/fields';
import type { ManifestProblem } from '../../src/manifest/problems';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
  history.replaceState({}, '', '/');
});

const labelled = (container: Element) => {
  for (const control of container.querySelectorAll('input, select, textarea')) {
    const label = container.querySelector(`label[for="${control.id}"]`);
    expect(label, control.outerHTML).not.toBeNull();
  }
};

describe('fieldId', () => {
  it('joins parts behind a prefix, replacing anything but letters, digits, "_" and "-"', () => {
    expect(fieldId('save-tip', 'item', 'title')).toBe('gp-author-save-tip-item-title');
    expect(fieldId('tour', 2, 'body')).toBe('gp-author-tour-2-body');
    expect(fieldId('a.b:c', 'x y', '"quoted"', '日本')).toBe('gp-author-a_b_c-x_y-_quoted_-__');
  });

  it('is always usable in a CSS id selector, whatever the item id', () => {
    for (const id of ['1st', 'a.b', 'x:y', '-', '"]); alert(1); //', '\u0000\n', '__proto__']) {
      const value = fieldId(id, 'title');
      expect(value).toMatch(/^gp-author-[A-Za-z0-9_-]+$/);
      expect(() => document.querySelector(`#${value}`)).not.toThrow();
    }
  });
});

describe('TextField', () => {
  it('an input with its label; typing reports the text exactly', () => {
    const onInput = vi.fn();
    const { container } = render(<TextField id="f1" label="Title (en)" value="Save" placeholder="es: Guardar" onInput={onInput} />);
    const input = container.querySelector<HTMLInputElement>('input#f1')!;
    expect(container.querySelector('label[for=f1]')!.textContent).toBe('Title (en)');
    expect(input.type).toBe('text');
    expect(input.value).toBe('Save');
    expect(input.placeholder).toBe('es: Guardar');
    fireEvent.input(input, { target: { value: '  spaced \u0000 ' } });
    expect(onInput).toHaveBeenCalledWith('  spaced \u0000 ');
    labelled(container);
  });

  it('multiline is a textarea; describedBy is tied to it', () => {
    const { container } = render(<TextField id="f2" label="Body" value={'a\nb'} multiline describedBy="help-1" onInput={() => {}} />);
    const area = container.querySelector<HTMLTextAreaElement>('textarea#f2')!;
    expect(area.value).toBe('a\nb');
    expect(area.getAttribute('aria-describedby')).toBe('help-1');
    expect(container.querySelector('input')).toBeNull();
  });

  it('with lang: marked with the language and its direction; without, neither', () => {
    const { container } = render(
      <>
        <TextField id="ar" label="Title (ar)" value="مرحبا" lang="ar" onInput={() => {}} />
        <TextField id="de" label="Body (de)" value="Hallo" lang="de" multiline onInput={() => {}} />
        <TextField id="url" label="URL" value="https://x" onInput={() => {}} />
      </>,
    );
    expect([container.querySelector('#ar')!.getAttribute('lang'), container.querySelector('#ar')!.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect([container.querySelector('#de')!.getAttribute('lang'), container.querySelector('#de')!.getAttribute('dir')]).toEqual(['de', 'ltr']);
    expect([container.querySelector('#url')!.getAttribute('lang'), container.querySelector('#url')!.getAttribute('dir')]).toEqual([null, null]);
  });
});

describe('NumberField', () => {
  const setup = (value: number | undefined) => {
    const onChange = vi.fn();
    const { container } = render(<NumberField id="n" label="Priority" value={value} min={0} onChange={onChange} />);
    return { input: container.querySelector<HTMLInputElement>('input#n')!, onChange, container };
  };

  it('shows the number, or nothing for undefined', () => {
    expect(setup(3).input.value).toBe('3');
    cleanup();
    const { input, container } = setup(undefined);
    expect(input.value).toBe('');
    expect(input.type).toBe('number');
    expect(input.min).toBe('0');
    expect(input.step).toBe('1');
    labelled(container);
  });

  it('reports finite numbers only: empty, infinite and junk are "no value"', () => {
    const { input, onChange } = setup(1);
    for (const [raw, expected] of [['7', 7], ['-2.5', -2.5], ['', undefined], ['1e400', undefined], ['abc', undefined]] as const) {
      onChange.mockClear();
      fireEvent.change(input, { target: { value: raw } });
      expect(onChange).toHaveBeenCalledWith(expected);
    }
  });
});

describe('SelectField and PlacementField', () => {
  it('a select with its options and label; choosing reports the key', () => {
    const onChange = vi.fn();
    const { container } = render(<SelectField id="s" label="Shows" value="b" options={[['a', 'A'], ['b', 'B']]} onChange={onChange} />);
    const select = container.querySelector<HTMLSelectElement>('select#s')!;
    expect([...select.options].map((o) => [o.value, o.textContent])).toEqual([['a', 'A'], ['b', 'B']]);
    expect(select.value).toBe('b');
    fireEvent.change(select, { target: { value: 'a' } });
    expect(onChange).toHaveBeenCalledWith('a');
    labelled(container);
  });

  it('placement offers the schema\'s placements; "center" only where asked; "default" removes the key', () => {
    expect(PLACEMENTS).toContain('top');
    expect(PLACEMENTS).toContain('center');
    const onChange = vi.fn();
    const { container, rerender } = render(<PlacementField id="p" value="left" onChange={onChange} />);
    const select = () => container.querySelector<HTMLSelectElement>('select#p')!;
    const options = () => [...select().options].map((o) => o.value);
    expect(options()).toEqual(['', ...PLACEMENTS.filter((p) => p !== 'center')]);
    expect(select().value).toBe('left');
    fireEvent.change(select(), { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
    fireEvent.change(select(), { target: { value: 'bottom-end' } });
    expect(onChange).toHaveBeenLastCalledWith('bottom-end');
    rerender(<PlacementField id="p" value={{ junk: true }} center onChange={onChange} />);
    expect(options()).toEqual(['', ...PLACEMENTS]);
    expect(select().value).toBe('');
  });
});

describe('Problems', () => {
  const problem = (severity: 'error' | 'warning', message: string): ManifestProblem => ({ code: 'x', path: 'items[0]', severity, message });

  it('lists each problem with its severity and the validator\'s message', () => {
    const { container } = render(<Problems id="probs" problems={[problem('error', 'item "a": bad'), problem('warning', 'odd <b>markup</b>')]} />);
    const list = container.querySelector('ul[data-author=problems]#probs')!;
    expect(list.getAttribute('aria-label')).toBe('Problems');
    expect([...list.querySelectorAll('li')].map((li) => li.textContent)).toEqual(['error: item "a": bad', 'warning: odd <b>markup</b>']);
    // Text, never HTML.
    expect(list.querySelector('b')).toBeNull();
  });

  it('renders nothing without problems', () => {
    expect(render(<Problems problems={[]} />).container.innerHTML).toBe('');
    cleanup();
    expect(render(<Problems problems={undefined} />).container.innerHTML).toBe('');
  });
});

describe('targetSelector and countMatches', () => {
  it('a selector as written; an anchor as [data-help="…"], quotes and backslashes escaped', () => {
    expect(targetSelector('#save')).toBe('#save');
    expect(targetSelector({ anchor: 'export' })).toBe('[data-help="export"]');
    expect(targetSelector({ anchor: 'say "hi" \\ there' })).toBe('[data-help="say \\"hi\\" \\\\ there"]');
    expect(targetSelector({ selector: '.x' })).toBe('.x');
    for (const junk of [undefined, null, 5, ['#a'], { anchor: 5 }, {}]) expect(targetSelector(junk as never)).toBeUndefined();
  });

  it('counts the page\'s matches; an invalid selector or no target matches nothing, never throws', () => {
    document.body.innerHTML = '<button class="b" data-help="export-csv">1</button><button class="b">2</button>';
    expect(countMatches(document, '.b')).toBe(2);
    expect(countMatches(document, { anchor: 'export-csv' })).toBe(1);
    expect(countMatches(document, 'a[')).toBe(0);
    expect(countMatches(document, undefined)).toBe(0);
    expect(countMatches(document, { anchor: 'none' })).toBe(0);
  });
});

describe('TargetInfo', () => {
  it('no target: shown in the middle of the screen', () => {
    const { container } = render(<TargetInfo doc={document} target={undefined} />);
    expect(container.textContent).toBe('No target: shown in the middle of the screen.');
  });

  it('one match, several matches (the first is used), none', () => {
    document.body.innerHTML = '<i class="one"></i><i class="many"></i><i class="many"></i>';
    const text = (target: unknown, route?: string) => {
      const { container, unmount } = render(<TargetInfo doc={document} target={target as never} route={route} />);
      const out = container.textContent;
      unmount();
      return out;
    };
    expect(text('.one')).toBe('Target .one matches 1 element on this page');
    expect(text('.many')).toBe('Target .many matches 2 elements on this page: the first one is used');
    expect(text('.none')).toBe('Target .none matches 0 elements on this page');
    expect(text('a[')).toBe('Target a[ matches 0 elements on this page');
  });

  it('no match here for a step that lives on another page says where it lives', () => {
    history.replaceState({}, '', '/board');
    const { container } = render(<TargetInfo doc={document} target="#elsewhere" route="/settings" />);
    expect(container.querySelector('[data-author=matches]')!.textContent).toBe('matches 0 elements on this page (it lives on /settings)');
    cleanup();
    const here = render(<TargetInfo doc={document} target="#elsewhere" route="/board" />);
    expect(here.container.querySelector('[data-author=matches]')!.textContent).toBe('matches 0 elements on this page');
  });

  it('shows a hostile selector as text', () => {
    const { container } = render(<TargetInfo doc={document} target={'<img src=x onerror=alert(1)>'} />);
    expect(container.querySelector('[data-author=selector]')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(container.querySelector('img')).toBeNull();
  });
});
