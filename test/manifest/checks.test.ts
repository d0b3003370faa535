/**
 * src/manifest/checks.ts on its own: the rules a schema cannot express, run on items that are
 * each valid by the schema. `itemChecks` yields every problem of an item (paths relative to the
 * item) — references, experiments, targets and selectors, buttons, URLs, conditions, empty texts
 * and per-type content; `forbiddenKeys` finds the keys JavaScript reserves; `conditionProblems`
 * finds unknown operators and bad `$regex` patterns; `suggest` spends a bounded budget on
 * "did you mean".
 */
import { describe, expect, it } from 'vitest';
import {
  conditionProblems,
  FORBIDDEN_KEYS,
  forbiddenKeys,
  itemChecks,
  suggest,
  unsafeUrl,
  type Check,
  type Located,
  type References,
  type SelectorChecker,
} from '../../src/manifest/checks';
import type { Item } from '../../src/manifest/schema';

const asItem = (value: Record<string, unknown>) => value as unknown as Item;
const banner = (id: string, extra: Record<string, unknown> = {}) => asItem({ id, type: 'banner', body: 'Hi', ...extra });
const tour = (id: string, extra: Record<string, unknown> = {}) => asItem({ id, type: 'tour', steps: [{ body: 'One' }], ...extra });

function refsOf(items: Item[], skipped: string[] = [], budget?: number): References {
  const byId = new Map<string, Located<Item>>(items.map((value, index) => [value.id, { value, index }]));
  return { byId, skipped: new Set(skipped), ...(budget !== undefined && { budget: { left: budget } }) };
}

/** [code, path, message] of every check of `item`. */
function run(item: Item, refs: References = refsOf([item]), experiments: string[] = [], checker?: SelectorChecker, options?: { skipExperiment?: boolean }): [string, string, string][] {
  return [...itemChecks(item, refs, experiments, checker, options)].map((c) => [c.code, c.path.join('/'), c.message]);
}

/** A selector checker that records what it was asked and refuses an unclosed "[". */
function recordingChecker() {
  const seen: string[] = [];
  const check: SelectorChecker = (selector) => {
    seen.push(selector);
    return selector.includes('[') && !selector.includes(']') ? 'unclosed "["' : undefined;
  };
  return { seen, check };
}

describe('a valid item has no problems', () => {
  it.each([
    ['helpLink with a url', asItem({ id: 'h', type: 'helpLink', target: { anchor: 'export' }, url: 'https://example.com/help' })],
    ['helpLink with a popover', asItem({ id: 'h', type: 'helpLink', target: '#a', title: { en: 'Help', es: 'Ayuda' } })],
    ['tooltip', asItem({ id: 't', type: 'tooltip', target: { selector: '#save', fallbacks: ['.save'] }, body: 'Saves.' })],
    ['hotspot', asItem({ id: 's', type: 'hotspot', target: '#f', title: 'New' })],
    ['tour', tour('walk', { steps: [{ body: 'One', buttons: [{ label: 'Next', action: 'next' }] }, { target: '#a', body: 'Two', image: { src: '/a.png', alt: 'A' } }] })],
    ['inline banner', banner('b', { slot: 'inline', target: '#list' })],
    ['checklist', asItem({ id: 'c', type: 'checklist', tasks: [{ id: 'a', title: 'A', url: '/start' }, { id: 'b', title: 'B', completeOn: 'done' }] })],
  ])('%s', (_name, item) => {
    const { check, seen } = recordingChecker();
    expect(run(item, refsOf([item]), [], check)).toEqual([]);
    expect(seen.every((s) => typeof s === 'string')).toBe(true);
  });
});

