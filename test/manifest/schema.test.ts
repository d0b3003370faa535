/**
 * src/manifest/schema.ts on its own: the manifest format as valibot schemas, the one source of
 * the types, the validator and the JSON Schema. Each field's accepted and refused values are
 * checked on the schema directly (the validator's wording is tested in validate-errors and
 * issues.test.ts), including values of the right JSON type the SDK could not use (impossible
 * dates, arrays where an object is expected).
 */
import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  AdvanceOn,
  Button,
  ButtonAction,
  Condition,
  EventName,
  Experiment,
  Frequency,
  Item,
  ITEM_TYPES,
  LocalizedText,
  ManifestEnvelope,
  Placement,
  Schedule,
  SUPPORTED_SCHEMA_MAJOR,
  Target,
  TourStep,
  Trigger,
  Variation,
  type Item as ItemT,
  type ItemType,
  type Manifest,
} from '../../src/manifest/schema';
import { validateManifest } from '../../src/manifest/validate';

const ok = (schema: v.GenericSchema, value: unknown) => v.safeParse(schema, value).success;

describe('exports', () => {
  it('reads schema major version 1', () => {
    expect(SUPPORTED_SCHEMA_MAJOR).toBe(1);
  });

  it('ITEM_TYPES are the item variant\'s types, in order', () => {
    const types = (Item.options as unknown as { entries: { type: { literal: string } } }[]).map((o) => o.entries.type.literal);
    expect(types).toEqual([...ITEM_TYPES]);
    expect(ITEM_TYPES).toEqual(['helpLink', 'tooltip', 'hotspot', 'tour', 'banner', 'checklist']);
  });

  it('types follow the schema', () => {
    expectTypeOf<ItemType>().toEqualTypeOf<'helpLink' | 'tooltip' | 'hotspot' | 'tour' | 'banner' | 'checklist'>();
    expectTypeOf<Manifest['items']>().toEqualTypeOf<ItemT[]>();
    expectTypeOf<Manifest['revision']>().toEqualTypeOf<string>();
  });

  it('the envelope and every item type read only their own entries (null prototype, see proto-safe.ts)', () => {
    expect(Object.getPrototypeOf(ManifestEnvelope.entries)).toBeNull();
    for (const option of Item.options) expect(Object.getPrototypeOf(option.entries), option.entries.type.literal).toBeNull();
    expect(Object.getPrototypeOf(Experiment.entries)).toBeNull();
    expect(Object.getPrototypeOf(Button.entries)).toBeNull();
    expect(Object.getPrototypeOf(TourStep.entries)).toBeNull();
  });
});

