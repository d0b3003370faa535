/**
 * src/manifest/condition-checks.ts: each operator's value is checked where it stands, since
 * GrowthBook silently changes who matches when it is the wrong kind (`{"$or": {…}}` has no
 * length, so everyone passes). Covers the combining operators ($and, $or, $nor, $not), the
 * list operators, $exists, $size, $type, $elemMatch, $regex; operators out of place; that the
 * inside of a wrong value is still checked; what GrowthBook itself does with each mistake
 * (evalCondition, the engine's entry); and, through the validator, that the item (or
 * experiment) is skipped with its id, path and operator named, and that `guidepost build`
 * leaves it out. (checks.test.ts covers unknown operators and patterns.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index';
import { evalCondition } from '../../src/engine/condition';
import { authoringProblems } from '../../src/manifest/authoring';
import { conditionProblems } from '../../src/manifest/condition-checks';
import { validateManifest } from '../../src/manifest/validate';

/** [code, path] of every problem of `when`. */
const all = (when: unknown) => [...conditionProblems(when, ['when'])].map((c) => [c.code, c.path.join('/')]);
const messages = (when: unknown) => [...conditionProblems(when, ['when'])].map((c) => c.message);
const trial = { 'account.plan': 'trial' };
const pro = { account: { plan: 'pro' } };

describe('$and, $or, $nor: a non-empty list of conditions', () => {
  it.each([
    ['$or', { $or: trial }, true],
    ['$and', { $and: trial }, true],
    ['$or', { $or: [] }, true],
    ['$and', { $and: [] }, true],
    ['$or', { $or: 1 }, true],
    ['$nor', { $nor: trial }, false],
    ['$nor', { $nor: [] }, false],
  ])('%s given %j is an error: GrowthBook lets a "pro" account pass: %s', (operator, when, passes) => {
    expect(evalCondition(pro, when)).toBe(passes);
    expect(all(when)).toEqual([['invalid-operand', `when/${operator}`]]);
  });

  it('says what to write and what happens as written', () => {
    expect(messages({ $or: { 'account.plan': 'trial', 'user.role': 'admin' } })).toEqual([
      '"$or" needs a non-empty list of conditions, such as [{"account.plan": "trial"}, {"account.plan": "pro"}], found {"account.plan":"trial","user.role":"admin"}: as written, everyone passes it',
    ]);
    expect(messages({ $nor: [] })[0]).toBe('"$nor" needs a non-empty list of conditions, such as [{"account.plan": "trial"}, {"account.plan": "pro"}], found []: as written, nobody passes it');
    expect(messages({ $and: null })[0]).toMatch(/found null: as written, nobody passes it$/);
    // A string is read as one-character conditions, which fail.
    expect([messages({ $or: 'trial' })[0], messages({ $nor: 'trial' })[0]].map((m) => m.split(': as written, ')[1])).toEqual(['nobody passes it', 'everyone passes it']);
    expect([evalCondition(pro, { $or: 'trial' }), evalCondition(pro, { $nor: 'trial' }), evalCondition(pro, { $and: null })]).toEqual([false, true, false]);
  });

  it('each entry must be a condition object', () => {
    expect(all({ $or: [trial, 'trial', null, [trial]] })).toEqual([['invalid-operand', 'when/$or/1'], ['invalid-operand', 'when/$or/2'], ['invalid-operand', 'when/$or/3']]);
    expect(messages({ $and: [5] })).toEqual(['"$and" needs conditions in its list, such as {"account.plan": "trial"}, found 5']);
  });

  it('what is inside an object written in place of the list is still checked', () => {
    expect(all({ $or: { plan: { $in: 'eu' }, x: { $gtee: 1 } } })).toEqual([
      ['invalid-operand', 'when/$or'], ['invalid-operand', 'when/$or/plan/$in'], ['unknown-operator', 'when/$or/x/$gtee'],
    ]);
    expect(all({ $and: [{ $or: [{ a: { $exists: 'yes' } }] }] })).toEqual([['invalid-operand', 'when/$and/0/$or/0/a/$exists']]);
  });

  it('$not beside attribute names needs one condition; inside an attribute it negates any value test', () => {
    expect(all({ $not: 'trial' })).toEqual([['invalid-operand', 'when/$not']]);
    expect(all({ $not: [trial] })).toEqual([['invalid-operand', 'when/$not']]);
    expect(all({ $not: trial, plan: { $not: 'trial' }, seats: { $not: { $gt: 3 } } })).toEqual([]);
    expect(all({ seats: { $not: { $in: 3 } } })).toEqual([['invalid-operand', 'when/seats/$not/$in']]);
    // As GrowthBook reads them: "is not trial" holds for pro; a bare string beside attribute names holds for everyone.
    expect(evalCondition({ plan: 'pro' }, { plan: { $not: 'trial' } })).toBe(true);
  });
});

