/**
 * src/manifest/validate.ts, for what validate-errors, validate-properties, validate-linear,
 * validate-overrides and validate-docs do not cover: a realistic manifest in eight languages
 * that must pass untouched, what the result holds (defaults, dropped editor-only keys, indexes,
 * copies), mistakes in one translation named by item, path and locale, inputs refused whole,
 * and hostile inputs (cycles, throwing getters, proxies, reserved ids, thousands of items, huge
 * ids) that must give bounded problems and never an exception.
 */
import { describe, expect, it } from 'vitest';
import { checkSelectorSyntax } from '../../src/cli/selector';
import { validateManifest } from '../../src/manifest/validate';

const LANGS = { en: 'Save', es: 'Guardar', de: 'Speichern', fr: 'Enregistrer', ja: '保存', 'zh-CN': '保存', 'pt-BR': 'Salvar', ar: 'حفظ' };
const text = (en: string) => Object.fromEntries(Object.keys(LANGS).map((tag) => [tag, `${en} (${tag})`]));

/** Every item type, every common field, texts in eight languages. */
const ITEMS = [
  { id: 'help-export', type: 'helpLink', target: { anchor: 'export', fallbacks: ['#export'] }, url: 'https://docs.example.com/export', label: text('Help'), feedback: true },
  { id: 'tip-save', type: 'tooltip', target: '#save', placement: 'bottom-start', title: LANGS, body: text('**Saves** your work'), buttons: [{ label: text('OK'), action: 'dismiss' }], frequency: 'always' },
  { id: 'spot-filters', type: 'hotspot', target: { selector: '#filters', frame: 'iframe#app' }, body: text('New filters'), frequency: { everyDays: 7, maxTimes: 3 }, interruptive: false },
  {
    id: 'welcome-tour',
    type: 'tour',
    trigger: 'manual',
    version: 2,
    steps: [
      { id: 'intro', placement: 'center', title: text('Welcome'), body: text('Let us show you around'), buttons: [{ label: text('Next'), action: 'next' }] },
      { target: '#new', body: text('Create a project'), advanceOn: { click: true }, waitMs: 5000, onMissingTarget: 'center', image: { src: '/img/new.png', alt: text('The New button') } },
      { target: { anchor: 'reports' }, route: '/reports', body: text('Your reports'), advanceOn: { route: '/reports/1' } },
    ],
    feedback: true,
  },
  {
    id: 'trial-banner',
    type: 'banner',
    slot: 'top',
    when: { 'account.plan': 'trial', daysSinceFirstSeen: { $gte: 11 }, $or: [{ 'page.path': { $regex: '^/app' } }, { locale: { $in: ['es', 'pt-BR'] } }] },
    schedule: { start: '2026-01-01T00:00:00Z', end: '2026-12-31T23:59:59Z' },
    title: text('Your trial ends soon'),
    buttons: [{ label: text('Upgrade'), action: 'url', url: '/billing' }, { label: text('Tour'), action: 'startTour', tour: 'welcome-tour' }],
    priority: 10,
    goal: 'plan_upgraded',
    requires: ['welcome-tour'],
    experiment: 'trial-copy',
  },
  {
    id: 'onboarding',
    type: 'checklist',
    title: text('Get started'),
    tasks: [
      { id: 'create', title: text('Create a project'), completeOn: 'project_created', tour: 'welcome-tour' },
      { id: 'invite', title: text('Invite a teammate'), body: text('Work together'), url: '/team' },
    ],
  },
];