describe('items', () => {
  it.each([
    ['helpLink', { id: 'h', type: 'helpLink', target: '#a', url: '/help' }],
    ['tooltip', { id: 't', type: 'tooltip', target: { anchor: 'save' }, body: 'x' }],
    ['hotspot', { id: 's', type: 'hotspot', target: '#a', title: 'x' }],
    ['tour', { id: 'w', type: 'tour', steps: [{ body: 'x' }] }],
    ['banner', { id: 'b', type: 'banner' }],
    ['checklist', { id: 'c', type: 'checklist', tasks: [{ id: 't', title: 'T' }] }],
  ])('a minimal %s parses', (_type, item) => {
    expect(v.parse(Item, item)).toEqual(item);
  });

  it.each([['tooltip'], ['hotspot'], ['helpLink']])('a %s needs a target', (type) => {
    expect(ok(Item, { id: 'x', type, body: 'x' })).toBe(false);
  });

  it('a tour needs at least one step and a checklist at least one task', () => {
    expect(ok(Item, { id: 'w', type: 'tour', steps: [] })).toBe(false);
    expect(ok(Item, { id: 'c', type: 'checklist', tasks: [] })).toBe(false);
  });

  it('every item type refuses keys it does not have', () => {
    expect(ok(Item, { id: 'b', type: 'banner', colour: 'red' })).toBe(false);
    expect(ok(Item, { id: 't', type: 'tooltip', target: '#a', slot: 'top' })).toBe(false);
    expect(ok(Item, { id: 'w', type: 'tour', steps: [{ body: 'x', slot: 'top' }] })).toBe(false);
  });

  it.each([
    ['a', true], ['A1', true], ['welcome-tour', true], ['billing.export:v2_b', true], ['9lives', true],
    ['', false], ['-a', false], ['_a', false], ['.a', false], ['a b', false], ['a/b', false], ['añil', false], ['a\n', false],
  ])('id %j: %s', (id, valid) => {
    expect(ok(Item, { id, type: 'banner' })).toBe(valid);
  });

  it('common fields: priority any number, version a whole number from 1, booleans', () => {
    expect(ok(Item, { id: 'b', type: 'banner', priority: -2.5, version: 3, reshowOnNewVersion: false, interruptive: true })).toBe(true);
    expect(ok(Item, { id: 'b', type: 'banner', version: 0 })).toBe(false);
    expect(ok(Item, { id: 'b', type: 'banner', version: 1.5 })).toBe(false);
    expect(ok(Item, { id: 'b', type: 'banner', interruptive: 'yes' })).toBe(false);
    expect(ok(Item, { id: 'b', type: 'banner', requires: 'other' })).toBe(false);
  });
});

describe('LocalizedText', () => {
  it('is a string or strings by locale tag, in any number of languages', () => {
    expect(ok(LocalizedText, 'Save')).toBe(true);
    expect(ok(LocalizedText, '')).toBe(true);
    expect(ok(LocalizedText, { en: 'Save', es: 'Guardar', de: 'Speichern', fr: 'Enregistrer', ja: '保存', 'zh-CN': '保存', 'pt-BR': 'Salvar', ar: 'حفظ' })).toBe(true);
  });

  it.each(['en', 'EN', 'fil', 'zh-CN', 'pt-BR', 'es-419', 'sr-Latn-RS', 'zh-Hant-TW', 'de-CH-1996'])('accepts the tag %j', (tag) => {
    expect(ok(LocalizedText, { [tag]: 'x' })).toBe(true);
  });

  it.each(['e', 'english', 'en_US', 'en-', '-en', 'en--US', 'en-U', 'en US', '', '12', 'en-abcdefghi', 'ès'])('refuses the tag %j', (tag) => {
    expect(ok(LocalizedText, { [tag]: 'x' })).toBe(false);
  });

  it('refuses numbers, null and nested objects as translations', () => {
    expect(ok(LocalizedText, { en: 5 })).toBe(false);
    expect(ok(LocalizedText, { en: null })).toBe(false);
    expect(ok(LocalizedText, { en: { text: 'x' } })).toBe(false);
    expect(ok(LocalizedText, 5)).toBe(false);
  });
});

describe('EventName', () => {
  it.each(['project_created', 'a', 'billing.export:csv', 'Signed-Up', '$pageview', 'x'.repeat(100)])('accepts %j', (name) => {
    expect(ok(EventName, name)).toBe(true);
  });

  it.each(['', 'has space', 'x'.repeat(101), 'a/b', 'évènement', 'a\tb'])('refuses %j', (name) => {
    expect(ok(EventName, name)).toBe(false);
  });
});