describe("operators on an attribute's value", () => {
  it.each([
    ['$in', 'eu'], ['$nin', 'eu'], ['$ini', { a: 1 }], ['$nini', 3], ['$all', 'a'], ['$alli', null],
  ])('%s needs a list: %j never matches', (operator, value) => {
    expect(all({ region: { [operator]: value } })).toEqual([['invalid-operand', `when/region/${operator}`]]);
    expect(evalCondition({ region: 'eu' }, { region: { [operator]: value } })).toBe(false);
  });

  it('lists are fine, empty ones too; $all entries are value tests themselves', () => {
    expect(all({ a: { $in: [] }, b: { $nin: ['x'] }, c: { $all: [{ $gt: 1 }, 'x'] }, d: { $alli: ['A'] } })).toEqual([]);
    expect(all({ c: { $all: [{ $exists: 1 }] } })).toEqual([['invalid-operand', 'when/c/$all/0/$exists']]);
  });

  it('$exists needs true or false: "false" is true to GrowthBook', () => {
    expect(messages({ 'user.traits.email': { $exists: 'false' } })).toEqual(['"$exists" needs true or false, found "false": as written, it counts as true']);
    expect(evalCondition({ user: { traits: { email: 'a@b.c' } } }, { 'user.traits.email': { $exists: 'false' } })).toBe(true);
    expect(all({ a: { $exists: 0 }, b: { $exists: false }, c: { $exists: true } })).toEqual([['invalid-operand', 'when/a/$exists']]);
  });

  it('$size needs a whole number or operators on the count', () => {
    expect(all({ a: { $size: 2 }, b: { $size: { $gte: 1 } }, c: { $size: 0 } })).toEqual([]);
    expect(all({ a: { $size: '2' }, b: { $size: -1 }, c: { $size: 1.5 }, d: { $size: { n: 1 } }, e: { $size: [1] } }).map((p) => p[1])).toEqual(['when/a/$size', 'when/b/$size', 'when/c/$size', 'when/d/$size', 'when/e/$size']);
    expect(all({ a: { $size: { $in: 2 } } })).toEqual([['invalid-operand', 'when/a/$size/$in']]);
  });

  it('$type names one of GrowthBook\'s types, with the nearest one', () => {
    expect(all({ a: { $type: 'string' }, b: { $type: 'array' }, c: { $type: 'null' }, d: { $type: 'undefined' } })).toEqual([]);
    expect(messages({ a: { $type: 'String' } })).toEqual(['"$type" needs one of "string", "number", "boolean", "array", "object", "null", "undefined", found "String": as written, it never matches — did you mean "string"?']);
    expect(all({ a: { $type: 1 } })).toEqual([['invalid-operand', 'when/a/$type']]);
  });

  it('$elemMatch needs an object: operators on each entry, or a condition on its fields', () => {
    expect(all({ a: { $elemMatch: { $gt: 1 } }, b: { $elemMatch: { id: 'x', n: { $in: [1] } } } })).toEqual([]);
    expect(all({ a: { $elemMatch: 'x' }, b: { $elemMatch: [1] }, c: { $elemMatch: { id: { $in: 1 } } } })).toEqual([
      ['invalid-operand', 'when/a/$elemMatch'], ['invalid-operand', 'when/b/$elemMatch'], ['invalid-operand', 'when/c/$elemMatch/id/$in'],
    ]);
  });

  it('$regex and $regexi need a pattern string', () => {
    expect(all({ a: { $regex: 5 }, b: { $regexi: ['^a'] } })).toEqual([['invalid-operand', 'when/a/$regex'], ['invalid-operand', 'when/b/$regexi']]);
  });

  it('an object that is not all operators is compared whole, as GrowthBook does: only unknown operators inside are reported', () => {
    expect(all({ a: { b: 1, $in: 'x' } })).toEqual([]);
    expect(all({ a: { b: { $zz: 1 } } })).toEqual([['unknown-operator', 'when/a/b/$zz']]);
  });
});