const MANIFEST = {
  $schema: './node_modules/guidepost/schema/manifest.schema.json',
  schemaVersion: 1,
  revision: '2026-11-22.1',
  defaultLocale: 'en',
  settings: { caps: { perPageView: 1, perSession: 3, minGapSeconds: 60 }, theme: { accent: '#2357d9', font: 'Inter, sans-serif', colorScheme: 'auto' } },
  declare: { traits: { account: { plan: ['trial', 'pro'] } }, events: { project_created: {} } },
  experiments: [
    { key: 'trial-copy', unit: 'account', variations: [{ key: 'control', weight: 0.5 }, { key: 'short', weight: 0.5, overrides: { 'trial-banner': { title: text('Upgrade now') } } }], scope: { items: ['trial-banner'] } },
    { key: 'help-holdout', variations: [{ key: 'off', enabled: false }, { key: 'on' }], coverage: 0.2, scope: { types: ['helpLink'] } },
  ],
  items: ITEMS,
};

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
const manifest = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', ...extra, items });
const summary = (input: unknown) => validateManifest(input, { checkSelector: checkSelectorSyntax }).problems.map((p) => [p.code, p.path, p.itemId, p.message]);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('a valid manifest in eight languages', () => {
  const result = validateManifest(clone(MANIFEST), { checkSelector: checkSelectorSyntax });

  it('has no problems and keeps every item and experiment', () => {
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(ITEMS.map((i) => i.id));
    expect(result.manifest?.experiments?.map((e) => e.key)).toEqual(['trial-copy', 'help-holdout']);
    expect(result.itemIndexes).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the content exactly, and drops what only editors and the CLI read ($schema, declare)', () => {
    const { $schema: _schema, declare: _declare, ...content } = clone(MANIFEST);
    expect(JSON.parse(JSON.stringify(result.manifest))).toEqual(content);
  });

  it('does not change its input, even a frozen one, and shares no object with it', () => {
    const input = deepFreeze(clone(MANIFEST));
    const again = validateManifest(input, { checkSelector: checkSelectorSyntax });
    expect(again.problems).toEqual([]);
    expect(input).toEqual(clone(MANIFEST));
    const item = again.manifest!.items[1] as { title: Record<string, string> };
    expect(item.title).not.toBe(input.items[1].title);
    item.title.es = 'changed';
    expect(input.items[1].title).toEqual(LANGS);
  });

  it('gives objects that inherit nothing (depth.ts), so a stray Object.prototype key reads as nothing', () => {
    const item = result.manifest!.items[0] as object;
    expect('toString' in item).toBe(false);
    expect('hasOwnProperty' in result.manifest!.settings!).toBe(false);
  });

  it('fills in the defaults: defaultLocale "en", settings {}, experiments []', () => {
    const minimal = validateManifest({ schemaVersion: 1, revision: 'r', items: [] });
    expect(minimal).toEqual({ manifest: { schemaVersion: 1, revision: 'r', defaultLocale: 'en', settings: {}, experiments: [], items: [] }, problems: [], itemIndexes: [] });
  });

  it('drops a compiled stamp (a stale one is validated again, never trusted)', () => {
    const stamped = validateManifest(manifest([], { compiled: { by: 'guidepost', version: '0.0.1', schemaVersion: 1, hash: 'x' } }));
    expect(stamped.problems).toEqual([]);
    expect(Object.keys(stamped.manifest!)).not.toContain('compiled');
  });

  it('reads schemaVersion 1.x', () => {
    expect(validateManifest({ ...clone(MANIFEST), schemaVersion: 1.4 }).problems).toEqual([]);
  });
});

