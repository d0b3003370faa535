/**
 * src/authoring/ItemList.tsx: the items in file order with explain()'s verdict and their error
 * count (the mistake shown beside the item), entries that are not items said so, and the
 * chooser that follows a pick (what to create on the picked element, focus on its first choice).
 */
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Chooser, ItemList, type ChooserProps } from '../../src/authoring/ItemList';
import type { ManifestProblem } from '../../src/manifest/problems';
import type { Explanation } from '../../src/options';
import type { Json } from '../../src/authoring/json-patch';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

const problem = (severity: 'error' | 'warning'): ManifestProblem => ({ code: 'x', message: 'm', path: 'items[0]', severity });
const explanation = (itemId: string, message: string): Explanation => ({ itemId, type: 'tooltip', shown: false, reason: { code: 'trigger' } as Explanation['reason'], message });

describe('ItemList', () => {
  const items: Json[] = [
    { id: 'save-tip', type: 'tooltip' },
    { id: 'broken', type: 'tooltip' },
    { id: 'new-one', type: 'hotspot' },
    { id: 'warned', type: 'banner' },
  ];
  const problems = new Map([
    ['broken', [problem('error'), problem('error'), problem('warning')]],
    ['warned', [problem('warning')]],
  ]);

  function setup(selected?: string, list = items) {
    const onSelect = vi.fn();
    const view = render(<ItemList items={list} selected={selected} explanations={[explanation('save-tip', 'Waits for its trigger.'), explanation('warned', 'Shown.')]} problems={problems} onSelect={onSelect} />);
    const row = (id: string) => view.container.querySelector<HTMLElement>(`[data-author=items] > li[data-item="${id}"]`)!;
    return { ...view, onSelect, row };
  }

  it('lists the items in file order with their type, under a heading with the count', () => {
    const { container, row } = setup();
    expect(container.querySelector('h3')!.textContent).toBe('Items (4)');
    expect([...container.querySelectorAll('[data-author=items] > li')].map((li) => li.getAttribute('data-item'))).toEqual(['save-tip', 'broken', 'new-one', 'warned']);
    expect(row('new-one').querySelector('button')!.textContent).toBe('new-one');
    expect(row('new-one').querySelectorAll('span')[0].textContent).toBe('hotspot');
  });

  it('each row says the verdict, or why there is none', () => {
    const { row } = setup();
    expect(row('save-tip').querySelector('[data-author=verdict]')!.textContent).toBe('Waits for its trigger.');
    expect(row('broken').querySelector('[data-author=verdict]')!.textContent).toBe('skipped by the SDK: it has errors');
    expect(row('new-one').querySelector('[data-author=verdict]')!.textContent).toBe('being applied…');
  });

  it('counts errors (not warnings) beside the item', () => {
    const { row } = setup();
    expect(row('broken').querySelector('[data-author=badge]')!.textContent).toBe('2 errors');
    expect(row('warned').querySelector('[data-author=badge]')).toBeNull();
    expect(row('save-tip').querySelector('[data-author=badge]')).toBeNull();
    cleanup();
    const one = render(<ItemList items={items} selected={undefined} explanations={[]} problems={new Map([['broken', [problem('error')]]])} onSelect={() => {}} />);
    expect(one.container.querySelector('[data-item=broken] [data-author=badge]')!.textContent).toBe('1 error');
  });

  it('marks the selected item and selects another on click', () => {
    const { row, onSelect } = setup('broken');
    expect(row('broken').getAttribute('data-state')).toBe('selected');
    expect(row('broken').querySelector('button')!.getAttribute('aria-current')).toBe('true');
    expect(row('save-tip').getAttribute('data-state')).toBe('idle');
    expect(row('save-tip').querySelector('button')!.hasAttribute('aria-current')).toBe(false);
    row('new-one').querySelector('button')!.click();
    expect(onSelect).toHaveBeenCalledWith('new-one');
  });

  it('entries that are not items with an id say so, by position', () => {
    const { container } = setup(undefined, [{ id: 'ok', type: 'banner' }, 5, null, { type: 'tooltip' }, { id: 7 }, 'text']);
    expect([...container.querySelectorAll('[data-author=items] > li')].map((li) => li.textContent)).toEqual([
      expect.stringContaining('ok'),
      'Entry 2 has no id; fix it in the file.',
      'Entry 3 has no id; fix it in the file.',
      'Entry 4 has no id; fix it in the file.',
      'Entry 5 has no id; fix it in the file.',
      'Entry 6 has no id; fix it in the file.',
    ]);
  });

  it('hostile ids and types are shown as text', () => {
    const { container } = setup(undefined, [{ id: '<img src=x onerror=alert(1)>', type: { nested: true } }, { id: '__proto__', type: 'tooltip' }]);
    expect(container.querySelector('img')).toBeNull();
    const rows = [...container.querySelectorAll('[data-author=items] > li')];
    expect(rows[0].querySelector('button')!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(rows[0].querySelectorAll('span')[0].textContent).toBe('[object Object]');
    expect(rows[1].getAttribute('data-item')).toBe('__proto__');
  });

  it('an empty manifest: an empty list', () => {
    const { container } = setup(undefined, []);
    expect(container.querySelector('h3')!.textContent).toBe('Items (0)');
    expect(container.querySelectorAll('[data-author=items] > li')).toHaveLength(0);
  });
});

describe('Chooser', () => {
  function setup(props: Partial<ChooserProps> = {}) {
    const onCreate = vi.fn();
    const onAddStep = vi.fn();
    const onCancel = vi.fn();
    const picked = { selector: '[data-help="export"]', matches: 1, strategy: 'data-help', target: { anchor: 'export' } } as ChooserProps['picked'];
    const view = render(<Chooser picked={picked} tours={['welcome', 'board-tour']} onCreate={onCreate} onAddStep={onAddStep} onCancel={onCancel} {...props} />);
    const button = (text: string) => [...view.container.querySelectorAll('button')].find((b) => b.textContent === text)!;
    return { ...view, onCreate, onAddStep, onCancel, button };
  }

  it('says what was picked and how stable it is', () => {
    const { container } = setup();
    expect(container.querySelector('[data-author=selector]')!.textContent).toBe('[data-help="export"]');
    expect(container.querySelector('[data-author=matches]')!.textContent).toBe('matches 1 element (a data-help anchor: survives redesigns)');
    cleanup();
    const path = setup({ picked: { selector: 'main > button', matches: 3, strategy: 'path', target: 'main > button' } as ChooserProps['picked'] });
    expect(path.container.querySelector('[data-author=matches]')!.textContent).toBe('matches 3 elements (path)');
  });

  it('offers each kind, and each tour\'s next step; focus is on the first choice', () => {
    const { container, button, onCreate, onAddStep, onCancel } = setup();
    expect([...container.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Help link', 'Tooltip', 'Hotspot', 'New tour starting here', 'Next step of welcome', 'Next step of board-tour', 'Cancel']);
    expect(document.activeElement).toBe(button('Help link'));
    button('Hotspot').click();
    expect(onCreate).toHaveBeenLastCalledWith('hotspot');
    button('New tour starting here').click();
    expect(onCreate).toHaveBeenLastCalledWith('tour');
    button('Next step of board-tour').click();
    expect(onAddStep).toHaveBeenCalledWith('board-tour');
    button('Cancel').click();
    expect(onCancel).toHaveBeenCalledTimes(1);
    expect(container.querySelector('[role=group]')!.getAttribute('aria-labelledby')).toBe('gp-author-chooser');
  });

  it('focus moves to the first choice once, not again on each render', () => {
    const { button, rerender, onCreate, onAddStep, onCancel } = setup();
    button('Tooltip').focus();
    const picked = { selector: '#x', matches: 1, strategy: 'id', target: '#x' } as ChooserProps['picked'];
    rerender(<Chooser picked={picked} tours={[]} onCreate={onCreate} onAddStep={onAddStep} onCancel={onCancel} />);
    expect(document.activeElement).toBe(button('Tooltip'));
  });
});
