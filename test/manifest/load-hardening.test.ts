/**
 * Defects from the hardening issue, each through the public entry points it was found in:
 * URLs that leave the site while looking relative, CSS that fetches from theme values,
 * prototype pollution, unbounded depth, quadratic and exponential work, and compiled
 * manifests that dropped unsafe content silently. No timing assertions: inputs that froze the
 * old code are large enough to exceed the test timeout there.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { compileCondition, decide, evalCondition, firstFailingClause, firstFailingCompiled, validateManifest } from '../../src/engine/index';
import { emptyProgress } from '../../src/engine/progress';
import { stampManifest } from '../../src/manifest/compiled';
import { acceptManifest } from '../../src/manifest/load';
import type { Manifest } from '../../src/manifest/schema';
import { isSafeUrl } from '../../src/manifest/url';
import { SDK_VERSION } from '../../src/version';
import { T0 } from '../support/engine-helpers';

const envelope = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', ...extra, items });
const banner = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: 'banner', body: 'Hi', ...extra });
const ids = (result: ReturnType<typeof validateManifest>) => result.manifest?.items.map((i) => i.id);
const forged = (m: Record<string, unknown>) => JSON.parse(JSON.stringify(stampManifest(m as unknown as Manifest, SDK_VERSION)));

/** `{"$and": [{"$and": [ … {"plan": "trial"} … ]}]}`, `levels` deep, built without recursion. */
function nestedAnd(levels: number): Record<string, unknown> {
  let condition: Record<string, unknown> = { plan: 'trial' };
  for (let i = 0; i < levels; i++) condition = { $and: [condition] };
  return condition;
}
function nestedArrays(levels: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
}

describe('URLs are judged as browsers parse them (issue item 3)', () => {
  const BASE = 'https://app.example/base/';
  const looksRelativeButLeaves = ['/\\evil.example', '\\\\evil.example', '\\/evil.example', '/\t/evil.example', '/\n/evil.example', '\\\\\\evil.example', '///evil.example', 'https:\\\\evil.example', 'https:evil.example', 'http:/\\evil.example'];

  it.each(looksRelativeButLeaves)('refuses %j, which a browser takes to another host', (url) => {
    // The premise, checked with the WHATWG parser browsers use: another host, on an https page.
    expect(new URL(url, BASE.replace('https:', 'http:')).host === 'app.example' && new URL(url, BASE).host === 'app.example').toBe(false);
    expect(isSafeUrl(url)).toBe(false);
  });

  it.each(['java\tscript:alert(1)', ' javascript:alert(1)', 'jav\nascript:alert(1)', 'javascript:alert(1)\t', '\u0000/x', '/docs '])('refuses %j (controls, and spaces at either end)', (url) => {
    expect(isSafeUrl(url)).toBe(false);
  });

  it('keeps every URL it accepts as relative on this site, whatever the page scheme', () => {
    const relative = ['/billing', '../help', '#top', '?tab=2', 'docs/a\\b', '\\docs', '/a//b', '', '/.//x', 'a:b/c'.slice(2), '%2F%2Fevil.example'];
    for (const url of relative) {
      expect(isSafeUrl(url)).toBe(true);
      for (const base of [BASE, 'http://app.example/base/']) expect(new URL(url, base).host).toBe('app.example');
    }
  });

  it('a helpLink url, button, image or task URL spelled with backslashes is an error at its path', () => {
    const result = validateManifest(envelope([
      { id: 'help', type: 'helpLink', target: '#x', url: '/\\evil.example' },
      banner('b', { buttons: [{ label: 'Go', action: 'url', url: '\\\\evil.example' }], image: { src: '/\t/evil.example/x.png', alt: 'x' } }),
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'T', url: '\\/evil.example' }] },
      banner('fine', { buttons: [{ label: 'Go', action: 'url', url: '//cdn.example/guide' }] }),
    ]));
    expect(ids(result)).toEqual(['fine']);
    expect(result.problems.map((p) => [p.code, p.path, p.itemId])).toEqual([
      ['unsafe-url', 'items[0].url', 'help'],
      ['unsafe-url', 'items[1].buttons[0].url', 'b'],
      // Every problem of an item is reported, not only its first.
      ['unsafe-url', 'items[1].image.src', 'b'],
      ['unsafe-url', 'items[2].tasks[0].url', 'list'],
    ]);
    expect(result.problems[0].message).toBe('item "help" at items[0].url: URL "/\\\\evil.example" is not allowed: browsers read "\\" as "/", so this leads to another site; write "//host/path" or "https://host/path" if that is meant');
  });
});