describe('requires', () => {
  it('an unknown id with the nearest id; an id with errors; the item itself', () => {
    const welcome = tour('welcome');
    const item = banner('promo', { requires: ['welcom', 'broken', 'promo', 'welcome'] });
    expect(run(item, refsOf([welcome, item], ['broken']))).toEqual([
      ['unknown-reference', 'requires/0', 'requires "welcom", but no item has that id — did you mean "welcome"?'],
      ['invalid-reference', 'requires/1', 'requires "broken", which has errors and is skipped'],
      ['invalid-reference', 'requires/2', 'an item cannot require itself'],
    ]);
  });

  it('an id that is both skipped (a later duplicate) and valid (the first) is fine', () => {
    const first = banner('dup');
    const item = banner('promo', { requires: ['dup'] });
    expect(run(item, refsOf([first, item], ['dup']))).toEqual([]);
  });
});

describe('experiments', () => {
  it('an unknown key, with the nearest key, or the list of keys, or "no experiments"', () => {
    expect(run(banner('b', { experiment: 'onbording' }), undefined, ['onboarding', 'pricing'])).toEqual([
      ['unknown-experiment', 'experiment', 'unknown experiment "onbording" — did you mean "onboarding"?'],
    ]);
    expect(run(banner('b', { experiment: 'zzz' }), undefined, ['onboarding', 'pricing'])).toEqual([
      ['unknown-experiment', 'experiment', 'unknown experiment "zzz" (known: onboarding, pricing)'],
    ]);
    expect(run(banner('b', { experiment: 'zzz' }))).toEqual([['unknown-experiment', 'experiment', 'unknown experiment "zzz" (the manifest has no "experiments")']]);
  });

  it('is not checked for an override (skipExperiment)', () => {
    expect(run(banner('b', { experiment: 'zzz' }), undefined, [], undefined, { skipExperiment: true })).toEqual([]);
  });
});

describe('targets and selectors', () => {
  it('a target object needs a selector or an anchor', () => {
    expect(run(asItem({ id: 't', type: 'tooltip', body: 'x', target: { fallbacks: ['#a'] } }))).toEqual([['missing-key', 'target', 'a target needs a "selector" or an "anchor"']]);
    expect(run(tour('w', { steps: [{ body: 'x' }, { body: 'y', target: { frame: 'iframe' } }] }))).toEqual([['missing-key', 'steps/1/target', 'a target needs a "selector" or an "anchor"']]);
  });

  it('without a checker, selectors are not judged', () => {
    expect(run(asItem({ id: 't', type: 'tooltip', body: 'x', target: 'div[' }))).toEqual([]);
  });

  it('checks the selector string, the object\'s selector and every fallback, at their paths', () => {
    const { check, seen } = recordingChecker();
    const item = asItem({ id: 't', type: 'tooltip', body: 'x', target: { selector: 'a[', anchor: 'save', fallbacks: ['#ok', 'b['] } });
    expect(run(item, undefined, [], check)).toEqual([
      ['invalid-selector', 'target/selector', 'invalid CSS selector "a[": unclosed "["'],
      ['invalid-selector', 'target/fallbacks/1', 'invalid CSS selector "b[": unclosed "["'],
    ]);
    expect(seen).toEqual(['a[', '#ok', 'b[']);
    expect(run(asItem({ id: 't', type: 'tooltip', body: 'x', target: 'c[' }), undefined, [], check)).toEqual([['invalid-selector', 'target', 'invalid CSS selector "c[": unclosed "["']]);
  });

  it('checks the targets of tour steps and of an inline banner', () => {
    const { check } = recordingChecker();
    expect(run(tour('w', { steps: [{ body: 'a', target: '#ok' }, { body: 'b', target: { selector: 'x[' } }] }), undefined, [], check)).toEqual([
      ['invalid-selector', 'steps/1/target/selector', 'invalid CSS selector "x[": unclosed "["'],
    ]);
    expect(run(banner('b', { slot: 'inline', target: 'y[' }), undefined, [], check)).toEqual([['invalid-selector', 'target', 'invalid CSS selector "y[": unclosed "["']]);
  });
});

