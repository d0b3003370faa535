/**
 * src/manifest/compiled-checks.ts on its own: `checkCompiled`, the content checks a compiled
 * manifest gets in place of the validator. Covers which fields are checked (help-link url, url
 * buttons, images, tour steps, task urls, bodies per locale, `$regex`/`$regexi` anywhere in a
 * condition, experiment conditions and overrides, theme values), what is not (other button
 * actions, non-string URLs, malformed shapes: no throw), the exact code, path, item and message
 * of each problem, that items are kept as they are and only hazardous theme values are taken
 * out. The URLs judged are counted (through a pass-through mock of url.ts) to show the link
 * scan's work; compiled*.test.ts and load-hardening.test.ts cover the path through acceptManifest.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { checkCompiled } from '../../src/manifest/compiled-checks';
import { regexProblem } from '../../src/manifest/safe-regex';
import type { Manifest } from '../../src/manifest/schema';

const judged = vi.hoisted(() => ({ calls: 0, chars: 0 }));
vi.mock('../../src/manifest/url', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/manifest/url')>();
  return {
    ...actual,
    urlProblem: (url: unknown) => {
      judged.calls++;
      judged.chars += typeof url === 'string' ? url.length : 0;
      return actual.urlProblem(url);
    },
  };
});
beforeEach(() => Object.assign(judged, { calls: 0, chars: 0 }));

const manifest = (items: unknown[], extra: Record<string, unknown> = {}) => ({ schemaVersion: 1, revision: 'r', items, ...extra }) as unknown as Manifest;
const summary = (m: Manifest, regex?: typeof regexProblem) => checkCompiled(m, regex).problems.map((p) => [p.code, p.path, p.itemId]);
const JS = 'use an http(s), mailto or relative URL';

describe('URL fields', () => {
  it('every URL the UI follows or loads, each at its path, every one of an item', () => {
    const m = manifest([
      { id: 'help', type: 'helpLink', url: 'javascript:alert(1)' },
      { id: 'b', type: 'banner', body: 'x', buttons: [{ label: 'ok', action: 'dismiss' }, { label: 'go', action: 'url', url: 'data:text/html,x' }], image: { src: 'vbscript:x', alt: '' } },
      { id: 't', type: 'tour', steps: [{ body: 'x' }, { body: 'y', buttons: [{ label: 'go', action: 'url', url: '\\\\evil.example' }], image: { src: '///evil.example/i.png', alt: '' } }] },
      { id: 'c', type: 'checklist', tasks: [{ id: 't1', title: 'x', url: '/fine' }, { id: 't2', title: 'y', url: 'https:evil.example' }] },
    ]);
    expect(summary(m)).toEqual([
      ['unsafe-url', 'items[0].url', 'help'],
      ['unsafe-url', 'items[1].buttons[1].url', 'b'],
      ['unsafe-url', 'items[1].image.src', 'b'],
      ['unsafe-url', 'items[2].steps[1].buttons[0].url', 't'],
      ['unsafe-url', 'items[2].steps[1].image.src', 't'],
      ['unsafe-url', 'items[3].tasks[1].url', 'c'],
    ]);
    expect(checkCompiled(m).problems[5]).toEqual({
      code: 'unsafe-url',
      path: 'items[3].tasks[1].url',
      itemId: 'c',
      severity: 'warning',
      message: 'item "c" at items[3].tasks[1].url: URL "https:evil.example" is not allowed: write it as "https://host/path"; browsers read other spellings as another host; it is left out',
    });
  });

  it('leaves alone what the UI does not follow: a url on a banner, a url on a dismiss button, URLs that are not strings', () => {
    const m = manifest([
      { id: 'b', type: 'banner', body: 'x', url: 'javascript:x', buttons: [{ label: 'x', action: 'dismiss', url: 'javascript:x' }, { label: 'y', action: 'url', url: 42 }] },
      { id: 'h', type: 'helpLink', url: { href: 'javascript:x' } },
    ]);
    expect(summary(m)).toEqual([]);
  });

  it('does not throw on malformed shapes (the UI ignores them), and reports nothing for them', () => {
    const m = manifest([
      { id: 'x', type: 'banner', body: 7, buttons: 'ok', image: 'pic.png', steps: 'x', tasks: { a: 1 } },
      { id: 'y', type: 'tour', steps: [null, 'x', 3, { buttons: [null, 'x', { action: 'url' }], image: { src: null } }] },
      { id: 'z', type: 'checklist', tasks: [null, { url: 1, body: ['x'] }] },
    ]);
    expect(summary(m)).toEqual([]);
  });

  it('quotes a long URL shortened in the message, with the item and path in full', () => {
    const [problem] = checkCompiled(manifest([{ id: 'h', type: 'helpLink', url: `javascript:${'a'.repeat(100_000)}` }])).problems;
    expect(problem.message).toBe(`item "h" at items[0].url: URL "javascript:${'a'.repeat(45)}... is not allowed: ${JS}; it is left out`);
  });
});

describe('links in rich text', () => {
  it('reports each unsafe link of a body, per locale, and keeps quiet about safe ones', () => {
    const m = manifest([{ id: 'b', type: 'banner', body: { en: 'See [a](/ok), [b](javascript:x) and [c](DATA:x).', 'zh-CN': '[d](//cdn.example) [e](/\\evil.example)' } }]);
    expect(checkCompiled(m).problems.map((p) => [p.path, p.message])).toEqual([
      ['items[0].body.en', `item "b" at items[0].body.en: the link to "javascript:x" is not allowed: ${JS}; its text shows without a link`],
      ['items[0].body.en', `item "b" at items[0].body.en: the link to "DATA:x" is not allowed: ${JS}; its text shows without a link`],
      ['items[0].body["zh-CN"]', expect.stringContaining('the link to "/\\\\evil.example" is not allowed: browsers read "\\" as "/"')],
    ]);
  });

  it('checks the bodies of tour steps and tasks; trims spaces around the address; skips addresses with a space inside', () => {
    const m = manifest([
      { id: 't', type: 'tour', steps: [{ body: 'x' }, { body: '[a](  javascript:x  )' }] },
      { id: 'c', type: 'checklist', tasks: [{ id: 'k', title: 'x', body: '[a](javascript:x "title") [b](https:evil)' }] },
    ]);
    expect(summary(m)).toEqual([['unsafe-link', 'items[0].steps[1].body', 't'], ['unsafe-link', 'items[1].tasks[0].body', 'c']]);
  });

  it('finds links as the renderer does: one in a code span is code, not a link, and loses nothing', () => {
    expect(summary(manifest([{ id: 'b', type: 'banner', body: '`[a](javascript:x)`' }]))).toEqual([]);
  });

  it('reports the first ten unsafe links of a text, then how many more', () => {
    const body = Array.from({ length: 25 }, (_, i) => `[l${i}](javascript:${i})`).join(' ');
    const problems = checkCompiled(manifest([{ id: 'b', type: 'banner', body }])).problems;
    expect(problems).toHaveLength(11);
    expect(problems[0].message).toContain('"javascript:0"');
    expect(problems[10].message).toContain('15 more links are not allowed');
  });

  it('an unclosed link or a lone "](" is not a link', () => {
    expect(summary(manifest([{ id: 'b', type: 'banner', body: '[a](javascript:x ](data:y' }]))).toEqual([]);
  });
});

describe('patterns in conditions', () => {
  const when = { a: { $regex: '(a+)+$' }, $or: [{ b: { $regexi: '^[A-Z]+[a-z]+[A-Z]+!' } }, { c: { $regex: '^ok$' } }], d: { $regex: 5 } };

  it('with the check given: every unsafe $regex and $regexi, anywhere, with the flag taken into account', () => {
    const problems = checkCompiled(manifest([{ id: 'b', type: 'banner', body: 'x', when }]), regexProblem).problems;
    expect(problems.map((p) => [p.code, p.path, p.itemId])).toEqual([
      ['unsafe-regex', 'items[0].when.$or[0].b.$regexi', 'b'],
      ['unsafe-regex', 'items[0].when.a.$regex', 'b'],
    ]);
    expect(problems[1].message).toBe('item "b" at items[0].when.a.$regex: regular expression "(a+)+$" is not allowed (nested; "guidepost validate" says why); it never matches');
    expect(problems[0].message).toContain('(overlap;');
  });

  it('without the check (no pattern in the manifest loaded it): nothing is reported', () => {
    expect(summary(manifest([{ id: 'b', type: 'banner', body: 'x', when }]))).toEqual([]);
  });
});

describe('experiments', () => {
  it('conditions, and overrides judged by the type of the item they change, are named by the experiment', () => {
    const m = manifest([{ id: 'h', type: 'helpLink', url: '/help' }, { id: 'b', type: 'banner', body: 'x' }], {
      experiments: [{ key: 'e', when: { x: { $regex: '(.)\\1' } }, variations: [{ key: 'a' }, { key: 'b', overrides: { h: { url: 'javascript:x' }, b: { url: 'javascript:x', body: '[a](data:x)' } } }] }],
    });
    const problems = checkCompiled(m, regexProblem).problems;
    expect(problems.map((p) => [p.code, p.path, p.itemId])).toEqual([
      ['unsafe-regex', 'experiments[0].when.x.$regex', undefined],
      ['unsafe-url', 'experiments[0].variations[1].overrides.h.url', undefined],
      ['unsafe-link', 'experiments[0].variations[1].overrides.b.body', undefined],
    ]);
    expect(problems[1].message).toBe(`experiment "e" at experiments[0].variations[1].overrides.h.url: URL "javascript:x" is not allowed: ${JS}; it is left out`);
  });
});

describe('theme values', () => {
  const settings = { caps: { perPageView: 1 }, theme: { accent: 'red;} body{x:y', radius: '4px', background: 'url(//evil.example/p.png)', colorScheme: 'dark', font: 'x'.repeat(201) } };

  it('takes out only the hazardous CSS values, reports each, and leaves the input as it was', () => {
    const input = manifest([{ id: 'b', type: 'banner', body: 'x' }], { settings: structuredClone(settings) });
    const { manifest: out, problems } = checkCompiled(input);
    expect(out.settings?.theme).toEqual({ radius: '4px', colorScheme: 'dark' });
    expect(out.settings?.caps).toEqual({ perPageView: 1 });
    expect(input.settings).toEqual(settings);
    expect(problems.map((p) => [p.code, p.path, p.message])).toEqual([
      ['unsafe-theme-value', 'settings.theme.accent', 'settings.theme.accent: "red;} body{x:y" is not allowed: ";" is not allowed; it is ignored'],
      ['unsafe-theme-value', 'settings.theme.background', 'settings.theme.background: "url(//evil.example/p.png)" is not allowed: the only functions allowed are rgb(), rgba(), hsl() and hsla(); it is ignored'],
      ['unsafe-theme-value', 'settings.theme.font', expect.stringMatching(/^settings\.theme\.font: "x+\.\.\. is not allowed: at most 200 characters; it is ignored$/)],
    ]);
    expect(problems.every((p) => p.severity === 'warning' && p.itemId === undefined)).toBe(true);
  });
});

describe('what is kept', () => {
  it('returns the same manifest when nothing is taken out, problems or not; items are never changed', () => {
    const input = manifest([{ id: 'h', type: 'helpLink', url: 'javascript:x' }], { settings: { theme: { accent: '#fff' } } });
    const result = checkCompiled(input);
    expect(result.manifest).toBe(input);
    expect(result.problems).toHaveLength(1);
    const themed = manifest([{ id: 'h', type: 'helpLink', url: 'javascript:x' }], { settings: { theme: { accent: 'url(x)' } } });
    expect(checkCompiled(themed).manifest.items).toBe(themed.items);
  });

  it('a manifest without problems has none', () => {
    expect(checkCompiled(manifest([{ id: 'b', type: 'banner', body: '[a](/x) [b](mailto:a@b.test)', buttons: [{ label: 'x', action: 'url', url: 'https://x.test' }] }]), regexProblem).problems).toEqual([]);
  });
});

// The links are found by the renderer's parser, linear in the text's length: with many "]("
// and one ")" at the end (150 KB of "](a" once took 13 s), no URL is judged at all (none of them
// is a link), and a long run of real links judges each address once.
describe('the link scan on hostile bodies', () => {
  it('judges about as many characters as the body has, not its length squared', () => {
    const body = `${'](a'.repeat(2_000)})`;
    checkCompiled(manifest([{ id: 'b', type: 'banner', body }]));
    expect(judged.chars).toBeLessThanOrEqual(body.length);
    const links = '[x](javascript:a)'.repeat(2_000);
    checkCompiled(manifest([{ id: 'b', type: 'banner', body: links }]));
    expect(judged.chars).toBeLessThanOrEqual(links.length);
  });
});

// The renderer's parser reads "[a](<javascript:x>)" as a link to "javascript:x" and refuses it:
// reported as any other unsafe link.
describe('links written with <…> destinations', () => {
  it.each(['[a](<javascript:alert(1)>)', '[a](<data:text/html,x>)', '[a](<\\\\evil.example>)'])('%s', (body) => {
    expect(summary(manifest([{ id: 'b', type: 'banner', body }]))).toEqual([['unsafe-link', 'items[0].body', 'b']]);
  });
});