describe('a mistake in one translation is named by item, path and locale', () => {
  const broken = (edit: (items: Record<string, any>[]) => void) => {
    const items = clone(ITEMS) as Record<string, any>[];
    edit(items);
    return { ...clone(MANIFEST), items };
  };

  it.each([
    ['a number in a tour step\'s Chinese body', (items: Record<string, any>[]) => { items[3].steps[1].body['zh-CN'] = 42; }, 'welcome-tour', 'items[3].steps[1].body["zh-CN"]', 'expected a string, found 42'],
    ['a Brazilian task title that is a list', (items: Record<string, any>[]) => { items[5].tasks[1].title['pt-BR'] = ['Convidar']; }, 'onboarding', 'items[5].tasks[1].title["pt-BR"]', 'expected a string, found ["Convidar"]'],
    ['a Japanese button label that is null', (items: Record<string, any>[]) => { items[1].buttons[0].label.ja = null; }, 'tip-save', 'items[1].buttons[0].label.ja', 'expected a string, found null'],
    ['a German image alt that is an object', (items: Record<string, any>[]) => { items[3].steps[1].image.alt.de = { text: 'x' }; }, 'welcome-tour', 'items[3].steps[1].image.alt.de', 'expected a string, found {"text":"x"}'],
    ['an Arabic title that is true', (items: Record<string, any>[]) => { items[4].title.ar = true; }, 'trial-banner', 'items[4].title.ar', 'expected a string, found true'],
  ])('%s', (_name, edit, itemId, path, what) => {
    const input = broken(edit);
    const result = validateManifest(input, { checkSelector: checkSelectorSyntax });
    const own = result.problems.filter((p) => p.itemId === itemId);
    expect(own.map((p) => [p.code, p.path, p.message])).toEqual([['invalid-value', path, `item "${itemId}" at ${path}: ${what}`]]);
    // The item is skipped; the others stay, except those that depend on it (each told why).
    expect(result.manifest?.items.map((i) => i.id)).not.toContain(itemId);
    expect(result.manifest?.items.map((i) => i.id)).toContain('help-export');
  });

  it('a locale tag written with "_" is named with the tag, among valid ones', () => {
    const input = broken((items) => { items[2].body.pt_BR = items[2].body['pt-BR']; });
    expect(summary(input)).toEqual([['invalid-value', 'items[2].body.pt_BR', 'spot-filters', 'item "spot-filters" at items[2].body.pt_BR: expected a locale tag such as "en", "es" or "zh-CN", found "pt_BR"']]);
  });

  it('an item that depends on a broken one is skipped too, saying which', () => {
    const input = broken((items) => { items[3].steps[0].body.fr = 1; });
    const result = validateManifest(input, { checkSelector: checkSelectorSyntax });
    expect(result.problems[0]).toMatchObject({ code: 'invalid-value', path: 'items[3].steps[0].body.fr', itemId: 'welcome-tour' });
    expect(result.problems.filter((p) => p.itemId === 'onboarding').map((p) => [p.code, p.path, p.message])).toEqual([
      ['invalid-reference', 'items[5].tasks[0].tour', 'item "onboarding" at items[5].tasks[0].tour: "welcome-tour" has errors and is skipped, so it cannot be started'],
    ]);
    // trial-banner requires welcome-tour: it is skipped too (and its experiment with it).
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['help-export', 'tip-save', 'spot-filters']);
    expect(result.manifest?.experiments?.map((e) => e.key)).toEqual(['help-holdout']);
  });

  it('reports every wrong field of one item in one pass', () => {
    const item = { id: 'promo', type: 'banner', body: text('x'), priority: 'high', slot: 'middle', titel: 'T', version: 0 };
    // In the schema's order of keys, then the unknown ones.
    expect(summary(manifest([item])).map((p) => p[1])).toEqual(['items[0].priority', 'items[0].version', 'items[0].slot', 'items[0].titel']);
  });
});

describe('the envelope', () => {
  it.each([
    ['undefined', undefined, 'nothing'],
    ['null', null, 'null'],
    ['a number', 1, '1'],
    ['a URL string', 'https://cdn.example.com/manifest.json', '"https://cdn.example.com/manifest.json"'],
    ['true', true, 'true'],
    ['an array', [], '[]'],
  ])('refuses %s whole, saying what was found', (_name, input, found) => {
    expect(validateManifest(input)).toEqual({
      manifest: null,
      itemIndexes: [],
      problems: [{ code: 'refused', path: '', severity: 'error', message: `manifest: expected a JSON object {"schemaVersion": 1, "revision": "…", "items": […]}, found ${found}` }],
    });
  });

  it.each([[0.9], [2], [-1], [NaN], [Infinity]])('refuses schemaVersion %s whole', (version) => {
    const result = validateManifest(manifest([], { schemaVersion: version }));
    expect(result.manifest).toBeNull();
    expect(result.problems.map((p) => [p.code, p.path, p.message])).toEqual([['schema-version', 'schemaVersion', `schemaVersion: this version of Guidepost reads schemaVersion 1, found ${version}; the manifest is refused whole`]]);
  });

  it('a missing "items" is an error, but the rest of the manifest is usable', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', settings: { caps: { perPageView: 2 } } });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['missing-key', 'items']]);
    expect(result.manifest?.items).toEqual([]);
    expect(result.manifest?.settings).toEqual({ caps: { perPageView: 2 } });
  });

  it('"experiments" that is not a list is an error; the items stay', () => {
    const result = validateManifest(manifest([{ id: 'a', type: 'banner', body: 'x' }], { experiments: { key: 'e' } }));
    expect(result.problems.map((p) => [p.code, p.path, p.message])).toEqual([['invalid-value', 'experiments', 'experiments: expected an array [ … ] of experiments, found {"key":"e"}']]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['a']);
  });

  it('an invalid defaultLocale is reported and "en" used', () => {
    const result = validateManifest(manifest([], { defaultLocale: 'pt_BR' }));
    expect(result.problems.map((p) => p.path)).toEqual(['defaultLocale']);
    expect(result.manifest?.defaultLocale).toBe('en');
    expect(validateManifest(manifest([], { defaultLocale: 'pt-BR' })).manifest?.defaultLocale).toBe('pt-BR');
  });

  it('"declare" is accepted as anything by the SDK', () => {
    expect(validateManifest(manifest([], { declare: ['anything', { at: 'all' }] })).problems).toEqual([]);
  });

  it('an unknown top-level key far from every known one lists them', () => {
    expect(summary(manifest([], { theme: {} }))).toEqual([['unknown-key', 'theme', undefined, 'theme: unknown key "theme" (known keys: $schema, schemaVersion, revision, defaultLocale, settings, declare, experiments, items, compiled)']]);
  });
});