describe('a step that advances on a click of its target', () => {
  const severities = (item: Item) => [...itemChecks(item, refsOf([item]), [], undefined)].map((c) => [c.path.join('/'), c.severity]);

  it('warns when it has no target to click, or keeps clicks from reaching it', () => {
    const item = tour('t', { steps: [
      { body: 'a', target: '#a', advanceOn: { click: true } },
      { body: 'b', advanceOn: { click: true } },
      { body: 'c', target: '#c', advanceOn: { click: true }, allowClicksThrough: false },
      { body: 'd', target: '#d', advanceOn: { click: true }, allowClicksThrough: true },
    ] });
    expect(run(item)).toEqual([
      ['invalid-value', 'steps/1/advanceOn', 'advances when its target is clicked, but the step has no "target" to click; only its Next button moves it on'],
      ['invalid-value', 'steps/2/advanceOn', 'advances when its target is clicked, but "allowClicksThrough": false keeps clicks from reaching its target; only its Next button moves it on'],
    ]);
    // Warnings: the tour is kept.
    expect(severities(item)).toEqual([['steps/1/advanceOn', 'warning'], ['steps/2/advanceOn', 'warning']]);
  });
});

describe('a step that advances on an event', () => {
  it('warns when "allowClicksThrough": false keeps the person from acting on its target; not without a target, nor by default', () => {
    const item = tour('t', { steps: [
      { body: 'a', target: '#a', advanceOn: { event: 'task_created' } },
      { body: 'b', target: '#b', advanceOn: { event: 'task_created' }, allowClicksThrough: false },
      { body: 'c', advanceOn: { event: 'task_created' }, allowClicksThrough: false },
    ] });
    expect(run(item)).toEqual([
      ['invalid-value', 'steps/1/allowClicksThrough', 'the step advances on the event "task_created", but "allowClicksThrough": false keeps the person from acting on the page; only its Next button moves it on'],
    ]);
    expect([...itemChecks(item, refsOf([item]), [], undefined)].map((c) => c.severity)).toEqual(['warning']);
  });
});

describe('the selectors of target.frame and trigger.elementAppears are syntax-checked', () => {
  // A broken selector there would make the item wait forever for an element it can never find.
  it('checks target.frame', () => {
    const { check, seen } = recordingChecker();
    const found = run(asItem({ id: 't', type: 'tooltip', body: 'x', target: { selector: '#a', frame: 'iframe[' } }), undefined, [], check);
    expect(seen).toContain('iframe[');
    expect(found).toEqual([['invalid-selector', 'target/frame', 'invalid CSS selector "iframe[": unclosed "["']]);
  });

  it('checks trigger.elementAppears', () => {
    const { check, seen } = recordingChecker();
    const found = run(banner('b', { trigger: { elementAppears: 'div[' } }), undefined, [], check);
    expect(seen).toContain('div[');
    expect(found).toEqual([['invalid-selector', 'trigger/elementAppears', 'invalid CSS selector "div[": unclosed "["']]);
  });

  it('checks the frame of a tour step, and passes valid ones', () => {
    const { check, seen } = recordingChecker();
    expect(run(tour('w', { steps: [{ body: 'a', target: { anchor: 'x', frame: 'iframe#app' } }, { body: 'b', target: { anchor: 'y', frame: 'f[' } }] }), undefined, [], check)).toEqual([
      ['invalid-selector', 'steps/1/target/frame', 'invalid CSS selector "f[": unclosed "["'],
    ]);
    expect(seen).toEqual(['iframe#app', 'f[']);
    expect(run(banner('b', { trigger: { elementAppears: '#ok' } }), undefined, [], check)).toEqual([]);
  });
});