describe('theme values accept only colours, lengths, fonts and shadows (issue item 3)', () => {
  const withTheme = (theme: Record<string, unknown>) => validateManifest(envelope([banner('b')], { settings: { caps: { perPageView: 2 }, theme } }));

  it.each([
    ['accent', 'url(https://evil.example/track.png)'],
    ['background', 'image-set("https://evil.example/a.png" 1x)'],
    ['text', 'red; background: url(x)'],
    ['font', 'x}@import "https://evil.example/a.css"'],
    ['radius', 'var(--secret)'],
    ['shadow', '0 0 \\75 rl(x)'],
    ['spacing', 'expression(alert(1))'],
    ['accent', '/* hi */ red'],
    ['accent', '12px'],
    ['spacing', 'red'],
  ])('refuses %s: %j with an error at its path, keeping the rest of the settings', (key, value) => {
    const result = withTheme({ [key]: value, colorScheme: 'dark' });
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'unsafe-theme-value', path: `settings.theme.${key}`, severity: 'error' });
    expect(result.manifest?.settings).toEqual({ caps: { perPageView: 2 }, theme: { colorScheme: 'dark' } });
  });

  it('accepts ordinary colours, lengths, fonts and shadows', () => {
    const theme = { accent: '#2357d9', background: 'rgb(255 255 255 / 95%)', text: 'rebeccapurple', radius: '8px 8px 0 0', font: "Inter, 'Segoe UI', -apple-system, sans-serif", spacing: '0.75rem', shadow: '0 8px 24px rgba(0,0,0,.18), inset 0 1px 0 #fff' };
    const result = withTheme(theme);
    expect(result.problems).toEqual([]);
    expect(result.manifest?.settings?.theme).toEqual(theme);
  });

  it('a compiled manifest ignores a hazardous theme value and reports it', async () => {
    const result = await acceptManifest(forged(envelope([banner('b')], { settings: { theme: { accent: 'url(https://evil.example/t.png)', radius: '4px' } } })));
    expect(result.manifest?.settings?.theme).toEqual({ radius: '4px' });
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unsafe-theme-value', path: 'settings.theme.accent', severity: 'warning' })]);
  });
});

