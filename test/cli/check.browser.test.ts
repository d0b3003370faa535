/**
 * `guidepost check` end to end through `main()`, in real Chromium: the demo manifest's
 * anchors all resolve against the demo app (the CI gate for the demo itself), a copy with
 * renamed targets is reported exactly, and a lab page tells apart hidden, covered, shadow
 * DOM and iframe targets. `check` launches its own Chromium (from CHROMIUM_PATH or Debian's).
 */
import { join } from 'node:path';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';
import { startServer, type RunningServer } from '../../src/cli/serve';
import { formatReport, type CheckReport, type TargetReport } from '../../src/cli/check';
import { PROJECT_ROOT, chromiumPath, serveForTest } from '../support/browser-harness';

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/check');
let demo: Awaited<ReturnType<typeof serveForTest>>;
let lab: RunningServer;

beforeAll(async () => {
  // Fails loudly (with the install hint) rather than letting check report exit code 2.
  chromiumPath();
  demo = await serveForTest();
  lab = await startServer({ port: 0, host: '127.0.0.1', root: join(FIXTURES, 'lab'), dataDir: await mkdtemp(join(tmpdir(), 'guidepost-check-')) });
});
afterAll(async () => {
  await demo?.close();
  await lab?.close();
});

async function check(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['check', ...argv], (line) => out.push(line), (line) => err.push(line));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function checkJson(...argv: string[]): Promise<{ code: number; report: CheckReport }> {
  const { code, out, err } = await check(...argv, '--json');
  expect(err).toBe('');
  return { code, report: JSON.parse(out) as CheckReport };
}

/** Every checked target, labelled "item" or "item steps[n]". */
function targets(report: CheckReport): Map<string, TargetReport> {
  const all = new Map<string, TargetReport>();
  for (const item of report.items) for (const t of item.targets) all.set(t.step === undefined ? item.id : `${item.id} steps[${t.step}]`, t);
  return all;
}

const codesOf = (t: TargetReport | undefined) => (t?.results ?? []).flatMap((r) => r.messages.map((m) => m.code));

describe('guidepost check', () => {
  it('finds every anchor of the demo manifest in the demo app (exit 0)', async () => {
    const { code, report } = await checkJson(join(PROJECT_ROOT, 'demo/manifest.json'), '--url', demo.url);
    const problems = [...targets(report)].filter(([, t]) => t.status !== 'ok' && t.status !== 'no-target').map(([label, t]) => `${label}: ${JSON.stringify(t.results)}`);
    expect(problems).toEqual([]);
    expect(code).toBe(0);
    expect(report.ok).toBe(true);
    expect(report.routes.map((r) => r.route).sort()).toEqual(['/', '/board', '/reports', '/settings']);
    expect(report.routes.every((r) => !r.error && r.status === 200)).toBe(true);
    // Each scoped target is checked on the page its item or step lives on.
    const all = targets(report);
    expect(all.get('week-start-hotspot')?.results.map((r) => r.route)).toEqual(['/settings']);
    expect(all.get('welcome-tour steps[1]')).toMatchObject({ routeSource: 'inherited from steps[0]', results: [{ route: '/', matchedBy: 'anchor', visible: true }] });
    expect(all.get('welcome-tour steps[3]')).toMatchObject({ status: 'no-target' });
    expect(all.get('trial-banner')).toMatchObject({ status: 'no-target' });
    expect(report.summary).toMatchObject({ targets: 7, ok: 7, broken: 0, warnings: 0 });
  });

  it('reports exactly the broken anchors of a manifest whose targets were renamed (exit 1)', async () => {
    const file = join(FIXTURES, 'broken.json');
    const { code, report } = await checkJson(file, '--url', demo.url);
    expect(code).toBe(1);
    const all = targets(report);
    const byStatus = (status: string) => [...all].filter(([, t]) => t.status === status).map(([label]) => label).sort();
    expect(byStatus('broken')).toEqual(['new-project-tip', 'week-start-hotspot', 'welcome-tour steps[2]']);
    expect(byStatus('warning')).toEqual(['board-help', 'reports-help']);
    expect(codesOf(all.get('new-project-tip'))).toEqual(['no-match']);
    expect(codesOf(all.get('board-help'))).toEqual(['primary-selector-broke']);
    expect(all.get('board-help')?.results[0]).toMatchObject({ route: '/board', matchedBy: 'fallback', fallback: 0, selector: '#board-title' });
    expect(codesOf(all.get('reports-help'))).toEqual(['multiple-matches']);
    expect(all.get('reports-help')?.results[0]).toMatchObject({ matches: 3, matchedBy: 'selector' });

    // The human report (what `check` prints without --json) points at the target in the file, grouped by item.
    const out = formatReport(report).join('\n');
    expect(out).toContain(`${file}:${all.get('new-project-tip')!.line}:${all.get('new-project-tip')!.column}: error: on /: no element matches [data-help="create-project"]`);
    expect(out).toMatch(/welcome-tour \(tour\): BROKEN\n(.*\n)*.*error: steps\[2\] on \/board: no element matches \[data-help="add-item"\]/);
    expect(out).toContain('warning: on /board: primary selector broke: #board-heading matches nothing; the SDK uses fallback 1 (#board-title)');
    expect(out).toContain('7 targets checked: 2 ok, 2 with warnings, 3 broken; 3 need no target.');
  });

  it('tells hidden, covered, shadow DOM and iframe targets apart', async () => {
    const { code, report } = await checkJson(join(FIXTURES, 'lab.json'), '--url', lab.url, '--routes', '/other');
    expect(code).toBe(1);
    const all = targets(report);
    const first = (id: string) => all.get(id)!.results[0];
    expect(all.get('ok')).toMatchObject({ status: 'ok' });
    expect(first('ok')).toMatchObject({ visible: true, covered: false, matches: 1 });
    expect(first('gone')).toMatchObject({ visible: false, hiddenReason: 'display:none' });
    expect(first('ghost')).toMatchObject({ visible: false, hiddenReason: 'visibility:hidden' });
    expect(first('empty').hiddenReason).toMatch(/no size/);
    expect(first('away').hiddenReason).toMatch(/outside the document/);
    for (const id of ['gone', 'ghost', 'empty', 'away']) expect(codesOf(all.get(id)), id).toEqual(['hidden']);
    expect(all.get('many')).toMatchObject({ status: 'warning' });
    expect(first('many')).toMatchObject({ matches: 3, element: 'button.many' });
    expect(all.get('under')).toMatchObject({ status: 'warning' });
    expect(first('under')).toMatchObject({ visible: true, covered: true, coveredBy: 'div#overlay' });
    expect(first('under-own')).toMatchObject({ covered: false }); // Guidepost's own host is ignored
    expect(first('in-open')).toMatchObject({ matches: 1, inShadowRoot: true, visible: true, covered: false });
    expect(codesOf(all.get('in-closed'))).toEqual(['no-match']);
    expect(codesOf(all.get('in-frame'))).toEqual(['no-match']);
    expect(all.get('late')).toMatchObject({ status: 'ok' });
    // Unscoped: checked on "/" and on --routes; missing on /other is fine while "/" has it.
    expect(all.get('home-only')).toMatchObject({ status: 'ok', scope: 'any', missingOn: ['/other'] });
    expect(all.get('home-only')!.results.map((r) => r.route)).toEqual(['/', '/other']);
    expect(all.get('ok')!.results.map((r) => r.route)).toEqual(['/']);
  });
});