describe('buttons', () => {
  it('each action that needs a field names it; an unsafe url is refused', () => {
    const buttons = [{ label: 'Read', action: 'url' }, { label: 'Go', action: 'url', url: 'javascript:alert(1)' }];
    expect(run(banner('b', { buttons }))).toEqual([
      ['missing-key', 'buttons/0/url', 'a button with action "url" needs a "url"'],
      ['unsafe-url', 'buttons/1/url', 'URL "javascript:alert(1)" is not allowed: use an http(s), mailto or relative URL'],
    ]);
    expect(run(banner('b', { buttons: [{ label: 'Tour', action: 'startTour' }, { label: 'Log', action: 'track' }] }))).toEqual([
      ['missing-key', 'buttons/0/tour', 'a button with action "startTour" needs a "tour"'],
      ['missing-key', 'buttons/1/event', 'a button with action "track" needs an "event"'],
    ]);
  });

  it('startTour names a tour: unknown (with the nearest tour), skipped, or not a tour', () => {
    const welcome = tour('welcome');
    const other = banner('other');
    const item = banner('b', { buttons: [{ label: 'A', action: 'startTour', tour: 'welcom' }, { label: 'B', action: 'startTour', tour: 'other' }] });
    expect(run(item, refsOf([welcome, other, item]))).toEqual([
      ['unknown-reference', 'buttons/0/tour', 'no tour has the id "welcom" — did you mean "welcome"?'],
      ['invalid-reference', 'buttons/1/tour', '"other" is a banner, not a tour'],
    ]);
    const skipped = banner('b', { buttons: [{ label: 'A', action: 'startTour', tour: 'gone' }] });
    expect(run(skipped, refsOf([skipped], ['gone']))).toEqual([['invalid-reference', 'buttons/0/tour', '"gone" has errors and is skipped, so it cannot be started']]);
  });

  it('a suggestion for an unknown tour is among tours only', () => {
    const item = banner('welcome-banner', { buttons: [{ label: 'A', action: 'startTour', tour: 'welcome-bannr' }] });
    expect(run(item, refsOf([item]))).toEqual([['unknown-reference', 'buttons/0/tour', 'no tour has the id "welcome-bannr"']]);
  });

  it('checks the buttons of every tour step', () => {
    const item = tour('w', { steps: [{ body: 'a' }, { body: 'b', buttons: [{ label: 'x', action: 'url', url: 'data:text/html,x' }] }] });
    expect(run(item)).toEqual([['unsafe-url', 'steps/1/buttons/0/url', 'URL "data:text/html,x" is not allowed: use an http(s), mailto or relative URL']]);
  });
});