describe('an enumerable property on Object.prototype changes nothing (issue item 9)', () => {
  const demo = JSON.parse(readFileSync(new URL('../../demo/manifest.json', import.meta.url), 'utf8'));
  const attributes = { account: { plan: 'trial' }, user: { id: 'u1' }, page: { path: '/board' }, daysSinceFirstSeen: 12 };
  const run = () => {
    const validated = validateManifest(JSON.parse(JSON.stringify(demo)));
    const decision = validated.manifest && decide({ manifest: validated.manifest, progress: emptyProgress(), attributes, now: T0 });
    const operator = evalCondition({ n: 12 }, { n: { $gte: 11 } });
    return { problems: validated.problems.map((p) => p.message), items: ids(validated), verdicts: decision?.verdicts.map((v) => [v.itemId, v.show]), operator };
  };
  afterEach(() => {
    delete (Object.prototype as Record<string, unknown>)['~run'];
    delete (Object.prototype as Record<string, unknown>).polluted;
  });
  /** Runs `run` polluted, and cleans up before anything else (vitest itself) sees the prototype. */
  const polluted = (pollute: () => void) => {
    pollute();
    try {
      return run();
    } finally {
      delete (Object.prototype as Record<string, unknown>)['~run'];
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  };

  it.each([
    ['a "~run" function', () => void ((Object.prototype as Record<string, unknown>)['~run'] = () => {})],
    ['an enumerable value', () => Object.defineProperty(Object.prototype, 'polluted', { value: 1, enumerable: true, configurable: true, writable: true })],
  ])('with %s, the demo manifest validates and decides as without it', (_name, pollute) => {
    const clean = run();
    expect(clean.problems).toEqual([]);
    expect(clean.verdicts?.some(([, show]) => show)).toBe(true);
    expect(polluted(pollute)).toEqual(clean);
  });
});

describe('depth is bounded per item (issue item 11)', () => {
  it('refuses only the item whose "when" nests 3,000 "$and" levels, naming it and the path', () => {
    const result = validateManifest(envelope([banner('before'), banner('deep', { when: nestedAnd(3000) }), banner('after')]));
    expect(ids(result)).toEqual(['before', 'after']);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ code: 'too-deep', itemId: 'deep', severity: 'error' });
    expect(result.problems[0].path).toMatch(/^items\[1\]\.when\.\$and\[0\]/);
    expect(result.problems[0].message).toContain('item "deep" at items[1].when');
  });

  it('refuses only the item with an unknown key holding arrays 10,000 deep, or an item that is one', () => {
    const result = validateManifest(envelope([banner('a', { junk: nestedArrays(10_000) }), nestedArrays(10_000), banner('b')]));
    expect(ids(result)).toEqual(['b']);
    expect(result.problems.map((p) => [p.code, p.itemId])).toEqual([['too-deep', 'a'], ['too-deep', undefined]]);
    // The path of the first array past the bound: 32 levels counted from the item.
    expect(result.problems[0].path).toBe(`items[0].junk${'[0]'.repeat(31)}`);
    expect(result.problems[1].path).toBe(`items[1]${'[0]'.repeat(32)}`);
  });

  it('refuses only the experiment that nests too deep', () => {
    const experiment = (key: string, when?: unknown) => ({ key, scope: { types: ['banner'] }, variations: [{ key: 'a' }, { key: 'b' }], ...(when ? { when } : {}) });
    const result = validateManifest(envelope([banner('b')], { experiments: [experiment('deep', nestedAnd(500)), experiment('fine')] }));
    expect(result.manifest?.experiments?.map((e) => e.key)).toEqual(['fine']);
    expect(result.problems[0]).toMatchObject({ code: 'too-deep' });
    expect(result.problems[0].message).toContain('experiment "deep" at experiments[0].when');
  });

  it.each([
    ['settings', { settings: { theme: nestedArrays(10_000) } }],
    ['an unknown top-level key', { extra: nestedArrays(10_000) }],
  ])('refuses the manifest whole with a clear error when %s nests too deep', (_name, extra) => {
    const result = validateManifest(envelope([banner('b')], extra));
    expect(result.manifest).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0].code).toBe('too-deep');
    expect(result.problems[0].message).toMatch(/nested deeper than 32 levels .*the manifest is refused whole/);
  });

  it('evaluates a condition 3,000 levels deep as false, without overflowing (a compiled manifest skips the validator)', () => {
    const deep = nestedAnd(3000);
    expect(evalCondition({ plan: 'trial' }, deep)).toBe(false);
    expect(firstFailingClause({ plan: 'trial' }, deep)).toMatchObject({ path: '$and' });
    expect(firstFailingCompiled({ plan: 'trial' }, compileCondition(deep))).toMatchObject({ path: '$and' });
    // Shallow nesting still holds.
    expect(evalCondition({ plan: 'trial' }, nestedAnd(10))).toBe(true);
  });

  it('validates a compiled manifest with a too-deep item again, and shows the other items', async () => {
    // 200 levels: deep enough to refuse, shallow enough for JSON.stringify to forge the stamp.
    const result = await acceptManifest(forged(envelope([banner('deep', { when: nestedAnd(100) }), banner('fine')])));
    expect(result.manifest?.items.map((i) => i.id)).toEqual(['fine']);
    expect(result.problems.map((p) => [p.code, p.itemId])).toEqual([['too-deep', 'deep']]);
  });
});

