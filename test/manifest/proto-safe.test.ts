/**
 * A key some library put on Object.prototype must not read as a manifest field, whatever its
 * name: validation, the compiled fast path and the decisions see what the manifest says.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { acceptManifest } from '../../src/manifest/load';
import { stampManifest } from '../../src/manifest/compiled';
import { validateManifest } from '../../src/manifest/validate';
import { SDK_VERSION } from '../../src/version';

const manifest = () => ({
  schemaVersion: 1,
  revision: 'r1',
  defaultLocale: 'en',
  items: [
    { id: 'welcome', type: 'banner', body: { en: 'Hi' } },
    { id: 'tip', type: 'tooltip', target: { selector: '#save' }, body: 'Save here' },
    { id: 'setup', type: 'checklist', title: 'Set up', tasks: [{ id: 't1', title: 'First', completeOn: 'done', url: '/start' }] },
    { id: 'tour', type: 'tour', trigger: 'manual', steps: [{ target: { selector: '#a' }, body: 'One' }, { body: 'Two' }] },
    { id: 'help', type: 'helpLink', target: { anchor: 'export' }, url: 'https://example.com/help', label: 'Help', requires: ['welcome'] },
  ],
  experiments: [{ key: 'holdout', unit: 'user', variations: [{ key: 'off', enabled: false }, { key: 'on' }], scope: { types: ['helpLink'] } }],
});

const KEYS = ['buttons', 'requires', 'items', 'image', 'url', 'target', 'steps', 'tasks', 'settings', 'experiments', 'when', 'scope', 'overrides', 'translations'];
const VALUES: [string, unknown][] = [
  ['a function', () => undefined],
  ['a number', 1],
  ['a string', 'x'],
  ['an object', { src: 'javascript:alert(1)' }],
  ['an array', ['nothing']],
  ['true', true],
  ['null', null],
];

let polluted: string | undefined;
const pollute = (key: string, value: unknown) => {
  polluted = key;
  Object.defineProperty(Object.prototype, key, { value, enumerable: true, configurable: true, writable: true });
};
afterEach(() => {
  if (polluted) delete (Object.prototype as Record<string, unknown>)[polluted];
  polluted = undefined;
});

describe('Object.prototype pollution', () => {
  const clean = validateManifest(manifest());
  it('the manifest is valid to begin with', () => {
    expect(clean.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(clean.manifest?.items.map((i) => i.id)).toEqual(['welcome', 'tip', 'setup', 'tour', 'help']);
  });

  for (const key of KEYS) {
    for (const [label, value] of VALUES) {
      it(`Object.prototype.${key} = ${label}: validation and the compiled path see only the manifest`, async () => {
        const stamped = JSON.parse(JSON.stringify(stampManifest(clean.manifest!, SDK_VERSION)));
        pollute(key, value);
        const validated = validateManifest(manifest());
        expect(validated.problems.map((p) => p.message)).toEqual(clean.problems.map((p) => p.message));
        expect(validated.manifest?.items.map((i) => i.id)).toEqual(['welcome', 'tip', 'setup', 'tour', 'help']);
        const compiled = await acceptManifest(stamped);
        expect(compiled.problems).toEqual([]);
        expect(compiled.manifest?.items.map((i) => i.id)).toEqual(['welcome', 'tip', 'setup', 'tour', 'help']);
        // What the runtime reads: no inherited field.
        for (const item of [...validated.manifest!.items, ...compiled.manifest!.items]) expect(key in item).toBe(Object.hasOwn(item, key));
      });
    }
  }
});