describe('placement, targets, buttons', () => {
  it('accepts the 13 placements and nothing else', () => {
    const all = ['top', 'top-start', 'top-end', 'bottom', 'bottom-start', 'bottom-end', 'left', 'left-start', 'left-end', 'right', 'right-start', 'right-end', 'center'];
    for (const placement of all) expect(ok(Placement, placement), placement).toBe(true);
    for (const placement of ['middle', 'Top', 'auto', '', 'top start']) expect(ok(Placement, placement), placement).toBe(false);
  });

  it('a target is a non-empty selector or an object of known keys', () => {
    expect(ok(Target, '#save')).toBe(true);
    expect(ok(Target, { selector: '#a', anchor: 'save', fallbacks: ['#b', '.c'], frame: 'iframe#app' })).toBe(true);
    expect(ok(Target, '')).toBe(false);
    expect(ok(Target, { anchor: '' })).toBe(false);
    expect(ok(Target, { selector: '#a', fallbacks: [''] })).toBe(false);
    expect(ok(Target, { selector: '#a', within: '#b' })).toBe(false);
    expect(ok(Target, ['#a'])).toBe(false);
  });

  it('a button has a label and one of the seven actions', () => {
    for (const action of ['next', 'back', 'dismiss', 'done', 'url', 'startTour', 'track']) expect(ok(ButtonAction, action), action).toBe(true);
    expect(ok(Button, { label: { en: 'OK', es: 'Vale' }, action: 'dismiss' })).toBe(true);
    expect(ok(Button, { action: 'dismiss' })).toBe(false);
    expect(ok(Button, { label: 'OK', action: 'close' })).toBe(false);
    expect(ok(Button, { label: 'OK', action: 'track', event: 'bad event' })).toBe(false);
  });

  it('an item has at most two buttons', () => {
    const button = { label: 'OK', action: 'dismiss' };
    expect(ok(Item, { id: 'b', type: 'banner', buttons: [button, button] })).toBe(true);
    expect(ok(Item, { id: 'b', type: 'banner', buttons: [button, button, button] })).toBe(false);
  });
});

describe('triggers, frequency, schedule, advancing', () => {
  it('a trigger is pageView, manual, an event or an element', () => {
    for (const trigger of ['pageView', 'manual', { event: 'saved' }, { elementAppears: '#a' }]) expect(ok(Trigger, trigger), JSON.stringify(trigger)).toBe(true);
    for (const trigger of ['pageview', {}, { event: '' }, { elementAppears: '' }, { event: 'a', elementAppears: '#b' }]) expect(ok(Trigger, trigger), JSON.stringify(trigger)).toBe(false);
  });

  it('frequency is a word, or days between showings and a maximum count', () => {
    for (const f of ['once', 'untilCompleted', 'always', { everyDays: 0 }, { everyDays: 0.5, maxTimes: 3 }]) expect(ok(Frequency, f), JSON.stringify(f)).toBe(true);
    for (const f of ['daily', { everyDays: -1 }, { maxTimes: 0 }, { maxTimes: 1.5 }, { every: 7 }]) expect(ok(Frequency, f), JSON.stringify(f)).toBe(false);
  });

  it('a schedule takes ISO timestamps with a time zone', () => {
    expect(ok(Schedule, { start: '2026-01-31T00:00:00Z', end: '2026-02-28T23:59:59.999+01:00' })).toBe(true);
    for (const start of ['tomorrow', '2026-01-31', '2026-01-31T00:00:00', '31/01/2026', '2026-13-01T00:00:00Z']) expect(ok(Schedule, { start }), start).toBe(false);
  });

  it('advancing is on a click (true only), an event or a route', () => {
    for (const a of [{ click: true }, { event: 'saved' }, { route: '/done' }]) expect(ok(AdvanceOn, a), JSON.stringify(a)).toBe(true);
    for (const a of [{ click: false }, {}, { click: true, event: 'x' }, 'click']) expect(ok(AdvanceOn, a), JSON.stringify(a)).toBe(false);
  });

  it('a step waits 0 to 60,000 ms for its target', () => {
    expect(ok(TourStep, { waitMs: 0 })).toBe(true);
    expect(ok(TourStep, { waitMs: 60000 })).toBe(true);
    expect(ok(TourStep, { waitMs: 60001 })).toBe(false);
    expect(ok(TourStep, { waitMs: -1 })).toBe(false);
    expect(ok(TourStep, { onMissingTarget: 'center' })).toBe(true);
    expect(ok(TourStep, { onMissingTarget: 'wait' })).toBe(false);
  });
});

