/**
 * createGuidepost's options check on its own: each bad option is named and left out (its default
 * then applies), good ones pass untouched, and the user's ids become strings while its traits
 * (objects) are kept as given.
 */
import { describe, expect, it } from 'vitest';
import { checkOptions, checkUser } from '../../src/runtime/options-check';

describe('checkOptions', () => {
  it('passes good options through untouched', () => {
    const onError = () => undefined;
    const storage = { kind: 'x', get: async () => undefined, set: async () => undefined, delete: async () => undefined };
    const user = { id: 'u1', accountId: 'a1', traits: { plan: 'trial', firstName: 'Ada' }, accountTraits: { seats: 3 } };
    const given = { manifest: '/m.json', onError, storage, locale: 'de', targetTimeoutMs: Infinity, maxQueuedEvents: 0, requireConsent: true, user };
    const { options, problems } = checkOptions(given);
    expect(problems).toEqual([]);
    expect(options).toEqual(given);
    expect(options.user!.traits).toEqual({ plan: 'trial', firstName: 'Ada' });
  });

  it.each([
    ['onError', 'alert', 'a function'],
    ['locale', 42, 'a string'],
    ['maxQueuedEvents', NaN, 'a number ≥ 0'],
    ['maxQueuedEvents', -1, 'a number ≥ 0'],
    ['maxQueuedEvents', '100', 'a number ≥ 0'],
    ['requireConsent', 'yes', 'a boolean'],
    ['transport', { post() {} }, 'an object with a send() method'],
    ['storage', [], 'an object'],
    ['document', {}, 'an object with a querySelector() method'],
  ])('%s = %j is named, with what it should be, and left out', (name, value, expected) => {
    const { options, problems } = checkOptions({ manifest: {}, [name]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`option ${name}: expected ${expected}`);
    expect(name in options).toBe(false);
  });

  it('something other than an object of options: said, and an empty set of options', () => {
    for (const given of [undefined, null, 'x', 3, []]) {
      const { options, problems } = checkOptions(given);
      expect(problems[0]).toMatch(/^createGuidepost\(options\): expected an object of options/);
      expect(options).toEqual({});
    }
  });

  it('a prototype key is data, never a prototype', () => {
    const { options } = checkOptions(JSON.parse('{"manifest":{},"__proto__":{"onError":"x"}}'));
    expect(Object.getPrototypeOf(options)).toBe(Object.prototype);
  });

  it("a page that added a property to Object.prototype gets no complaint about an option it never gave", () => {
    const proto = Object.prototype as unknown as { polluted?: string };
    proto.polluted = 'yes';
    let problems: string[];
    try {
      problems = checkOptions({ manifest: '/help.json' }).problems;
    } finally {
      delete proto.polluted;
    }
    expect(problems).toEqual([]);
  });
});

describe('checkOptions: endpoint and storage', () => {
  it('takes a URL object as its address; refuses a storage without delete() (the outbox clears with it)', () => {
    const { options, problems } = checkOptions({ manifest: {}, endpoint: new URL('https://collect.example.com/e'), storage: { kind: 'x', get: async () => undefined, set: async () => undefined } });
    expect(options.endpoint).toBe('https://collect.example.com/e');
    expect(options.storage).toBeUndefined();
    expect(problems).toEqual(['option storage: expected an object with a delete() method, found an object; its default is used']);
  });
});

describe('checkUser', () => {
  it('reads null as "none": an explicit undefined that clears what identify() merges into, without a problem', () => {
    const problems: string[] = [];
    const user = checkUser({ id: null, accountId: null, traits: null, accountTraits: null }, problems);
    expect(problems).toEqual([]);
    expect(Object.keys(user).sort()).toEqual(['accountId', 'accountTraits', 'id', 'traits']);
    expect({ ...{ id: 'alice', accountId: 'acme', traits: { plan: 'pro' } }, ...user }).toEqual({ id: undefined, accountId: undefined, traits: undefined, accountTraits: undefined });
  });

  it('numeric ids become strings; traits stay objects as given', () => {
    const problems: string[] = [];
    expect(checkUser({ id: 42 as never, accountId: 7 as never, traits: { plan: 'pro' }, accountTraits: { seats: 2 } }, problems)).toEqual({ id: '42', accountId: '7', traits: { plan: 'pro' }, accountTraits: { seats: 2 } });
    expect(problems).toEqual([]);
  });

  it('ids and traits of the wrong kind are named and left out', () => {
    const problems: string[] = [];
    const user = checkUser({ id: { x: 1 } as never, accountId: NaN as never, traits: 'pro' as never, accountTraits: [1] as never }, problems, 'identify(user)');
    expect(user).toEqual({});
    expect(problems).toEqual([
      'identify(user).id: expected a string, found an object; left out',
      'identify(user).accountId: expected a string, found NaN; left out',
      'identify(user).traits: expected an object, found "pro"; left out',
      'identify(user).accountTraits: expected an object, found an object; left out',
    ]);
  });
});

describe('misspelt options', () => {
  it('an unknown option near a known name is said with the name meant, and left out', () => {
    const { problems } = checkOptions({ manifest: '/m.json', endpiont: '/collect', onEvnt: () => undefined, Locale: 'de' });
    expect(problems).toEqual([
      'option endpiont: not an option; did you mean endpoint? Ignored',
      'option onEvnt: not an option; did you mean onEvent? Ignored',
      'option Locale: not an option; did you mean locale? Ignored',
    ]);
  });

  it('keys far from every option are left alone (a host may pass a wider config object)', () => {
    expect(checkOptions({ manifest: '/m.json', appName: 'Billing', env: 'prod', release: '1.2.3', store: {} }).problems).toEqual([]);
  });
});
