/**
 * The writers' checks (src/manifest/authoring.ts): template variables, condition attributes,
 * events and rich-text links, against the documented attribute context and `declare`.
 */
import { describe, expect, it } from 'vitest';
import { authoringProblems } from '../../src/manifest/authoring';
import { formatPath } from '../../src/manifest/problems';
import { validateManifest } from '../../src/manifest/validate';

const manifest = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', items, ...extra });
const banner = (fields: Record<string, unknown>, id = 'b') => ({ id, type: 'banner', title: 'T', ...fields });
const DECLARED = {
  declare: {
    traits: { user: { firstName: 'string', role: ['admin', 'member'] }, account: { plan: ['trial', 'pro'], seats: 'number' } },
    events: { project_created: {}, report_exported: { description: 'CSV export' } },
  },
};
/** [code, severity, path, suggestion] of each problem. */
const summary = (input: unknown) => authoringProblems(input).map((p) => [p.code, p.severity, p.path, p.suggestion]);
const condition = (when: Record<string, unknown>, extra = DECLARED) => summary(manifest([banner({ when }), banner({}, 'tour-1')], { ...extra, experiments: [{ key: 'exp', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['b'] } }] }));

describe('condition attributes', () => {
  it('accepts every documented attribute', () => {
    const when = {
      'user.id': 'u', 'user.accountId': 'a', 'user.traits.firstName': 'Ada', 'user.role': 'admin', 'account.id': 'a', 'account.plan': 'trial',
      'page.url': 'x', 'page.path': '/', 'page.query.tab': 'x', 'page.hash': '', 'page.referrer': '', 'page.utm_source': 'x',
      'device.width': 1, 'device.height': 1, 'device.touch': true, 'device.language': 'en', 'device.phone': false, locale: 'es',
      'visits.count': 1, 'visits.sessions': 1, 'visits.firstAt': 1, 'visits.lastAt': 1, daysSinceFirstSeen: { $gte: 11 },
      'events.project_created.count': { $exists: false }, 'events.report_exported.daysSinceLast': 1,
      'pages./pricing.last7Days': { $gte: 3 }, 'pages./.count': 1, 'pages./reports': { $exists: true },
      'items.tour-1.status': 'completed', 'items.b.daysSinceDismissed': 3, 'experiments.exp': 'a',
      $or: [{ 'account.seats': { $gt: 3 } }, { $not: { 'user.traits.role': { $in: ['admin'] } } }],
    };
    expect(condition(when)).toEqual([]);
  });

  it.each([
    ['acount.plan', 'unknown-attribute', 'account.plan'],
    ['user.trait.role', 'unknown-attribute', 'user.traits.role'],
    ['account.traits.plan', 'unknown-attribute', 'account.plan'],
    ['user.ids', 'unknown-attribute', 'user.id'],
    ['device.phon', 'unknown-attribute', 'device.phone'],
    ['page.pth', 'unknown-attribute', 'page.path'],
    ['locale.tag', 'unknown-attribute', 'locale'],
    ['events.project_created.cout', 'unknown-attribute', 'events.project_created.count'],
    ['events.project_creatd.count', 'unknown-event', 'events.project_created.count'],
    ['pages./pricing.last7days', 'unknown-attribute', 'pages./pricing.last7Days'],
    ['pages./pricing/.count', 'unknown-attribute', 'pages./pricing.count'],
    ['pages.pricing.count', 'unknown-attribute', 'pages./pricing.count'],
    ['items.tour-2.status', 'unknown-reference', 'items.tour-1.status'],
    ['items.tour-1.satus', 'unknown-attribute', 'items.tour-1.status'],
    ['experiments.exq', 'unknown-experiment', 'experiments.exp'],
    ['user.traits.frstName', 'unknown-trait', 'user.traits.firstName'],
    ['account.plna', 'unknown-trait', 'account.plan'],
    ['nonsense', 'unknown-attribute', undefined],
  ])('"%s" is an error (%s), suggesting "%s"', (path, code, suggestion) => {
    expect(condition({ [path]: 1 })).toEqual([[code, 'error', formatPath(['items', 0, 'when', path]), suggestion]]);
  });

  it('finds attributes inside $and, $or, $nor and $not, not inside $elemMatch', () => {
    const when = { $and: [{ $or: [{ 'acount.plan': 1 }] }], $nor: [{ 'devise.phone': true }], $not: { 'visit.count': 1 }, 'user.traits.role': { $elemMatch: { anything: 1 } } };
    expect(condition(when).map((p) => p[2])).toEqual(['items[0].when.$and[0].$or[0]["acount.plan"]', 'items[0].when.$nor[0]["devise.phone"]', 'items[0].when.$not["visit.count"]']);
  });

  it('without "declare", a trait is a warning (reported once, where it is first used) and events are not checked', () => {
    const items = [banner({ when: { 'user.plan': 'trial', 'events.anything.count': 1 }, goal: 'whatever' }), banner({ when: { 'user.traits.plan': 'pro', 'account.seats': 3 } }, 'c')];
    expect(summary(manifest(items))).toEqual([
      ['undeclared-trait', 'warning', 'items[0].when["user.plan"]', undefined],
      ['undeclared-trait', 'warning', 'items[1].when["account.seats"]', undefined],
    ]);
  });

  it('a value a declared trait can never take is an error', () => {
    const problems = authoringProblems(manifest([banner({ when: { 'account.plan': 'trail', 'account.seats': '5', 'user.role': { $in: ['admin', 'owner'] } } })], DECLARED));
    expect(problems.map((p) => [p.path, p.suggestion])).toEqual([
      ['items[0].when["account.plan"]', 'trial'],
      ['items[0].when["account.seats"]', undefined],
      ['items[0].when["user.role"].$in[1]', undefined],
    ]);
    expect(problems[0].message).toBe('item "b" at items[0].when["account.plan"]: "account.plan" is declared as one of "trial", "pro", so "trail" never matches — did you mean "trial"?');
  });

  it('checks experiments\' conditions too', () => {
    const experiments = [{ key: 'e', when: { 'acount.plan': 'x' }, variations: [{ key: 'a' }, { key: 'b' }], scope: { types: ['banner'] } }];
    expect(summary(manifest([], { experiments }))).toEqual([['unknown-attribute', 'error', 'experiments[0].when["acount.plan"]', 'account.plan']]);
  });
});