describe('URLs', () => {
  it('refuses unsafe image, help-link and task URLs, each at its path and with the reason', () => {
    expect(run(banner('b', { image: { src: 'javascript:x', alt: 'a' } }))).toEqual([['unsafe-url', 'image/src', 'URL "javascript:x" is not allowed: use an http(s), mailto or relative URL']]);
    expect(run(asItem({ id: 'h', type: 'helpLink', target: '#a', url: '//' }))).toEqual([['unsafe-url', 'url', 'URL "//" is not allowed: it names no host after "//"; write "/path" for a page of this site']]);
    expect(run(asItem({ id: 'c', type: 'checklist', tasks: [{ id: 't', title: 'T', url: ' /start' }] }))).toEqual([['unsafe-url', 'tasks/0/url', 'URL " /start" is not allowed: it starts or ends with a space']]);
    expect(run(tour('w', { steps: [{ body: 'a', image: { src: '/\\evil.example/x.png', alt: 'x' } }] }))).toEqual([
      ['unsafe-url', 'steps/0/image/src', 'URL "/\\\\evil.example/x.png" is not allowed: browsers read "\\" as "/", so this leads to another site; write "//host/path" or "https://host/path" if that is meant'],
    ]);
  });

  it('unsafeUrl quotes the URL shortened and gives the reason', () => {
    const check = unsafeUrl(['url'], `javascript:${'x'.repeat(200)}`);
    expect(check.code).toBe('unsafe-url');
    expect(check.path).toEqual(['url']);
    expect(check.message).toMatch(/^URL "javascript:x+\.\.\. is not allowed: use an http\(s\), mailto or relative URL$/);
    expect(unsafeUrl(['url'], 5).message).toBe('URL 5 is not allowed: it is not a string');
  });
});

describe('content', () => {
  it('each type says what it needs', () => {
    expect(run(asItem({ id: 'h', type: 'helpLink', target: '#a', label: 'Help' }))).toEqual([['missing-content', '', 'a help link needs a "url", or a "title" or "body" for its popover']]);
    expect(run(asItem({ id: 't', type: 'tooltip', target: '#a' }))).toEqual([['missing-content', '', 'a tooltip needs a "title" or a "body"']]);
    expect(run(asItem({ id: 's', type: 'hotspot', target: '#a' }))).toEqual([['missing-content', '', 'a hotspot needs a "title" or a "body"']]);
    expect(run(asItem({ id: 'b', type: 'banner' }))).toEqual([['missing-content', '', 'a banner needs a "title" or a "body"']]);
    expect(run(asItem({ id: 'b', type: 'banner', body: 'x', slot: 'inline' }))).toEqual([['missing-key', 'target', 'an inline banner needs a "target" to appear after']]);
  });

  it('a text written as {} has no translations, wherever it is', () => {
    const item = tour('w', { title: {}, steps: [{ body: 'a', buttons: [{ label: {}, action: 'next' }], image: { src: '/a.png', alt: {} } }] });
    expect(run(item)).toEqual([
      // In the item's key order: `steps` comes before `title` in this object.
      ['missing-content', 'steps/0/buttons/0/label', 'this text has no translations; write a string, or an object such as {"en": "…"}'],
      ['missing-content', 'steps/0/image/alt', 'this text has no translations; write a string, or an object such as {"en": "…"}'],
      ['missing-content', 'title', 'this text has no translations; write a string, or an object such as {"en": "…"}'],
    ]);
  });

  it('an empty object in a condition is not a text', () => {
    expect(run(banner('b', { when: { title: {}, body: {} } }))).toEqual([]);
  });

  it('checklist task ids are unique within the checklist; task tours are checked', () => {
    const walk = tour('walk');
    const item = asItem({ id: 'c', type: 'checklist', tasks: [{ id: 'a', title: 'A' }, { id: 'a', title: 'B', tour: 'wlk' }, { id: 'a', title: 'C', tour: 'c' }] });
    expect(run(item, refsOf([walk, item]))).toEqual([
      ['duplicate-id', 'tasks/1/id', 'duplicate task id "a"; every task of a checklist needs its own id'],
      ['unknown-reference', 'tasks/1/tour', 'no tour has the id "wlk" — did you mean "walk"?'],
      ['duplicate-id', 'tasks/2/id', 'duplicate task id "a"; every task of a checklist needs its own id'],
      ['invalid-reference', 'tasks/2/tour', '"c" is a checklist, not a tour'],
    ]);
  });

  it('reports every problem of one item in one pass', () => {
    const item = asItem({ id: 't', type: 'tooltip', target: { fallbacks: [] }, requires: ['nope'], image: { src: 'data:x', alt: {} }, when: { $gtee: 1 } });
    expect(run(item).map((c) => c[0])).toEqual(['unknown-reference', 'missing-key', 'unsafe-url', 'unknown-operator', 'missing-content', 'missing-content']);
  });
});

describe('a text whose every translation is empty has no content', () => {
  // pickText (localize.ts) and missingTranslations treat "" as "not translated yet", so a text of
  // only "" shows nothing in any language: the same as {}, and reported the same way.
  it('reports {"en": "", "es": ""} as a text without translations', () => {
    const found = run(asItem({ id: 't', type: 'tooltip', target: '#a', body: { en: '', es: '' } }));
    expect(found.map((c) => [c[0], c[1]])).toContainEqual(['missing-content', 'body']);
  });

  it('a text with one real translation has content', () => {
    expect(run(asItem({ id: 't', type: 'tooltip', target: '#a', body: { en: '', es: 'Hola' } }))).toEqual([]);
  });
});

describe('a schedule that ends before it starts is reported at its end', () => {
  // The engine hides an item before `start` and from `end` on: with end <= start it never shows.
  it('reports schedule.end earlier than schedule.start', () => {
    const found = run(banner('b', { schedule: { start: '2026-03-01T00:00:00Z', end: '2026-01-31T00:00:00Z' } }));
    expect(found.map((c) => c[1])).toContain('schedule/end');
  });

  it('reports an end equal to the start, across time zones; not an end after the start', () => {
    expect(run(banner('b', { schedule: { start: '2026-03-01T01:00:00+01:00', end: '2026-03-01T00:00:00Z' } }))).toEqual([
      ['invalid-value', 'schedule/end', '"end" is not after "start", so the item would never show'],
    ]);
    expect(run(banner('b', { schedule: { start: '2026-03-01T00:00:00Z', end: '2026-03-01T00:00:00.001Z' } }))).toEqual([]);
    expect(run(banner('b', { schedule: { end: '2020-01-01T00:00:00Z' } }))).toEqual([]);
  });
});

describe('forbiddenKeys', () => {
  const label = (path: string) => `item "x" at ${path}`;

  it('lists the reserved keys', () => {
    expect(FORBIDDEN_KEYS).toEqual(['__proto__', 'constructor', 'prototype']);
  });

  it('finds every reserved own key, at any depth and inside arrays, with its path', () => {
    const value = JSON.parse('{"when": {"$or": [{"__proto__": {"isAdmin": true}}, {"a": {"prototype": 1}}]}, "title": {"en": "x", "constructor": "y"}}');
    expect(forbiddenKeys(value, ['items', 4], label)).toEqual([
      { code: 'forbidden-key', path: 'items[4].when.$or[0].__proto__', received: '__proto__', severity: 'error', message: 'item "x" at items[4].when.$or[0].__proto__: the key "__proto__" is not allowed (JavaScript reserves it); rename it' },
      { code: 'forbidden-key', path: 'items[4].when.$or[1].a.prototype', received: 'prototype', severity: 'error', message: 'item "x" at items[4].when.$or[1].a.prototype: the key "prototype" is not allowed (JavaScript reserves it); rename it' },
      { code: 'forbidden-key', path: 'items[4].title.constructor', received: 'constructor', severity: 'error', message: 'item "x" at items[4].title.constructor: the key "constructor" is not allowed (JavaScript reserves it); rename it' },
    ]);
  });

  it('does not look inside a reserved key\'s value (one problem for it)', () => {
    const value = JSON.parse('{"__proto__": {"constructor": {"prototype": 1}}}');
    expect(forbiddenKeys(value, [], label).map((p) => p.path)).toEqual(['__proto__']);
  });

  it('ignores inherited keys and keys that merely contain a reserved word', () => {
    expect(forbiddenKeys({ proto: 1, constructorName: 2, my_prototype: 3, nested: [{ toString: 1 }] }, [], label)).toEqual([]);
    expect(forbiddenKeys(Object.create({ constructor: 1 }), [], label)).toEqual([]);
  });

  it('is empty for scalars and null', () => {
    expect(forbiddenKeys(null, [], label)).toEqual([]);
    expect(forbiddenKeys('__proto__', [], label)).toEqual([]);
    expect(forbiddenKeys(5, [], label)).toEqual([]);
  });
});

describe('conditionProblems', () => {
  const all = (condition: unknown, base: (string | number)[] = ['when']) => [...conditionProblems(condition, base)].map((c: Check) => [c.code, c.path.join('/'), c.message]);

  it('accepts every GrowthBook operator', () => {
    const when = {
      a: { $eq: 1, $ne: 2, $lt: 3, $lte: 4, $gt: 0, $gte: 0, $exists: true, $in: [1], $nin: [2], $ini: ['a'], $nini: ['b'], $all: [1], $alli: ['a'], $size: 1, $type: 'string' },
      b: { $veq: '1.0.0', $vne: '1', $vgt: '1', $vgte: '1', $vlt: '2', $vlte: '2', $regex: '^a', $regexi: '^b', $not: { $eq: 1 }, $elemMatch: { $gt: 1 } },
      $and: [{ c: 1 }], $or: [{ d: 1 }], $nor: [{ e: 1 }], f: { $inGroup: 'g', $notInGroup: 'h' }, $savedGroup: 'x',
    };
    expect(all(when)).toEqual([]);
  });

  it('names an unknown operator with the nearest one, at any depth, and does not look inside it', () => {
    expect(all({ daysSinceFirstSeen: { $gtee: 3 }, $and: [{ $ore: [{ $zzzzzz: { $bad: 1 } }] }] })).toEqual([
      ['unknown-operator', 'when/daysSinceFirstSeen/$gtee', 'unknown condition operator "$gtee" — did you mean "$gte"?'],
      ['unknown-operator', 'when/$and/0/$ore', 'unknown condition operator "$ore" — did you mean "$or"?'],
    ]);
    expect(all({ a: { $qqqqqqqq: 1 } })).toEqual([['unknown-operator', 'when/a/$qqqqqqqq', 'unknown condition operator "$qqqqqqqq"']]);
  });

  it('does not treat array entries or plain keys as operators', () => {
    expect(all({ tags: { $all: ['$notAnOperator'] }, plain: { nested: 1 } })).toEqual([]);
  });

  it('an uncompilable pattern gives the reason without the V8 preamble', () => {
    expect(all({ 'page.path': { $regex: '^/(reports' } })).toEqual([['invalid-regex', 'when/page.path/$regex', 'invalid regular expression "^/(reports": Unterminated group']]);
    expect(all({ 'page.path': { $regexi: '[' } })).toEqual([['invalid-regex', 'when/page.path/$regexi', 'invalid regular expression "[": Unterminated character class']]);
  });

  it('an unsafe pattern is refused with why and how to write it', () => {
    const [problem] = all({ 'user.email': { $regex: '(a+)+$' } });
    expect(problem[0]).toBe('unsafe-regex');
    expect(problem[1]).toBe('when/user.email/$regex');
    expect(problem[2]).toBe('regular expression "(a+)+$" is not allowed: a repeated group that contains a repetition or alternatives ("(a+)+", "(a|b)*") can take exponential time; repeat a character class instead, such as "[ab]*"');
    expect(all({ a: { $regex: '(.)\\1' } })[0][2]).toMatch(/backreferences/);
    expect(all({ a: { $regex: 'x'.repeat(300) } })[0][2]).toMatch(/at most \d+ characters are allowed$/);
  });

  it('with $regexi, letters of either case overlap', () => {
    expect(all({ a: { $regex: '^[A-Z]+[a-z]+[A-Z]+!' } })).toEqual([]);
    expect(all({ a: { $regexi: '^[A-Z]+[a-z]+[A-Z]+!' } }).map((p) => p[0])).toEqual(['unsafe-regex']);
  });

  it('yields nothing for a missing or scalar condition', () => {
    expect(all(undefined)).toEqual([]);
    expect(all(null)).toEqual([]);
    expect(all('trial')).toEqual([]);
  });

  it('reports each of 5,000 unknown operators once', () => {
    const when: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) when[`$op${i}`] = 1;
    expect(all(when)).toHaveLength(5000);
  });
});

describe('suggest', () => {
  it('is " — did you mean …?" for a near id, and empty otherwise', () => {
    const refs = refsOf([banner('welcome'), banner('pricing')]);
    expect(suggest('welcom', refs)).toBe(' — did you mean "welcome"?');
    expect(suggest('zzzzzz', refs)).toBe('');
  });

  it('includes skipped ids among the candidates', () => {
    expect(suggest('brokn', refsOf([], ['broken']))).toBe(' — did you mean "broken"?');
  });

  it('spends ids × (length + 1) of the budget, and stops suggesting once it is spent', () => {
    const refs = refsOf([banner('welcome'), banner('pricing')], [], 2 * 7 + 1);
    expect(suggest('welcom', refs)).toBe(' — did you mean "welcome"?');
    expect(refs.budget!.left).toBe(1);
    expect(suggest('welcom', refs)).toBe('');
    expect(refs.budget!.left).toBe(1);
  });

  it('compares with the list it is given (the tours) when there is one', () => {
    const refs = refsOf([banner('welcome')]);
    expect(suggest('welcom', refs, ['walkthrough'])).toBe('');
  });
});