describe('work stays linear (issue item 12)', () => {
  const chain = (n: number) => Array.from({ length: n }, (_, i) => banner(`i${i}`, i + 1 < n ? { requires: [`i${i + 1}`] } : {}));

  it.each([1_500, 6_000])('validates a "requires" chain of %i items', (n) => {
    const result = validateManifest(envelope(chain(n)));
    expect(result.problems).toEqual([]);
    expect(result.manifest?.items).toHaveLength(n);
  });

  it('reports every item of a 1,500-item "requires" cycle, with the cycle shortened', () => {
    const cycle = chain(1_500).map((item, i) => ({ ...item, requires: [`i${(i + 1) % 1_500}`] }));
    const result = validateManifest(envelope([...cycle, banner('outside', { requires: ['i7'] })]));
    expect(result.manifest?.items).toEqual([]);
    expect(result.problems[0].message).toBe('item "i0" at items[0].requires: "requires" goes round in a circle (i0 → i1 → i2 → i3 → … → i0 (1500 items)), so none of these items could ever show');
    expect(result.problems.at(-1)).toMatchObject({ itemId: 'outside', path: 'items[1500].requires[0]' });
  });

  it('validates a 2,000-item manifest where items require many others, and rejects down a chain', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => banner(`i${i}`, { requires: [0, 1, 2, 3].map((k) => `i${(i * 7 + k * 13) % i || 0}`).filter((id) => id !== `i${i}`) }));
    const valid = validateManifest(envelope(items));
    expect(valid.problems).toEqual([]);
    // One broken item at the root of a long chain takes everything that depends on it along.
    const broken = validateManifest(envelope([...chain(2_000).slice(0, -1), banner('i1999', { placement: 'up' })]));
    expect(broken.manifest?.items).toEqual([]);
    expect(broken.problems).toHaveLength(2_000);
  });

  it('reports 2,000 unknown "requires" ids, suggesting the nearest id for the first ones', () => {
    const items = Array.from({ length: 2_000 }, (_, i) => banner(`item-${i}`, { requires: [`itme-${i + 1}`] }));
    const result = validateManifest(envelope(items));
    expect(result.manifest?.items).toEqual([]);
    expect(result.problems).toHaveLength(2_000);
    expect(result.problems[0].message).toBe('item "item-0" at items[0].requires[0]: requires "itme-1", but no item has that id — did you mean "item-1"?');
    expect(result.problems[1_999].message).toBe('item "item-1999" at items[1999].requires[0]: requires "itme-2000", but no item has that id');
  });

  it('refuses $regex patterns that backtrack catastrophically, with the path and why', () => {
    const result = validateManifest(envelope([
      banner('nested', { when: { 'user.traits.email': { $regex: '(a+)+$' } } }),
      banner('star', { when: { $or: [{ 'page.path': { $regexi: '(a*)*' } }] } }),
      banner('alternation', { when: { x: { $regex: '(a|a)*' } } }),
      banner('backref', { when: { x: { $regex: '(.)\\1' } } }),
      banner('overlap', { when: { x: { $regex: '.*.*.*x' } } }),
      banner('long', { when: { x: { $regex: 'a'.repeat(300) } } }),
      banner('fine', { when: { 'page.path': { $regex: '^/projects/[^/]+/settings' }, 'user.traits.email': { $regexi: '@acme\\.com$' } } }),
    ]));
    expect(ids(result)).toEqual(['fine']);
    expect(result.problems.map((p) => [p.code, p.path])).toEqual([
      ['unsafe-regex', 'items[0].when["user.traits.email"].$regex'],
      ['unsafe-regex', 'items[1].when.$or[0]["page.path"].$regexi'],
      ['unsafe-regex', 'items[2].when.x.$regex'],
      ['unsafe-regex', 'items[3].when.x.$regex'],
      ['unsafe-regex', 'items[4].when.x.$regex'],
      ['unsafe-regex', 'items[5].when.x.$regex'],
    ]);
    expect(result.problems[0].message).toContain('a repeated group that contains a repetition or alternatives');
  });

  it('never runs an unsafe pattern at runtime, and tests at most 1,000 characters', () => {
    expect(evalCondition({ s: `${'a'.repeat(30)}!` }, { s: { $regex: '(a+)+$' } })).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(5_000) }, { s: { $regex: '(a|aa)*$' } })).toBe(false);
    expect(evalCondition({ s: 'a'.repeat(1_000) }, { s: { $regex: 'a$' } })).toBe(true);
    expect(evalCondition({ s: 'a'.repeat(1_001) }, { s: { $regex: 'a$' } })).toBe(false);
    // Unanchored patterns still search the whole value; anchors and flags keep their meaning.
    expect(evalCondition({ s: 'hello world' }, { s: { $regex: 'wor' } })).toBe(true);
    expect(evalCondition({ s: 'hello world' }, { s: { $regex: '^wor' } })).toBe(false);
    expect(evalCondition({ s: 'Hello' }, { s: { $regexi: '^hello$' } })).toBe(true);
    expect(evalCondition({ s: 'a/b' }, { s: { $regex: 'a/b' } })).toBe(true);
  });

  it('a compiled manifest reports its unsafe patterns (they never match)', async () => {
    const result = await acceptManifest(forged(envelope([banner('b', { when: { x: { $regex: '(a+)+$' } } })])));
    expect(result.problems).toEqual([expect.objectContaining({ code: 'unsafe-regex', path: 'items[0].when.x.$regex', itemId: 'b', severity: 'warning' })]);
  });
});