describe('ids and keys JavaScript gives a meaning to', () => {
  it('items with the ids "constructor", "toString" and "hasOwnProperty" are ordinary items', () => {
    const items = [
      { id: 'constructor', type: 'tour', steps: [{ body: 'x' }] },
      { id: 'toString', type: 'banner', body: 'x', requires: ['constructor'], buttons: [{ label: 'Go', action: 'startTour', tour: 'constructor' }] },
      { id: 'hasOwnProperty', type: 'banner', body: 'x', requires: ['toString'] },
    ];
    const result = validateManifest(manifest(items));
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['constructor', 'toString', 'hasOwnProperty']);
  });

  it('a reference to "valueOf" or "__proto__" is an unknown id, not a member of an object', () => {
    expect(summary(manifest([{ id: 'a', type: 'banner', body: 'x', requires: ['valueOf', '__proto__'] }])).map((p) => [p[0], p[1]])).toEqual([
      ['unknown-reference', 'items[0].requires[0]'],
      ['unknown-reference', 'items[0].requires[1]'],
    ]);
  });

  it('"__proto__" as a top-level or settings key (from JSON.parse) is reported, nothing polluted', () => {
    const input = JSON.parse('{"schemaVersion": 1, "revision": "r", "__proto__": {"polluted": true}, "settings": {"__proto__": {"caps": {}}}, "items": []}');
    const result = validateManifest(input);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['unknown-key', '__proto__'], ['unknown-key', 'settings.__proto__']]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('"__proto__" as an experiment\'s override target is refused, and the experiment with it', () => {
    const input = JSON.parse('{"schemaVersion": 1, "revision": "r", "items": [{"id": "a", "type": "banner", "body": "x"}], "experiments": [{"key": "e", "scope": {"items": ["a"]}, "variations": [{"key": "a"}, {"key": "b", "overrides": {"__proto__": {"body": "y"}}}]}]}');
    const result = validateManifest(input);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['forbidden-key', 'experiments[0].variations[1].overrides.__proto__']]);
    expect(result.manifest?.experiments).toEqual([]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['a']);
  });
});

