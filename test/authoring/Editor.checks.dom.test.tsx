/**
 * src/authoring/Editor.tsx with the writers' checks: clearing the default locale's text of an
 * item that has other translations is an error beside the item and in "Missing translations"
 * (it used to show "Missing translations (0)"); an undeclared attribute is an error beside its
 * item, in the words of `guidepost validate`.
 */
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Editor } from '../../src/authoring/Editor';
import type { JsonObject } from '../../src/authoring/json-patch';
import { fakeSession } from '../support/authoring-session';

afterEach(() => {
  cleanup();
  document.body.innerHTML = '';
});

function setup(original: JsonObject) {
  const fake = fakeSession({ original });
  const view = render(<Editor session={fake.session} loaded={{ original, fileName: 'manifest.json' }} onPicking={() => {}} />);
  return { $: <T extends HTMLElement = HTMLElement>(selector: string) => view.container.querySelector<T>(selector), container: view.container };
}

describe('Editor: the checks `guidepost validate` runs', () => {
  it('a cleared default-locale title: an error naming the item and field, listed in Missing translations', async () => {
    const { $, container } = setup({ schemaVersion: 1, revision: 'r1', defaultLocale: 'en', items: [{ id: 'tip', type: 'tooltip', target: '#x', title: { en: 'Start here', es: 'Empieza' }, body: { en: 'B', es: 'C' } }] });
    expect($('[data-author=missing] summary')!.textContent).toBe('Missing translations (0)');
    fireEvent.input($('#gp-author-tip-item-title')!, { target: { value: '' } });
    await vi.waitFor(() => expect($('[data-author=missing] summary')!.textContent).toBe('Missing translations (1)'));
    expect($('[data-author=missing] li')!.textContent).toContain('item "tip" at items[0].title: no "en" translation');
    expect([...container.querySelectorAll('[data-author=editor] [data-author=problems] li')].map((li) => li.textContent)).toEqual([
      'error: item "tip" at items[0].title: no "en" translation (the default locale: readers without a text in their language get it)',
    ]);
    expect($('[data-item=tip] [data-author=badge]')!.textContent).toBe('1 error');
  });

  it('an undeclared trait with "did you mean": an error beside the item', () => {
    const { container } = setup({
      schemaVersion: 1,
      revision: 'r1',
      declare: { traits: { account: { plan: ['trial', 'pro'] } } },
      items: [{ id: 'tip', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plam': 'trial' } }],
    });
    const problems = [...container.querySelectorAll('[data-author=editor] [data-author=problems] li')].map((li) => li.textContent);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^error: item "tip" at items\[0\]\.when\["account\.plam"\]: .*did you mean "account\.plan"\?$/);
  });
});