describe('a compiled manifest reports unsafe URLs instead of dropping them silently (issue item 13)', () => {
  it('names each item and field, as the validator would', async () => {
    const result = await acceptManifest(forged(envelope([
      { id: 'help', type: 'helpLink', target: '#x', url: 'javascript:alert(1)' },
      banner('b', { body: { en: 'See [this](/\\evil.example).', es: 'Mira [esto](https://ok.example).' }, buttons: [{ label: 'Go', action: 'url', url: 'data:text/html,x' }], image: { src: ' javascript:x', alt: 'x' } }),
      { id: 't', type: 'tour', steps: [{ body: 'x', image: { src: 'vbscript:x', alt: 'x' }, buttons: [{ label: 'Go', action: 'url', url: '\\\\evil.example' }] }] },
      { id: 'list', type: 'checklist', tasks: [{ id: 'a', title: 'A', body: '[x](javascript:1)', url: '/\\evil.example' }] },
      banner('fine', { body: 'Read [the guide](https://example.com/guide).' }),
    ])));
    expect(result.manifest?.items).toHaveLength(5);
    expect(result.problems.map((p) => [p.code, p.itemId, p.path])).toEqual([
      ['unsafe-url', 'help', 'items[0].url'],
      ['unsafe-url', 'b', 'items[1].buttons[0].url'],
      ['unsafe-url', 'b', 'items[1].image.src'],
      ['unsafe-link', 'b', 'items[1].body.en'],
      ['unsafe-url', 't', 'items[2].steps[0].buttons[0].url'],
      ['unsafe-url', 't', 'items[2].steps[0].image.src'],
      ['unsafe-url', 'list', 'items[3].tasks[0].url'],
      ['unsafe-link', 'list', 'items[3].tasks[0].body'],
    ]);
    expect(result.problems[0].message).toBe('item "help" at items[0].url: URL "javascript:alert(1)" is not allowed: use an http(s), mailto or relative URL; it is left out');
  });
});

describe('problem messages stay readable', () => {
  it('a 200 KB id or key quoted in a message is cut, keeping what, where and the fix', () => {
    const long = 'x'.repeat(200_000);
    const { problems } = validateManifest({
      schemaVersion: 1,
      revision: 'r1',
      items: [
        { id: 'a', type: 'banner', body: 'Hi', requires: [long] },
        { id: 'b', type: 'banner', body: 'Hi', [long]: 1 },
      ],
    });
    expect(problems.length).toBeGreaterThanOrEqual(2);
    for (const problem of problems) {
      expect(problem.message.length).toBeLessThanOrEqual(500);
      expect(problem.message).toMatch(/^item "[ab]"/);
    }
    expect(problems.some((p) => p.itemId === 'a' && p.path === 'items[0].requires[0]')).toBe(true);
  });
});