describe('hostile input: bounded problems, never an exception', () => {
  const KEEPER = { id: 'keeper', type: 'banner', body: 'I survive' };

  it('an item that contains itself is refused as too deep; the others stay', () => {
    const cyclic: Record<string, unknown> = { id: 'loop', type: 'banner', body: 'x' };
    cyclic.when = { self: cyclic };
    const result = validateManifest(manifest([cyclic, KEEPER]));
    expect(result.problems.map((p) => [p.code, p.itemId])).toEqual([['too-deep', 'loop']]);
    expect(result.problems[0].path).toMatch(/^items\[0\]\.when\.self\.when\.self/);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['keeper']);
  });

  it('settings that contain themselves refuse the manifest whole, naming the path', () => {
    const settings: Record<string, unknown> = {};
    settings.caps = settings;
    const result = validateManifest(manifest([KEEPER], { settings }));
    expect(result.manifest).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].code).toBe('too-deep');
    expect(result.problems[0].message).toMatch(/^settings\.caps\.caps.*: nested deeper than 32 levels of objects and arrays; the manifest is refused whole$/);
  });

  it('an item whose getter throws, or a proxy that throws, is reported and never thrown', () => {
    const trap = { id: 'trap', type: 'banner', get body(): string { throw new Error('boom'); } };
    const fromGetter = validateManifest(manifest([trap, KEEPER]));
    expect(fromGetter.problems.length).toBeGreaterThan(0);
    expect(fromGetter.problems.every((p) => p.severity === 'error')).toBe(true);
    const proxy = new Proxy({}, { ownKeys() { throw new Error('no keys'); } });
    const fromProxy = validateManifest(proxy);
    expect(fromProxy.manifest).toBeNull();
    expect(fromProxy.problems.map((p) => p.code)).toEqual(['refused']);
    expect(fromProxy.problems[0].message).toContain('no keys');
  });

  it('5,000 valid items are all kept, with no problems', () => {
    const items = Array.from({ length: 5000 }, (_, i) => ({ id: `tip-${i}`, type: 'tooltip', target: `#field-${i}`, body: { en: `Field ${i}`, es: `Campo ${i}` } }));
    const result = validateManifest(manifest(items));
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toHaveLength(5000);
    expect(result.itemIndexes[4999]).toBe(4999);
  });

  it('2,000 items with a typo each give one problem each, naming the item', () => {
    const items = Array.from({ length: 2000 }, (_, i) => ({ id: `tip-${i}`, type: 'tooltip', target: '#a', body: 'x', placment: 'top' }));
    const result = validateManifest(manifest([...items, KEEPER]));
    expect(result.problems).toHaveLength(2000);
    expect(result.problems[1234]).toMatchObject({ code: 'unknown-key', path: 'items[1234].placment', itemId: 'tip-1234', suggestion: 'placement' });
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['keeper']);
  });

  it('keeps every message and received value under 500 characters, whatever their size', () => {
    const huge = 'x'.repeat(200_000);
    const inputs = [
      manifest([{ id: huge, type: 'banner', body: 'x' }, { id: huge, type: 'banner', body: 'y' }]),
      manifest([{ id: 'a', type: 'banner', body: 'x', [huge]: 1 }]),
      manifest([{ id: 'a', type: 'banner', body: 'x', requires: [huge] }]),
      manifest([{ id: 'a', type: 'banner', body: 'x', slot: huge }]),
      manifest([{ id: 'a', type: 'banner', body: { [huge]: 'x' } }]),
      manifest([{ id: 'a', type: 'banner', body: 'x', when: { [`$${huge}`]: 1 } }]),
      manifest([], { [huge]: 1 }),
      manifest([], { experiments: [{ key: huge, variations: [{ key: 'a' }], scope: {} }] }),
    ];
    for (const input of inputs) {
      const { problems } = validateManifest(input);
      expect(problems.length).toBeGreaterThan(0);
      for (const p of problems) {
        expect(p.message.length).toBeLessThanOrEqual(500);
        expect((p.received ?? '').length).toBeLessThanOrEqual(500);
      }
    }
  });

  it('text of 1 MB in one item is kept whole (content is not the validator\'s to cut)', () => {
    const body = 'word '.repeat(200_000);
    const result = validateManifest(manifest([{ id: 'a', type: 'banner', body }]));
    expect(result.problems).toEqual([]);
    expect((result.manifest?.items[0] as { body: string }).body).toHaveLength(1_000_000);
  });
});

describe('an item of an experiment refused for its own errors is told the experiment is skipped', () => {
  // Not "the manifest has no experiments": validateExperiments passes the keys it refused to crossCheck.
  it('names the refused experiment, as for one refused for its overrides', () => {
    const input = manifest([{ id: 'promo', type: 'banner', body: 'x', experiment: 'trial-copy' }], {
      experiments: [{ key: 'trial-copy', variations: [{ key: 'a', weight: 0.5 }, { key: 'b', weight: 0.6 }], scope: { items: ['promo'] } }],
    });
    expect(summary(input)).toEqual([
      ['invalid-weights', 'experiments[0].variations', undefined, 'experiment "trial-copy" at experiments[0].variations: the weights must add up to 1, found 0.5 + 0.6 = 1.1'],
      ['invalid-reference', 'items[0].experiment', 'promo', 'item "promo" at items[0].experiment: experiment "trial-copy" has errors and is skipped, so this item is skipped too'],
    ]);
  });

  it('an item of the valid experiment that shares its key with a refused duplicate is kept', () => {
    const experiment = { key: 'e', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['promo'] } };
    const result = validateManifest(manifest([{ id: 'promo', type: 'banner', body: 'x', experiment: 'e' }], { experiments: [experiment, experiment] }));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['duplicate-id', 'experiments[1].key']]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['promo']);
  });
});