describe('operators out of place', () => {
  it('a comparison beside attribute names is read as an attribute nobody has', () => {
    expect(all({ $in: ['trial'], $exists: true })).toEqual([['misplaced-operator', 'when/$in'], ['misplaced-operator', 'when/$exists']]);
    expect(messages({ $in: ['trial'] })[0]).toBe('"$in" compares an attribute\'s value, so it goes inside one: {"account.plan": {"$in": …}}; here it never matches');
    expect(evalCondition({ plan: 'trial' }, { $in: ['trial'] })).toBe(false);
  });

  it("a combining operator among an attribute's operators never matches", () => {
    expect(all({ plan: { $or: [{ $eq: 'a' }] } })).toEqual([['misplaced-operator', 'when/plan/$or']]);
    expect(messages({ plan: { $or: [] } })).toEqual(['"$or" combines conditions, so it goes beside attribute names: {"$or": [{"account.plan": "trial"}, …]}; here it never matches']);
    // GrowthBook also logs "Unknown operator: $or" to the console.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(evalCondition({ plan: 'a' }, { plan: { $or: [{ $eq: 'a' }] } })).toBe(false);
    expect(logged).toHaveBeenCalledWith('Unknown operator: $or');
    logged.mockRestore();
  });

  it('saved-group operators are left as they were', () => {
    expect(all({ $savedGroup: 'x', a: { $inGroup: 'g', $notInGroup: 'h' } })).toEqual([]);
  });
});

describe('through the validator', () => {
  const envelope = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', items, ...extra });
  const banner = (id: string, when: unknown) => ({ id, type: 'banner', body: 'Hi', when });

  it('skips the item, naming it, the path and the operator; the others still show', () => {
    const result = validateManifest(envelope([banner('trial-only', { $or: { 'account.plan': 'trial' } }), banner('ok', trial)]));
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['ok']);
    expect(result.problems).toEqual([expect.objectContaining({ code: 'invalid-operand', path: 'items[0].when.$or', itemId: 'trial-only', severity: 'error' })]);
    expect(result.problems[0].message).toMatch(/^item "trial-only" at items\[0\]\.when\.\$or: "\$or" needs a non-empty list of conditions/);
  });

  it('refuses an experiment whose "when" has one, and skips the items that name it', () => {
    const experiment = { key: 'exp', variations: [{ key: 'a' }, { key: 'b' }], scope: { items: ['x'] }, when: { region: { $in: 'eu' } } };
    const result = validateManifest(envelope([{ ...banner('x', undefined), experiment: 'exp' }], { experiments: [experiment] }));
    expect(result.manifest?.experiments).toEqual([]);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([['invalid-operand', 'experiments[0].when.region.$in'], ['invalid-reference', 'items[0].experiment']]);
  });

  it('the writers\' checks look inside an object written in place of a list', () => {
    const problems = authoringProblems(envelope([banner('b', { $or: { 'acount.plan': 'trial' } })]));
    expect(problems.map((p) => [p.code, p.path])).toEqual([['unknown-attribute', 'items[0].when.$or["acount.plan"]']]);
  });

  it('guidepost build leaves the item out and fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guidepost-conditions-'));
    try {
      const file = join(dir, 'm.json');
      await writeFile(file, JSON.stringify(envelope([banner('trial-only', { $and: { 'account.plan': 'trial' } }), banner('ok', trial)]), null, 2));
      const out: string[] = [];
      const code = await main(['build', file, '--out', join(dir, 'out.json')], (line) => out.push(line));
      expect(code).toBe(1);
      expect(out[0]).toMatch(/m\.json:\d+:\d+: error: item "trial-only" at items\[0\]\.when\.\$and: "\$and" needs a non-empty list/);
      expect(JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')).items.map((i: { id: string }) => i.id)).toEqual(['ok']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