describe('a schedule refuses timestamps the engine cannot read as written', () => {
  // prepare.ts reads schedule dates with Date.parse, and an unparsable date "never blocks":
  // an "end" the engine could not read would show the item forever. V8 rolls 31 February over to 3 March.
  it.each(['2026-01-31T00:00:00+01', '2026-02-31T00:00:00Z', '2026-04-31T12:00:00Z'])('%s is refused, or read as written', (timestamp) => {
    if (!ok(Schedule, { end: timestamp })) return;
    const parsed = Date.parse(timestamp);
    expect(Number.isNaN(parsed), `Date.parse(${timestamp})`).toBe(false);
    expect(new Date(parsed).toISOString().slice(0, 10)).toBe(timestamp.slice(0, 10));
  });

  it('keeps the timestamps that exist, leap days and offsets with a colon included', () => {
    for (const end of ['2028-02-29T00:00:00Z', '2026-04-30T23:59:59.5-05:00', '2026-01-31T00:00:00+0100']) expect(ok(Schedule, { end }), end).toBe(true);
    expect(ok(Schedule, { end: '2026-02-29T00:00:00Z' })).toBe(false);
  });

  it('the validator says once what is wrong, at its path', () => {
    const problems = (end: string) => validateManifest({ schemaVersion: 1, revision: 'r', items: [{ id: 'b', type: 'banner', body: 'x', schedule: { end } }] }).problems.map((p) => [p.path, p.message]);
    expect(problems('2026-01-31T00:00:00+01')).toEqual([
      ['items[0].schedule.end', 'item "b" at items[0].schedule.end: expected a date that exists, with "Z" or an offset such as "+01:00", found "2026-01-31T00:00:00+01"'],
    ]);
    expect(problems('tomorrow')).toEqual([['items[0].schedule.end', 'item "b" at items[0].schedule.end: expected an ISO timestamp such as "2026-01-31T00:00:00Z", found "tomorrow"']]);
  });
});

describe('conditions', () => {
  it('a condition is an object of anything (the engine evaluates it)', () => {
    expect(ok(Condition, { 'account.plan': 'trial', daysSinceFirstSeen: { $gte: 11 }, $or: [{ a: 1 }] })).toBe(true);
    expect(ok(Condition, {})).toBe(true);
    expect(ok(Condition, 'trial')).toBe(false);
    expect(ok(Condition, null)).toBe(false);
  });
});

describe('a condition written as an array is refused', () => {
  // valibot's record() alone takes an array as an object with keys "0", "1", …: the condition would
  // ask for an attribute named "0", which never matches, so the item would silently never show.
  it('the schema refuses an array', () => {
    expect(ok(Condition, [{ 'account.plan': 'trial' }])).toBe(false);
  });

  it('the validator reports "when": [ … ] at its path', () => {
    const result = validateManifest({ schemaVersion: 1, revision: 'r', items: [{ id: 'promo', type: 'banner', body: 'x', when: [{ 'account.plan': 'trial' }] }] });
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['invalid-value', 'items[0].when']]);
    expect(result.manifest?.items).toEqual([]);
  });

  it('no object of the format is taken as an array, even an empty one', () => {
    for (const [schema, value] of [[Schedule, []], [Frequency, []], [Trigger, []], [Target, []], [Condition, []], [Experiment, []]] as const) {
      expect(ok(schema as v.GenericSchema, value)).toBe(false);
    }
    const result = validateManifest({ schemaVersion: 1, revision: 'r', settings: { caps: [] }, items: [{ id: 'b', type: 'banner', body: 'x', schedule: [], frequency: [] }] });
    expect(result.problems.map((p) => [p.path, p.message])).toEqual([
      ['settings.caps', 'settings.caps: expected an object { … }, found []'],
      ['items[0].schedule', 'item "b" at items[0].schedule: expected an object { … }, found []'],
      ['items[0].frequency', 'item "b" at items[0].frequency: expected "once", "untilCompleted", "always" or {"everyDays": n, "maxTimes": n}, found []'],
    ]);
  });
});

