/**
 * `guidepost check` without a browser: which routes it opens for which targets, usage and
 * set-up errors (exit 2), an invalid manifest (exit 1 before any browser starts) and the
 * text report of a manifest that needs no browser. The browser half is in
 * test/cli/check.browser.test.ts.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { anchorHint, checkCommand, formatReport, routeUrl, type CheckReport, type TargetReport } from '../../src/cli/check';
import { planCheck, routesOfCondition } from '../../src/cli/check-plan';
import { findChromium, PLAYWRIGHT_HINT } from '../../src/cli/check-browser';
import { validateManifest } from '../../src/manifest/validate';
import { MAX_FILE_DEPTH } from '../../src/cli/read-json-text';

const ROOT = resolve(__dirname, '../..');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-check-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', ...argv], (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function write(name: string, manifest: unknown): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, typeof manifest === 'string' ? manifest : JSON.stringify(manifest, null, 2));
  return file;
}

const envelope = (items: unknown[]) => ({ schemaVersion: 1, revision: 'r1', items });
/** A valid tooltip (it needs a text) with the given fields. */
const tip = (fields: Record<string, unknown>) => ({ type: 'tooltip', title: 'Tip', ...fields });

describe('check plan', () => {
  it('derives routes from page.path conditions, step routes and advanceOn.route', async () => {
    const json = JSON.parse(await readFile(join(ROOT, 'demo/manifest.json'), 'utf8'));
    const { manifest, itemIndexes } = validateManifest(json);
    const plan = planCheck(manifest!, itemIndexes);
    expect(plan.routes).toEqual(['/reports', '/board', '/', '/settings']);
    const routes = Object.fromEntries(plan.targets.map((t) => [`${t.itemId}${t.step === undefined ? '' : `#${t.step}`}`, t.target ? t.routes : 'none']));
    expect(routes).toEqual({
      'trial-banner': 'none',
      'reports-help': ['/reports'],
      'board-help': ['/board'],
      'new-project-tip': ['/'],
      'week-start-hotspot': ['/settings'],
      'welcome-tour#0': ['/'],
      'welcome-tour#1': ['/'], // no route of its own: where step 0 was
      'welcome-tour#2': ['/board'],
      'welcome-tour#3': 'none', // centered
      'getting-started': 'none',
    });
    const step = plan.targets.find((t) => t.itemId === 'welcome-tour' && t.step === 2)!;
    expect(step).toMatchObject({ path: 'items[5].steps[2].target', selectors: ['[data-help="add-task"]'], kinds: ['anchor'] });
  });

  it('checks unscoped targets on "/" and every other visited route', () => {
    const { manifest, itemIndexes, problems } = validateManifest(envelope([
      tip({ id: 'a', target: { selector: '#a', anchor: 'a', fallbacks: ['.a'] } }),
      tip({ id: 'b', target: '#b', when: { 'page.path': { $in: ['/x', '/y'] } } }),
      tip({ id: 'c', target: '#c', when: { 'page.path': { $regex: '^/z' } } }),
      { id: 't', type: 'tour', when: { 'page.path': '/t' }, steps: [{ target: '#t0' }, { target: '#t1', advanceOn: { route: '/u' } }, { target: '#t2' }] },
    ]));
    expect(problems).toEqual([]);
    const plan = planCheck(manifest!, itemIndexes, ['/extra']);
    expect(plan.routes).toEqual(['/', '/x', '/y', '/t', '/u', '/extra']);
    const [a, b, c, t0, t1, t2] = plan.targets;
    expect(a).toMatchObject({ scope: 'any', routes: plan.routes, selectors: ['#a', '[data-help="a"]', '.a'], kinds: ['selector', 'anchor', 'fallback'] });
    expect(b).toMatchObject({ scope: 'route', routes: ['/x', '/y'] });
    expect(c).toMatchObject({ scope: 'any', routeSource: expect.stringContaining('not a plain path') });
    expect([t0.routes, t1.routes, t2.routes]).toEqual([['/t'], ['/t'], ['/u']]);
  });

  it('reads page.path as a string, $eq or a $in list of strings, and nothing else', () => {
    expect(routesOfCondition(undefined).routes).toEqual([]);
    expect(routesOfCondition({ 'page.path': '/a' }).routes).toEqual(['/a']);
    expect(routesOfCondition({ 'page.path': { $eq: '/a' } }).routes).toEqual(['/a']);
    expect(routesOfCondition({ 'page.path': { $in: ['/a', '/b'] } }).routes).toEqual(['/a', '/b']);
    expect(routesOfCondition({ 'page.path': { $ne: '/a' } })).toMatchObject({ routes: [], note: expect.any(String) });
  });

  it('opens routes on the app origin and keeps the query of --url', () => {
    expect(routeUrl(new URL('http://127.0.0.1:4173/?guidepost_force=x:y'), '/board')).toBe('http://127.0.0.1:4173/board?guidepost_force=x:y');
    expect(routeUrl(new URL('http://127.0.0.1:4173/app/'), '/board?tab=2')).toBe('http://127.0.0.1:4173/board?tab=2');
  });
});

describe('check command', () => {
  it('refuses bad usage with exit code 2 and the usage line', async () => {
    const file = await write('ok.json', envelope([]));
    for (const argv of [[file], [], [file, 'other.json', '--url', 'http://x/'], [file, '--url', 'not a url'], [file, '--url', 'ftp://x/'], [file, '--url', 'http://x/', '--timeout', 'soon'], [file, '--url', 'http://x/', '--routes', 'board'], [file, '--url', 'http://x/', '--bogus']]) {
      const { code, err } = await run(...argv);
      expect(code, argv.join(' ')).toBe(2);
      expect(err).toContain('usage: guidepost check <manifest.json> --url');
    }
  });

  it('reports an invalid manifest like validate and exits 1 without starting a browser', async () => {
    const file = await write('invalid.json', '{\n  "schemaVersion": 1,\n  "revision": "r",\n  "items": [{ "id": "x", "type": "tooltip", "target": "#x", "placement": "up" }]\n}\n');
    const importPlaywright = () => Promise.reject(new Error('must not be loaded'));
    const out: string[] = [];
    const code = await checkCommand([file, '--url', 'http://127.0.0.1:1/'], (l) => out.push(l), () => {}, { importPlaywright });
    expect(code).toBe(1);
    expect(out[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: error: .*placement`));
    expect(out.at(-1)).toContain('invalid manifest');
  });

  it('prints an install hint and exits 2 when playwright-core is missing', async () => {
    const file = await write('targets.json', envelope([tip({ id: 'a', target: '#a' })]));
    const missing = Object.assign(new Error("Cannot find package 'playwright-core' imported from /x/dist/cli.js"), { code: 'ERR_MODULE_NOT_FOUND' });
    const err: string[] = [];
    const code = await checkCommand([file, '--url', 'http://127.0.0.1:1/'], () => {}, (l) => err.push(l), { importPlaywright: () => Promise.reject(missing) });
    expect(code).toBe(2);
    expect(err.join('\n')).toContain(PLAYWRIGHT_HINT);
    expect(err.join('\n')).toContain('npm install --save-dev playwright-core');
  });

  it('names every way to provide Chromium when none is found (exit 2)', async () => {
    expect(() => findChromium(undefined, {}, () => false)).toThrow(/apt-get install -y chromium.*--chromium <path>.*CHROMIUM_PATH/s);
    expect(() => findChromium(undefined, { CHROMIUM_PATH: '/nope' }, () => false)).toThrow('CHROMIUM_PATH=/nope: no such file');
    expect(findChromium(undefined, { CHROMIUM_PATH: '/env' }, () => true)).toBe('/env');
    expect(findChromium('/flag', { CHROMIUM_PATH: '/env' }, () => true)).toBe('/flag');
    const file = await write('targets2.json', envelope([tip({ id: 'a', target: '#a' })]));
    const { code, err } = await run(file, '--url', 'http://127.0.0.1:1/', '--chromium', join(dir, 'no-chromium-here'));
    expect(code).toBe(2);
    expect(err).toContain('--chromium');
  });

  it('needs no browser for a manifest without targets, and says why each item needs none', async () => {
    const file = await write('untargeted.json', envelope([
      { id: 'banner', type: 'banner', title: 'Hi' },
      { id: 'list', type: 'checklist', tasks: [{ id: 't', title: 'Do it' }] },
      { id: 'tour', type: 'tour', steps: [{ title: 'Centered', placement: 'center' }] },
    ]));
    const { code, out } = await run(file, '--url', 'http://127.0.0.1:1/');
    expect(code).toBe(0);
    expect(out).toContain('banner (banner): no target needed (top banners are not anchored)');
    expect(out).toContain('list (checklist): no target needed (checklists have their own launcher)');
    expect(out).toContain('  steps[0] no target needed (a centered step)');
    expect(out).toContain('0 targets checked: 0 ok, 0 with warnings, 0 broken; 3 need no target.');
  });
});

describe('check: a file that cannot be read as JSON text', () => {
  // Reported as validate reports them, before any browser starts; they used to pass (not UTF-8)
  // or end in "Maximum call stack size exceeded" (nested 20,000 levels).
  const importPlaywright = () => Promise.reject(new Error('must not be loaded'));
  async function check(file: string) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await checkCommand([file, '--url', 'http://127.0.0.1:1/'], (l) => out.push(l), (l) => err.push(l), { importPlaywright });
    return { code, out, err };
  }

  it('not UTF-8: exit 1 with the line:column of the first bad byte and how to fix it', async () => {
    const before = '{"schemaVersion": 1, "revision": "r",\n "items": [{"id": "x", "type": "banner", "body": "Caf';
    const file = join(dir, 'latin1.json');
    await writeFile(file, Buffer.concat([Buffer.from(before), Buffer.from([0xe9]), Buffer.from('"}]}')]));
    const { code, out, err } = await check(file);
    expect(err).toEqual([]);
    expect(code).toBe(1);
    expect(out[0]).toBe(`${file}:2:${before.length - before.indexOf('\n')}: error: not UTF-8: the byte 0xE9 here is not valid UTF-8 (the file was probably saved in a legacy encoding such as Windows-1252 or Windows-1251); save the file as UTF-8`);
    expect(out.at(-1)).toContain('invalid manifest');
  });

  it('nested too deep: exit 1 with the position of the first bracket too deep', async () => {
    const head = '{"schemaVersion": 1, "revision": "r", "items": [{"id": "x", "type": "banner", "body": "b", "when": ';
    const file = await write('deep.json', `${head}${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}}]}`);
    const { code, out, err } = await check(file);
    expect(err).toEqual([]);
    expect(code).toBe(1);
    // The manifest, its items and the item are 3 levels: the when's bracket number MAX_FILE_DEPTH - 2 is one too many.
    expect(out[0]).toMatch(new RegExp(`^.*:1:${head.length + 5 * (MAX_FILE_DEPTH - 3) + 1}: error: nested deeper than ${MAX_FILE_DEPTH} levels of objects and arrays`));
    expect(out.at(-1)).toContain('invalid manifest');
  });
});

describe('a broken data-help anchor gets a "did you mean"', () => {
  it('names the nearest data-help value on the page', () => {
    expect(anchorHint({ target: { anchor: 'new-projet' } }, { helpValues: ['nav-board', 'new-project'] })).toBe(' — did you mean the anchor "new-project" ([data-help="new-project"] is on this page)?');
  });

  it('suggests a value sharing a word; lists the values when none is near and they are few; says nothing when there are many, or for selectors', () => {
    expect(anchorHint({ target: { anchor: 'weekstart-select' } }, { helpValues: ['nav-board', 'week-start'] })).toBe(' (data-help values on this page: nav-board, week-start)');
    // A rename, not a typo: the value sharing a word.
    expect(anchorHint({ target: { anchor: 'create-project' } }, { helpValues: ['nav-projects', 'nav-board', 'new-project'] })).toBe(' — did you mean the anchor "new-project" ([data-help="new-project"] is on this page)?');
    expect(anchorHint({ target: { anchor: 'zzz' } }, { helpValues: Array.from({ length: 20 }, (_, i) => `value-${i}`) })).toBe('');
    expect(anchorHint({ target: '#save' }, { helpValues: ['save'] })).toBe('');
    expect(anchorHint({ target: { anchor: 'save' } }, {})).toBe('');
  });
  // An item with no page condition (scope "any") missing on every route: one line, which carries the hint too.
  const unscoped = (routes: CheckReport['routes'], target: TargetReport['target'] = { anchor: 'new-projet' }): CheckReport => {
    const selector = `[data-help="${typeof target === 'object' ? target.anchor : target}"]`;
    const missing: TargetReport = {
      path: 'items[0].target', line: 3, column: 9, status: 'broken', target, selectors: [selector], scope: 'any', routeSource: 'none (no page condition)',
      results: routes.map((v) => ({ route: v.route, status: 'broken' as const, matches: 0, messages: [{ severity: 'error' as const, code: 'no-match', message: `no element matches ${selector}${anchorHint({ target }, v)}` }] })),
    };
    return {
      manifest: 'm.json', url: 'http://x/', ok: false, routes, summary: { targets: 1, ok: 0, warnings: 0, broken: 1, noTarget: 0 },
      items: [{ id: 'tip', type: 'tooltip', status: 'broken', targets: [missing] }],
    };
  };
  const visit = (route: string, helpValues: string[]) => ({ route, url: `http://x${route}`, pageErrors: [], helpValues });

  it('in the text report of an item with no page condition, as in --json', () => {
    const lines = formatReport(unscoped([visit('/', ['new-project', 'export'])]));
    expect(lines).toContain('  m.json:3:9: error: no element matches [data-help="new-projet"] on any visited route (/) — did you mean the anchor "new-project" ([data-help="new-project"] is on this page)?');
  });

  it('once when every route gives the same hint, per route when they differ, and none for a selector', () => {
    const same = formatReport(unscoped([visit('/', ['new-project']), visit('/b', ['new-project'])])).join('\n');
    expect(same.match(/did you mean/g)).toHaveLength(1);
    const differ = formatReport(unscoped([visit('/', ['new-project']), visit('/b', ['nav-board', 'export'])])).join('\n');
    expect(differ).toContain('on any visited route (/, /b); on / — did you mean the anchor "new-project" ([data-help="new-project"] is on this page)?; on /b (data-help values on this page: nav-board, export)');
    const selector = formatReport(unscoped([visit('/', ['save'])], '#save')).join('\n');
    expect(selector).toContain('no element matches [data-help="#save"] on any visited route (/)\n');
  });
});
