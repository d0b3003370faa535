/**
 * src/authoring/check.ts in Node: each draft validated with the CLI's validator, its problems
 * grouped by the item they belong to (so the panel can show them beside it), the rest general,
 * errors counted apart from warnings, and missing translations listed per locale.
 * (Selector syntax is checked only where there is a DOM: check-selectors.dom.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { checkDraft } from '../../src/authoring/check';
import type { JsonObject } from '../../src/authoring/json-patch';
import { validateManifest } from '../../src/manifest/validate';

const draft = (items: unknown[], extra: JsonObject = {}): JsonObject => ({ schemaVersion: 1, revision: 'r1', defaultLocale: 'en', ...extra, items }) as JsonObject;
const messages = (problems: { message: string }[] | undefined) => (problems ?? []).map((p) => p.message);

describe('checkDraft', () => {
  it('a valid draft: its manifest, no problems, no errors', () => {
    const result = checkDraft(draft([{ id: 'tip', type: 'tooltip', target: '#save', body: { en: 'Saves', es: 'Guarda' } }]), ['es']);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['tip']);
    expect(result.byItem.size).toBe(0);
    expect(result.general).toEqual([]);
    expect(result.errors).toBe(0);
    expect(result.missing).toEqual([]);
  });

  it('puts an item\'s problems beside it, with the validator\'s own message; the other items stay usable', () => {
    const input = draft([
      { id: 'ok', type: 'tooltip', target: '#a', body: 'fine' },
      { id: 'typo', type: 'tooltip', target: '#a', body: 'x', placment: 'top' },
      { id: 'bad-place', type: 'tooltip', target: '#a', body: 'x', placement: 'middle' },
    ]);
    const result = checkDraft(input, []);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['ok']);
    expect([...result.byItem.keys()].sort()).toEqual(['bad-place', 'typo']);
    const cli = validateManifest(input).problems;
    expect(messages(result.byItem.get('typo'))).toEqual(messages(cli.filter((p) => p.itemId === 'typo')));
    expect(messages(result.byItem.get('typo'))[0]).toContain('items[1].placment');
    expect(messages(result.byItem.get('bad-place'))[0]).toContain('items[2].placement');
    expect(result.errors).toBe(2);
    expect(result.general).toEqual([]);
  });

  it('problems outside items (experiments, settings, envelope) are general', () => {
    const result = checkDraft(draft([{ id: 'ok', type: 'banner', body: 'Hi' }], { experiments: [{}], settings: { caps: 'lots' } }), []);
    expect(result.byItem.size).toBe(0);
    expect(result.general.length).toBeGreaterThan(0);
    for (const problem of result.general) expect(problem.path).toMatch(/^(experiments|settings)/);
    expect(result.errors).toBe(result.general.filter((p) => p.severity === 'error').length);
  });

  it('entries without an id, or that are not objects, are general (there is no item to show them beside)', () => {
    const result = checkDraft(draft([{ type: 'tooltip', target: '#a', body: 'x' }, 5, null, 'text']), []);
    expect(result.byItem.size).toBe(0);
    expect(result.general.map((p) => p.path)).toEqual(expect.arrayContaining(['items[0].id', 'items[1]', 'items[2]', 'items[3]']));
    expect(result.errors).toBe(result.general.length);
  });

  it('an entry with a non-string id is general, not keyed by a number', () => {
    const result = checkDraft(draft([{ id: 7, type: 'tooltip', target: '#a', body: 'x' }]), []);
    expect(result.byItem.size).toBe(0);
    expect(result.general.some((p) => p.path.startsWith('items[0]'))).toBe(true);
  });

  it('a duplicate id: the second one\'s problem is listed under that id', () => {
    const result = checkDraft(draft([{ id: 'dup', type: 'banner', body: 'a' }, { id: 'dup', type: 'banner', body: 'b' }]), []);
    expect(result.byItem.get('dup')?.map((p) => p.code)).toEqual(['duplicate-id']);
    expect(result.manifest?.items).toHaveLength(1);
  });

  it('a draft refused whole: no manifest, the refusal is general, no missing translations', () => {
    const refused = checkDraft({ schemaVersion: 2, revision: 'r', items: [{ id: 'x', type: 'banner', body: 'b' }] }, ['es']);
    expect(refused.manifest).toBeNull();
    expect(refused.general.map((p) => p.code)).toEqual(['schema-version']);
    expect(refused.errors).toBe(1);
    expect(refused.missing).toEqual([]);
  });

  it('junk drafts are refused with a message, never thrown', () => {
    for (const junk of [{}, { items: 'x' }, { schemaVersion: '1', revision: 5, items: {} }]) {
      const result = checkDraft(junk as JsonObject, ['es']);
      expect(result.manifest).toBeNull();
      expect(result.errors).toBeGreaterThan(0);
      expect(result.general[0].message.length).toBeGreaterThan(0);
    }
  });

  it('prototype keys in a draft are reported on their item, and pollute nothing', () => {
    const input = JSON.parse('{"schemaVersion":1,"revision":"r","items":[{"id":"p","type":"banner","body":"b","__proto__":{"polluted":true}},{"id":"constructor","type":"banner","body":"c"}]}') as JsonObject;
    const result = checkDraft(input, []);
    expect(result.byItem.get('p')?.length).toBeGreaterThan(0);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['constructor']);
    expect(result.byItem.has('constructor')).toBe(false);
  });

  it('warnings are listed but do not count as errors', () => {
    const experiments = [{ key: 'exp', unit: 'account', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['nope'] } }];
    const result = checkDraft(draft([{ id: 'ok', type: 'banner', body: 'hi' }], { experiments }), []);
    expect(result.general.map((p) => [p.severity, p.code])).toEqual([['warning', 'unknown-reference']]);
    expect(result.errors).toBe(0);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['ok']);
  });

  it('lists missing translations per locale, with paths into the file even when earlier items are skipped', () => {
    const result = checkDraft(
      draft([
        { id: 'broken', type: 'tooltip', target: '#a', body: 'x', placement: 'nowhere' },
        { id: 'tip', type: 'tooltip', target: '#a', title: { en: 'T', es: 'T' }, body: { en: 'B' } },
        { id: 'plain', type: 'banner', body: 'Plain' },
      ]),
      ['es', 'de'],
    );
    expect(result.missing).toEqual([
      { itemId: 'tip', path: 'items[1].title', locale: 'de' },
      { itemId: 'tip', path: 'items[1].body', locale: 'es' },
      { itemId: 'tip', path: 'items[1].body', locale: 'de' },
      { itemId: 'plain', path: 'items[2].body', locale: 'es' },
      { itemId: 'plain', path: 'items[2].body', locale: 'de' },
    ]);
    expect(checkDraft(draft([{ id: 'plain', type: 'banner', body: 'Plain' }]), []).missing).toEqual([]);
  });

  it('in Node (no document) selector syntax is not checked', () => {
    expect(typeof document).toBe('undefined');
    const result = checkDraft(draft([{ id: 'sel', type: 'tooltip', target: 'a[', body: 'x' }]), []);
    expect(result.byItem.get('sel')).toBeUndefined();
    expect(result.errors).toBe(0);
  });

  it('does not change the draft it checks', () => {
    const input = draft([{ id: 'typo', type: 'tooltip', target: '#a', body: 'x', placment: 'top' }, { id: 'tip', type: 'banner', body: 'b' }]);
    const before = JSON.stringify(input);
    checkDraft(input, ['es']);
    expect(JSON.stringify(input)).toBe(before);
  });
});

describe('checkDraft runs the checks `guidepost validate` runs, not only the validator', () => {
  it('undeclared and mistyped attributes are errors beside their item, in the CLI\'s words', () => {
    const input = draft(
      [
        { id: 'typo', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plam': 'trial' } },
        { id: 'typed', type: 'tooltip', target: '#x', body: 'Hi', when: { 'account.plan': 3 } },
      ],
      { declare: { traits: { account: { plan: ['trial', 'pro'] } } } },
    );
    const result = checkDraft(input, []);
    expect(messages(result.byItem.get('typo'))).toEqual(['item "typo" at items[0].when["account.plam"]: condition on "account.plam": "plam" is not a account trait declared in "declare.traits.account"; declare it there or fix the name — did you mean "account.plan"?']);
    expect(messages(result.byItem.get('typed'))).toEqual(['item "typed" at items[1].when["account.plan"]: "account.plan" is declared as one of "trial", "pro", so 3 never matches']);
    expect(result.errors).toBe(2);
  });

  it('a text without the default locale is an error naming the item and field, and listed first among missing translations', () => {
    const result = checkDraft(draft([{ id: 'tip', type: 'tooltip', target: '#x', title: { es: 'Hola' }, body: { en: 'Body', es: 'Cuerpo' } }]), ['es']);
    expect(messages(result.byItem.get('tip'))).toEqual(['item "tip" at items[0].title: no "en" translation (the default locale: readers without a text in their language get it)']);
    expect(result.errors).toBe(1);
    expect(result.missing).toEqual([{ itemId: 'tip', path: 'items[0].title', locale: 'en' }]);
  });
});
