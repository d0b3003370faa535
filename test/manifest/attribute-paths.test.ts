/**
 * src/manifest/attribute-paths.ts on its own: is a dotted attribute path (a condition key, a
 * template variable) one the SDK fills in? Checked against DOCUMENTED_ATTRIBUTES and a scope of
 * declared traits and events, item ids and experiment keys. Each finding is checked for its
 * code, severity, whole message and the corrected whole path it suggests.
 */
import { describe, expect, it } from 'vitest';
import { conditionPathFinding, nearestIn, templatePathFinding, type AttributeScope } from '../../src/manifest/attribute-paths';
import { DOCUMENTED_ATTRIBUTES } from '../../src/engine/attributes';

const DECLARED: AttributeScope = {
  userTraits: { firstName: 'string', role: ['admin', 'member'] },
  accountTraits: { plan: ['trial', 'pro'], seats: 'number' },
  events: new Set(['project_created', 'report_exported']),
  itemIds: new Set(['welcome-tour', 'promo']),
  experimentKeys: new Set(['onboarding']),
};
const UNDECLARED: AttributeScope = { itemIds: new Set(['promo']), experimentKeys: new Set() };

const brief = (finding: ReturnType<typeof conditionPathFinding>) => finding && [finding.code, finding.severity, finding.suggestion];

describe('conditionPathFinding: accepted paths', () => {
  it.each([
    'user.id', 'user.accountId', 'user.traits.firstName', 'user.role', 'user.traits', 'account.id', 'account.plan', 'account.seats',
    'page.url', 'page.path', 'page.query', 'page.query.tab', 'page.hash', 'page.referrer', 'page.utm_source', 'page.utm_custom',
    'device.width', 'device.phone', 'device.language', 'locale', 'daysSinceFirstSeen',
    'visits.count', 'visits.lastAt', 'events.project_created', 'events.project_created.count', 'events.report_exported.daysSinceLast',
    'pages./pricing', 'pages./pricing.last7Days', 'pages./.count', 'pages./docs/getting-started.lastAt',
    'items.promo', 'items.welcome-tour.status', 'items.promo.daysSinceCompleted', 'experiments.onboarding',
    'user', 'account', 'page', 'device', 'events', 'pages', 'items', 'experiments', 'visits',
  ])('%s', (path) => {
    expect(conditionPathFinding(path, DECLARED)).toBeUndefined();
  });

  it('covers every documented namespace', () => {
    for (const namespace of Object.keys(DOCUMENTED_ATTRIBUTES)) expect(conditionPathFinding(namespace, DECLARED), namespace).toBeUndefined();
  });
});