describe('an item whose experiment is refused because of the item names its own problem', () => {
  // promo requires a broken tour. The override check finds that problem outside the override and
  // refuses the experiment ("the item has errors"); the item must then say what its errors are,
  // not only that its experiment is skipped.
  it('tells the writer the item requires an item that is skipped', () => {
    const input = manifest([
      { id: 'tour', type: 'tour', steps: [] },
      { id: 'promo', type: 'banner', body: 'x', requires: ['tour'], experiment: 'e' },
    ], { experiments: [{ key: 'e', scope: { items: ['promo'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { promo: { body: 'y' } } }] }] });
    const messages = validateManifest(input).problems.filter((p) => p.itemId === 'promo' || p.path.startsWith('experiments')).map((p) => p.message);
    expect(messages.some((m) => m.includes('requires "tour", which has errors and is skipped'))).toBe(true);
  });
});

describe('one mistake in the theme keeps the pacing caps', () => {
  // As an unsafe theme value drops that value only, so does any other settings error: a typo in
  // colorScheme must not change how often interruptive help appears.
  it('keeps valid caps when the theme has an error', () => {
    const result = validateManifest(manifest([], { settings: { caps: { perPageView: 2, perSession: 6 }, theme: { colorScheme: 'darker' } } }));
    expect(result.problems.map((p) => p.path)).toEqual(['settings.theme.colorScheme']);
    expect(result.manifest?.settings?.caps).toEqual({ perPageView: 2, perSession: 6 });
  });

  it('keeps every valid cap and theme value beside the wrong ones', () => {
    const settings = { caps: { perPageView: -1, perSession: 6, perDay: 1 }, theme: { accent: '#2357d9', colorScheme: 'darker' } };
    const result = validateManifest(manifest([], { settings }));
    expect(result.problems.map((p) => p.path)).toEqual(['settings.caps.perPageView', 'settings.caps.perDay', 'settings.theme.colorScheme']);
    expect(result.manifest?.settings).toEqual({ caps: { perSession: 6 }, theme: { accent: '#2357d9' } });
  });
});

describe('ids and keys reach messages with their control characters escaped', () => {
  // As paths and "found …" values, the "item "…"" label and "unknown key "…"" quote as JSON does:
  // a raw newline would break the CLI's one-line file:line:col format, a raw ESC drive the terminal.
  it('escapes an id in the label', () => {
    const [problem] = validateManifest(manifest([{ id: 'a\nb\u001b[2J', type: 'banner', body: 'x' }])).problems;
    expect(problem.path).toBe('items[0].id');
    expect(problem.message).not.toMatch(/[\n\u001b]/);
  });

  it('escapes an unknown key in the message', () => {
    const [problem] = validateManifest(manifest([{ id: 'a', type: 'banner', body: 'x', 'bo\rdy\u0007': 'y' }])).problems;
    expect(problem.code).toBe('unknown-key');
    expect(problem.message).not.toMatch(/[\r\u0007]/);
  });

  it('escapes ids named in references and keys of the manifest itself', () => {
    const input = manifest([{ id: 'a', type: 'banner', body: 'x', requires: ['b\u009b2J\n'] }], { 'note\u001b': 1 });
    const messages = validateManifest(input).problems.map((p) => p.message);
    expect(messages).toEqual(['["note\\u001b"]: unknown key "note\\u001b" (known keys: $schema, schemaVersion, revision, defaultLocale, settings, declare, experiments, items, compiled)', 'item "a" at items[0].requires[0]: requires "b\\u009b2J\\n", but no item has that id']);
  });
});

describe('a BigInt inside an object in one item skips that item only', () => {
  // describeValue (problems.ts) must not throw on the null-prototype copy it quotes: validateManifest
  // would catch the exception and refuse everything, though only one item is wrong.
  it('reports that item and keeps the others', () => {
    const result = validateManifest(manifest([{ id: 'a', type: 'banner', body: 'x', buttons: { count: 1n } }, { id: 'b', type: 'banner', body: 'y' }]));
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['invalid-value', 'items[0].buttons']]);
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['b']);
  });
});