describe('experiments', () => {
  const experiment = (extra: Record<string, unknown> = {}) => ({ key: 'exp', variations: [{ key: 'control' }, { key: 'help' }], scope: { types: ['helpLink'] }, ...extra });

  it('a minimal experiment parses, with every optional field', () => {
    expect(ok(Experiment, experiment())).toBe(true);
    expect(ok(Experiment, experiment({ unit: 'account', coverage: 0.5, seed: 's', bucketVersion: 2, when: { 'account.plan': 'pro' }, scope: { items: ['a'], types: ITEM_TYPES } }))).toBe(true);
  });

  it.each([
    ['a key with a space', { key: 'my exp' }],
    ['one variation', { variations: [{ key: 'a' }] }],
    ['a coverage above 1', { coverage: 1.01 }],
    ['a negative bucketVersion', { bucketVersion: -1 }],
    ['a fractional bucketVersion', { bucketVersion: 0.5 }],
    ['an unknown unit', { unit: 'session' }],
    ['an unknown type in scope', { scope: { types: ['popup'] } }],
    ['an unknown key in scope', { scope: { item: ['a'] } }],
    ['no scope', { scope: undefined }],
  ])('refuses %s', (_name, extra) => {
    expect(ok(Experiment, experiment(extra))).toBe(false);
  });

  it('a variation has a non-empty key, a weight in 0..1 and overrides by item id', () => {
    expect(ok(Variation, { key: 'help', weight: 0.5, enabled: false, overrides: { tip: { placement: 'top' } } })).toBe(true);
    expect(ok(Variation, { key: '' })).toBe(false);
    expect(ok(Variation, { key: 'a', weight: 1.5 })).toBe(false);
    expect(ok(Variation, { key: 'a', overrides: { tip: 'top' } })).toBe(false);
  });
});

describe('the envelope', () => {
  const envelope = { schemaVersion: 1, revision: 'r', items: [] };

  it('needs schemaVersion, revision and items; refuses unknown keys', () => {
    expect(ok(ManifestEnvelope, envelope)).toBe(true);
    expect(ok(ManifestEnvelope, { ...envelope, $schema: './schema.json', defaultLocale: 'es', declare: { anything: true }, experiments: [] })).toBe(true);
    expect(ok(ManifestEnvelope, { schemaVersion: 1, items: [] })).toBe(false);
    expect(ok(ManifestEnvelope, { ...envelope, revision: '' })).toBe(false);
    expect(ok(ManifestEnvelope, { ...envelope, extra: 1 })).toBe(false);
    expect(ok(ManifestEnvelope, { ...envelope, defaultLocale: 'en_GB' })).toBe(false);
  });

  it('a compiled stamp is by guidepost, with version, schemaVersion and hash', () => {
    expect(ok(ManifestEnvelope, { ...envelope, compiled: { by: 'guidepost', version: '1.0.0', schemaVersion: 1, hash: 'abc' } })).toBe(true);
    expect(ok(ManifestEnvelope, { ...envelope, compiled: { by: 'me', version: '1.0.0', schemaVersion: 1, hash: 'abc' } })).toBe(false);
    expect(ok(ManifestEnvelope, { ...envelope, compiled: { by: 'guidepost' } })).toBe(false);
  });

  it('every entry carries a description for editors', () => {
    const unwrap = (schema: { wrapped?: unknown }): unknown => (schema.wrapped ? unwrap(schema.wrapped as { wrapped?: unknown }) : schema);
    for (const [key, schema] of Object.entries(ManifestEnvelope.entries)) expect(v.getDescription(unwrap(schema as { wrapped?: unknown }) as never), key).toMatch(/\S/);
  });
});