describe('conditionPathFinding: mistakes', () => {
  it('an unknown namespace, with the nearest one', () => {
    expect(conditionPathFinding('acount.plan', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"acount.plan" is not an attribute — did you mean "account.plan"?', suggestion: 'account.plan' });
    expect(conditionPathFinding('devise.phone', DECLARED)?.suggestion).toBe('device.phone');
  });

  it('an unknown namespace far from every one lists them all', () => {
    expect(conditionPathFinding('plan', DECLARED)).toEqual({
      code: 'unknown-attribute',
      severity: 'error',
      message: '"plan" is not an attribute (attributes start with "user", "account", "page", "device", "locale", "visits", "daysSinceFirstSeen", "events", "pages", "items", "experiments"; see docs/targeting.md)',
      suggestion: undefined,
    });
  });

  it('a single value read as a group', () => {
    expect(conditionPathFinding('locale.tag', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"locale.tag": "locale" is a single value, it has no ".tag" — did you mean "locale"?', suggestion: 'locale' });
    expect(brief(conditionPathFinding('user.id.value', DECLARED))).toEqual(['unknown-attribute', 'error', 'user.id']);
    expect(brief(conditionPathFinding('page.path.length', DECLARED))).toEqual(['unknown-attribute', 'error', 'page.path']);
    expect(brief(conditionPathFinding('page.query.tab.x', DECLARED))).toEqual(['unknown-attribute', 'error', 'page.query.tab']);
    expect(brief(conditionPathFinding('experiments.onboarding.variation', DECLARED))).toEqual(['unknown-attribute', 'error', 'experiments.onboarding']);
    expect(brief(conditionPathFinding('events.project_created.count.total', DECLARED))).toEqual(['unknown-attribute', 'error', 'events.project_created.count']);
  });

  it('a declared trait read as a group', () => {
    expect(conditionPathFinding('account.plan.name', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"account.plan.name": the account trait "plan" is a single value, it has no ".name"', suggestion: undefined });
  });

  it('an unknown field of a namespace, with the nearest field or the list of fields', () => {
    expect(conditionPathFinding('device.phon', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"device.phon": "device" has no "phon" — did you mean "device.phone"?', suggestion: 'device.phone' });
    expect(conditionPathFinding('visits.zzzzzz', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"visits.zzzzzz": "visits" has no "zzzzzz" (it has count, sessions, firstAt, lastAt)', suggestion: undefined });
    expect(brief(conditionPathFinding('items.promo.satus', DECLARED))).toEqual(['unknown-attribute', 'error', 'items.promo.status']);
  });

  it('misspelt fixed fields of user and account', () => {
    expect(brief(conditionPathFinding('user.trait.firstName', DECLARED))).toEqual(['unknown-attribute', 'error', 'user.traits.firstName']);
    expect(brief(conditionPathFinding('user.ids', DECLARED))).toEqual(['unknown-attribute', 'error', 'user.id']);
    expect(brief(conditionPathFinding('user.acountId', DECLARED))).toEqual(['unknown-attribute', 'error', 'user.accountId']);
    expect(conditionPathFinding('account.traits.plan', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"account.traits.plan": account traits are read as "account.<trait>", without "traits." — did you mean "account.plan"?', suggestion: 'account.plan' });
  });

  it('a trait not declared, once traits are declared: a typo names the trait, anything else lists them', () => {
    expect(conditionPathFinding('account.plna', DECLARED)).toEqual({ code: 'unknown-trait', severity: 'error', message: '"account.plna": "plna" is not a account trait declared in "declare.traits.account"; declare it there or fix the name — did you mean "account.plan"?', suggestion: 'account.plan' });
    expect(conditionPathFinding('user.traits.zzzzz', DECLARED)).toEqual({ code: 'unknown-trait', severity: 'error', message: '"user.traits.zzzzz": "zzzzz" is not a user trait declared in "declare.traits.user" (declared: firstName, role); declare it there or fix the name', suggestion: undefined });
    expect(brief(conditionPathFinding('user.frstName', DECLARED))).toEqual(['unknown-trait', 'error', 'user.firstName']);
  });

  it('a trait list declared empty makes every trait an error', () => {
    expect(brief(conditionPathFinding('account.plan', { ...UNDECLARED, accountTraits: {} }))).toEqual(['unknown-trait', 'error', undefined]);
  });

  it('without declared traits, a trait is a warning naming it once for both spellings', () => {
    expect(conditionPathFinding('user.plan', UNDECLARED)).toEqual({
      code: 'undeclared-trait',
      severity: 'warning',
      trait: 'user.plan',
      message: '"user.plan": the user trait "plan" is not declared; list the traits your product passes in "declare.traits.user" so that a misspelt one is an error',
    });
    expect(conditionPathFinding('user.traits.plan', UNDECLARED)?.trait).toBe('user.plan');
    expect(conditionPathFinding('account.seats', UNDECLARED)?.trait).toBe('account.seats');
  });

  it('undeclared events are checked only once events are declared', () => {
    expect(conditionPathFinding('events.anything.count', UNDECLARED)).toBeUndefined();
    expect(conditionPathFinding('events.project_creatd.count', DECLARED)).toEqual({ code: 'unknown-event', severity: 'error', message: '"events.project_creatd.count": no event "project_creatd" is declared in "declare.events" — did you mean "events.project_created.count"?', suggestion: 'events.project_created.count' });
    expect(conditionPathFinding('events.zzzzzzzz', DECLARED)?.message).toBe('"events.zzzzzzzz": no event "zzzzzzzz" is declared in "declare.events"; declare it there or fix the name');
  });

  it('item ids and experiment keys must exist in the manifest', () => {
    expect(conditionPathFinding('items.welcome-tuor.status', DECLARED)).toEqual({ code: 'unknown-reference', severity: 'error', message: '"items.welcome-tuor.status": no item has the id "welcome-tuor" — did you mean "items.welcome-tour.status"?', suggestion: 'items.welcome-tour.status' });
    expect(conditionPathFinding('experiments.onbording', DECLARED)).toEqual({ code: 'unknown-experiment', severity: 'error', message: '"experiments.onbording": no experiment has the key "onbording" — did you mean "experiments.onboarding"?', suggestion: 'experiments.onboarding' });
  });

  it('page paths start with "/" and have no trailing "/"', () => {
    expect(conditionPathFinding('pages.pricing.count', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"pages.pricing.count": a page path starts with "/" — did you mean "pages./pricing.count"?', suggestion: 'pages./pricing.count' });
    expect(brief(conditionPathFinding('pages./pricing/.count', DECLARED))).toEqual(['unknown-attribute', 'error', 'pages./pricing.count']);
    expect(brief(conditionPathFinding('pages./pricing/', DECLARED))).toEqual(['unknown-attribute', 'error', 'pages./pricing']);
    expect(brief(conditionPathFinding('pages./pricing.last7days', DECLARED))).toEqual(['unknown-attribute', 'error', 'pages./pricing.last7Days']);
  });

  it('a page path containing "." reads its last segment as a field, and says so', () => {
    expect(conditionPathFinding('pages./v1.2', DECLARED)?.message).toBe('"pages./v1.2": a page has no "2" (it has count, firstAt, lastAt, daysSinceLast, last24Hours, last7Days, last30Days; a path containing "." cannot be addressed)');
  });

  it('reserved words and empty segments are findings, never members of Object.prototype', () => {
    expect(brief(conditionPathFinding('constructor', DECLARED))).toEqual(['unknown-attribute', 'error', undefined]);
    expect(brief(conditionPathFinding('__proto__.x', DECLARED))).toEqual(['unknown-attribute', 'error', undefined]);
    expect(brief(conditionPathFinding('account.constructor', DECLARED))).toEqual(['unknown-trait', 'error', undefined]);
    expect(brief(conditionPathFinding('user.toString', UNDECLARED))).toEqual(['undeclared-trait', 'warning', undefined]);
    expect(brief(conditionPathFinding('items.constructor', DECLARED))).toEqual(['unknown-reference', 'error', undefined]);
    expect(brief(conditionPathFinding('', DECLARED))).toEqual(['unknown-attribute', 'error', undefined]);
  });
});

describe('templatePathFinding', () => {
  it.each(['user.id', 'user.accountId', 'user.traits.firstName', 'account.id', 'account.plan'])('accepts %s', (path) => {
    expect(templatePathFinding(path, DECLARED)).toBeUndefined();
  });

  it('user traits are read as user.traits.<name> in templates', () => {
    expect(templatePathFinding('user.firstName', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: '"user.firstName": templates read user traits as "user.traits.<name>" — did you mean "user.traits.firstName"?', suggestion: 'user.traits.firstName' });
    expect(brief(templatePathFinding('user.trait.firstName', DECLARED))).toEqual(['unknown-attribute', 'error', 'user.traits.firstName']);
  });

  it('other namespaces cannot be used, or are not attributes at all', () => {
    const forms = '"user.id", "user.accountId", "user.traits.<name>", "account.id" and "account.<name>"';
    expect(templatePathFinding('page.path', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: `"page.path" cannot be used in a template: templates can use ${forms}`, suggestion: undefined });
    expect(templatePathFinding('usr.id', DECLARED)).toEqual({ code: 'unknown-attribute', severity: 'error', message: `"usr.id" is not an attribute: templates can use ${forms} — did you mean "user.id"?`, suggestion: 'user.id' });
  });

  it('a group of values is not one value', () => {
    expect(templatePathFinding('user', DECLARED)?.message).toMatch(/^"user" is a group of values, not one: templates can use /);
    expect(templatePathFinding('account', DECLARED)?.code).toBe('unknown-attribute');
    expect(templatePathFinding('user.traits', DECLARED)?.message).toMatch(/^"user.traits" is a group of values, not one/);
  });

  it('checks declared traits as conditions do', () => {
    expect(brief(templatePathFinding('user.traits.frstName', DECLARED))).toEqual(['unknown-trait', 'error', 'user.traits.firstName']);
    expect(brief(templatePathFinding('account.plna', DECLARED))).toEqual(['unknown-trait', 'error', 'account.plan']);
    expect(brief(templatePathFinding('user.traits.firstName', UNDECLARED))).toEqual(['undeclared-trait', 'warning', undefined]);
  });
});

describe('nearestIn', () => {
  it('suggests within the scope, without a budget', () => {
    expect(nearestIn('promoo', new Set(['promo', 'tour']), UNDECLARED)).toBe('promo');
  });

  it('spends names × (length + 1) of the budget, and suggests nothing once it is spent', () => {
    const scope: AttributeScope = { ...UNDECLARED, budget: { left: 2 * 7 + 3 } };
    const known = new Set(['promo', 'tour']);
    expect(nearestIn('promoo', known, scope)).toBe('promo');
    expect(scope.budget!.left).toBe(3);
    expect(nearestIn('promoo', known, scope)).toBeUndefined();
    expect(scope.budget!.left).toBe(3);
  });

  it('a spent budget turns "did you mean" off in findings too', () => {
    const scope: AttributeScope = { ...DECLARED, budget: { left: 0 } };
    expect(conditionPathFinding('items.welcome-tuor.status', scope)).toEqual({ code: 'unknown-reference', severity: 'error', message: '"items.welcome-tuor.status": no item has the id "welcome-tuor"', suggestion: undefined });
  });
});