describe('template variables', () => {
  const texts = (body: unknown, extra: Record<string, unknown> = DECLARED) => summary(manifest([banner({ body })], extra));

  it('accepts what the SDK fills in: user.id, user.accountId, user.traits.<name>, account.id, account.<name>', () => {
    expect(texts('{{user.id}} {{user.accountId}} {{ user.traits.firstName | there }} {{account.id}} {{account.plan|}} \\{{not a variable}}')).toEqual([]);
  });

  it.each([
    ['{{user.trait.firstName}}', 'unknown-attribute', 'user.traits.firstName'],
    ['{{user.firstName}}', 'unknown-attribute', 'user.traits.firstName'],
    ['{{user.traits.frstName|there}}', 'unknown-trait', 'user.traits.firstName'],
    ['{{acount.plan}}', 'unknown-attribute', 'account.plan'],
    ['{{page.path}}', 'unknown-attribute', undefined],
    ['{{user.traits}}', 'unknown-attribute', undefined],
    ['{{ first name }}', 'invalid-template', undefined],
  ])('%s is an error (%s)', (body, code, suggestion) => {
    expect(texts(body)).toEqual([[code, 'error', 'items[0].body', suggestion]]);
  });

  it('places each problem at its character in the text, in every language', () => {
    const problems = authoringProblems(manifest([banner({ body: { en: 'Hi {{user.trait.firstName}}', es: 'Hola {{user.traits.firstName}} y {{acount.plan}}' } })], DECLARED));
    expect(problems.map((p) => [p.path, p.textIndex])).toEqual([['items[0].body.en', 3], ['items[0].body.es', 33]]);
    expect(problems[0].message).toBe('item "b" at items[0].body.en: template variable {{user.trait.firstName}}: "user.trait.firstName" is not an attribute — did you mean "user.traits.firstName"?');
  });

  it('a variable where the SDK does not fill it in (labels, alt texts, task titles) shows as written: an error', () => {
    const items = [
      banner({ buttons: [{ label: 'Go, {{user.traits.firstName}}', action: 'dismiss' }], image: { src: '/a.png', alt: '{{user.id}}' } }),
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'Hi {{user.id}}', body: 'Hi {{user.id}}' }] },
      { id: 'tour', type: 'tour', steps: [{ title: 'Hi {{user.id}}', body: '{{user.id}}' }] },
    ];
    expect(summary(manifest(items, DECLARED))).toEqual([
      ['invalid-template', 'error', 'items[0].buttons[0].label', undefined],
      ['invalid-template', 'error', 'items[0].image.alt', undefined],
      ['invalid-template', 'error', 'items[1].tasks[0].title', undefined],
    ]);
  });

  it('without "declare", a trait in a template is a warning', () => {
    expect(texts('Hi {{user.traits.firstName|there}}', {})).toEqual([['undeclared-trait', 'warning', 'items[0].body', undefined]]);
  });

  it('checks the texts of experiment overrides', () => {
    const experiments = [{ key: 'e', scope: { items: ['b'] }, variations: [{ key: 'a' }, { key: 'b', overrides: { b: { body: 'Hi {{user.trait.firstName}}' } } }] }];
    expect(summary(manifest([banner({})], { ...DECLARED, experiments }))).toEqual([['unknown-attribute', 'error', 'experiments[0].variations[1].overrides.b.body', 'user.traits.firstName']]);
  });
});

describe('events', () => {
  it('goal, triggers, advanceOn and completeOn must be declared, or recorded by a "track" button', () => {
    const items = [
      banner({ goal: 'project_creatd', trigger: { event: 'report_exported' }, buttons: [{ label: 'Go', action: 'track', event: 'clicked_go' }] }),
      { id: 'tour', type: 'tour', steps: [{ body: 'x', advanceOn: { event: 'clicked_go' } }, { body: 'y', advanceOn: { event: 'report_exportd' } }] },
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'T', completeOn: 'nothing_like_it' }] },
    ];
    expect(summary(manifest(items, DECLARED))).toEqual([
      ['unknown-event', 'error', 'items[0].goal', 'project_created'],
      ['unknown-event', 'error', 'items[1].steps[1].advanceOn.event', 'report_exported'],
      ['unknown-event', 'error', 'items[2].tasks[0].completeOn', undefined],
    ]);
  });
});

describe('"declare"', () => {
  it('is part of the schema: the SDK accepts and ignores it', () => {
    const result = validateManifest(manifest([banner({})], DECLARED));
    expect(result.problems).toEqual([]);
    expect(result.manifest).not.toHaveProperty('declare');
  });

  it('a malformed declaration is reported at its path, and then not used', () => {
    const problems = authoringProblems(manifest([banner({ when: { 'user.traits.x': 1 } })], { declare: { traits: { user: { 'first.name': 'text' } }, evnts: {} } }));
    expect(problems.map((p) => p.message)).toEqual([
      'declare.traits.user["first.name"]: expected a trait name of letters, digits, "_", "-" (no "."), found "first.name"',
      'declare.traits.user["first.name"]: expected one of "string", "number", "boolean", found "text"',
      'declare.evnts: unknown key "evnts" — did you mean "events"?',
      'item "b" at items[0].when["user.traits.x"]: condition on "user.traits.x": the user trait "x" is not declared; list the traits your product passes in "declare.traits.user" so that a misspelt one is an error',
    ]);
  });
});

describe('links in rich text', () => {
  it('a refused URL is an error at its position; a balanced-parentheses URL is fine', () => {
    const body = 'See [trees](https://en.wikipedia.org/wiki/Tree_(data_structure)) and [plans](javascript:alert(1)).';
    const problems = authoringProblems(manifest([banner({ body })]));
    expect(problems).toEqual([expect.objectContaining({ code: 'unsafe-link', path: 'items[0].body', itemId: 'b', textIndex: body.indexOf('javascript:') })]);
    expect(problems[0].message).toBe('item "b" at items[0].body: the link to "javascript:alert(1)" is not allowed: use an http(s), mailto or relative URL; readers would see its text without a link');
  });

  it('checks task and step bodies, and <…> destinations', () => {
    const items = [
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'T', body: '[x](<data:text/html,hi there>)' }] },
      { id: 'tour', type: 'tour', steps: [{ body: 'ok [a](/docs) then [b](/\\evil.example)' }] },
    ];
    expect(summary(manifest(items)).map((p) => [p[0], p[2]])).toEqual([['unsafe-link', 'items[0].tasks[0].body'], ['unsafe-link', 'items[1].steps[0].body']]);
  });
});

describe('items the validator skips are checked too', () => {
  it('an item with a schema error still gets its template checked: every mistake in one run', () => {
    const input = manifest([banner({ placement: 'middle', body: 'Hi {{user.trait.firstName}}' })], DECLARED);
    expect(validateManifest(input).problems.map((p) => p.path)).toEqual(['items[0].placement']);
    expect(summary(input)).toEqual([['unknown-attribute', 'error', 'items[0].body', 'user.traits.firstName']]);
  });

  it('never throws, whatever the input', () => {
    for (const input of [null, 1, 'x', [], { items: 'x' }, { items: [null, 1, [], { body: { en: 1 } }] }, { declare: 'x', items: [{ when: [] }] }]) {
      expect(() => authoringProblems(input)).not.toThrow();
    }
  });
});

describe('locale tags written twice', () => {
  it('"zh-cn" beside "zh-CN" (or "pt_BR" beside "pt-BR") is a warning at the second, naming the one readers get', () => {
    const problems = authoringProblems(manifest([banner({ body: { en: 'New', 'zh-CN': '新的', 'zh-cn': '旧的', pt_BR: 'a', 'pt-BR': 'b' } })]));
    expect(problems.map((p) => [p.code, p.severity, p.path])).toEqual([
      ['duplicate-locale', 'warning', 'items[0].body["zh-cn"]'],
      ['duplicate-locale', 'warning', 'items[0].body["pt-BR"]'],
    ]);
    expect(problems[0].message).toBe('item "b" at items[0].body["zh-cn"]: "zh-cn" and "zh-CN" are the same locale tag (case does not matter); readers get the text of "zh-CN": keep one');
    expect(authoringProblems(manifest([banner({ body: { en: 'x', es: 'y', 'es-MX': 'z' } })]))).toEqual([]);
  });
});
