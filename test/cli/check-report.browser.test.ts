/**
 * src/cli/check-report.ts declares only the shapes `guidepost check --json` prints. Here real
 * reports (the lab fixture, which has every kind of result, and the demo with a broken copy of
 * its manifest, through `main()` in Chromium) are checked at run time with strict schemas that
 * mirror each interface (no key missing or extra, the documented unions and message codes), and
 * the schemas against the interfaces at compile time, so neither side can drift; and for what the
 * types promise together: the summary counts the targets, `ok` means nothing is broken, an item
 * is as bad as its worst target, a route result's status follows its messages.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as v from 'valibot';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type * as T from '../../src/cli/check-report';
import type { RouteVisit } from '../../src/cli/check-browser';
import { main } from '../../src/cli/index';
import { startServer, type RunningServer } from '../../src/cli/serve';
import type { Target } from '../../src/manifest/schema';
import { chromiumPath, PROJECT_ROOT, serveForTest } from '../support/browser-harness';

const num = v.number();
const str = v.string();
const status = v.picklist(['ok', 'warning', 'broken']);
const CODES = ['no-match', 'hidden', 'page-failed', 'primary-selector-broke', 'multiple-matches', 'covered', 'invalid-selector'];
const MessageSchema = v.strictObject({
  severity: v.picklist(['error', 'warning']),
  // Typed as a string; its documented values are these.
  code: v.pipe(str, v.check((code) => CODES.includes(code), 'a documented message code')),
  message: str,
});
const RouteResultSchema = v.strictObject({
  route: str, status, matches: num, selector: v.optional(str), matchedBy: v.optional(v.picklist(['selector', 'anchor', 'fallback'])), fallback: v.optional(num),
  element: v.optional(str), inShadowRoot: v.optional(v.boolean()), visible: v.optional(v.boolean()), hiddenReason: v.optional(str), covered: v.optional(v.boolean()), coveredBy: v.optional(str),
  box: v.optional(v.strictObject({ x: num, y: num, width: num, height: num })), messages: v.array(MessageSchema),
});
const TargetReportSchema = v.strictObject({
  step: v.optional(num), stepId: v.optional(str), path: str, line: num, column: num, status: v.picklist(['ok', 'warning', 'broken', 'no-target']), noTargetReason: v.optional(str),
  target: v.optional(v.custom<Target>((value) => typeof value === 'string' || (typeof value === 'object' && value !== null && !Array.isArray(value)))),
  selectors: v.optional(v.array(str)), scope: v.optional(v.picklist(['route', 'any'])), routeSource: v.optional(str), results: v.array(RouteResultSchema), missingOn: v.optional(v.array(str)),
});
const ItemReportSchema = v.strictObject({ id: str, type: str, status: v.picklist(['ok', 'warning', 'broken', 'no-target']), targets: v.array(TargetReportSchema) });
const RouteSchema = v.strictObject({
  route: str, url: str, status: v.optional(num), error: v.optional(str), settled: v.optional(v.picklist(['targets', 'network-idle', 'timeout'])),
  helpValues: v.optional(v.array(str)), pageErrors: v.array(str),
});
const CheckReportSchema = v.strictObject({
  manifest: str, url: str, ok: v.boolean(), routes: v.array(RouteSchema),
  summary: v.strictObject({ targets: num, ok: num, warnings: num, broken: num, noTarget: num }), items: v.array(ItemReportSchema),
});

const FIXTURES = join(PROJECT_ROOT, 'test/fixtures/check');
let demo: Awaited<ReturnType<typeof serveForTest>>;
let lab: RunningServer;
const reports: Record<'lab' | 'broken', T.CheckReport> = {} as never;

async function checkJson(...argv: string[]): Promise<T.CheckReport> {
  const out: string[] = [];
  const err: string[] = [];
  await main(['check', ...argv, '--json'], (line) => out.push(line), (line) => err.push(line));
  expect(err).toEqual([]);
  return JSON.parse(out.join('\n')) as T.CheckReport;
}

beforeAll(async () => {
  chromiumPath();
  demo = await serveForTest();
  lab = await startServer({ port: 0, host: '127.0.0.1', root: join(FIXTURES, 'lab'), dataDir: await mkdtemp(join(tmpdir(), 'guidepost-check-report-')) });
  reports.lab = await checkJson(join(FIXTURES, 'lab.json'), '--url', lab.url, '--routes', '/other');
  reports.broken = await checkJson(join(FIXTURES, 'broken.json'), '--url', demo.url);
}, 120_000);
afterAll(async () => {
  await demo?.close();
  await lab?.close();
});

const RANK = { ok: 0, warning: 1, broken: 2 } as const;

describe('the schemas mirror the declared types', () => {
  it('each schema infers exactly its interface', () => {
    expectTypeOf<v.InferOutput<typeof MessageSchema>>().toEqualTypeOf<T.Message>();
    expectTypeOf<v.InferOutput<typeof RouteResultSchema>>().toEqualTypeOf<T.RouteResult>();
    expectTypeOf<v.InferOutput<typeof TargetReportSchema>>().toEqualTypeOf<T.TargetReport>();
    expectTypeOf<v.InferOutput<typeof ItemReportSchema>>().toEqualTypeOf<T.ItemReport>();
    expectTypeOf<v.InferOutput<typeof RouteSchema>>().toEqualTypeOf<Omit<RouteVisit, 'results'>>();
    expectTypeOf<v.InferOutput<typeof CheckReportSchema>>().toEqualTypeOf<T.CheckReport>();
    expectTypeOf<T.Status>().toEqualTypeOf<'ok' | 'warning' | 'broken'>();
  });
});

describe.each(['lab', 'broken'] as const)('a real report (%s)', (name) => {
  it('matches the strict schema', () => {
    const result = v.safeParse(CheckReportSchema, reports[name]);
    expect(result.issues?.map((issue) => `${v.getDotPath(issue)}: ${issue.message}`) ?? []).toEqual([]);
  });

  it('its summary counts its targets, and ok means none is broken', () => {
    const report = reports[name];
    const targets = report.items.flatMap((item) => item.targets);
    const count = (s: string) => targets.filter((t) => t.status === s).length;
    expect(report.summary).toEqual({ targets: targets.length - count('no-target'), ok: count('ok'), warnings: count('warning'), broken: count('broken'), noTarget: count('no-target') });
    expect(report.ok).toBe(report.summary.broken === 0);
    expect(report.ok).toBe(false);
  });

  it('an item is as bad as its worst target; one without targets to check needs none', () => {
    for (const item of reports[name].items) {
      const statuses = item.targets.map((t) => t.status).filter((s): s is T.Status => s !== 'no-target');
      const worst = statuses.length ? statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : 'no-target';
      expect([item.id, item.status]).toEqual([item.id, worst]);
    }
  });

  it('a route result is broken with an error message, a warning with warnings only, ok without messages', () => {
    const results = reports[name].items.flatMap((item) => item.targets.flatMap((t) => t.results));
    expect(results.length).toBeGreaterThan(3);
    for (const r of results) {
      const expected = r.messages.some((m) => m.severity === 'error') ? 'broken' : r.messages.length ? 'warning' : 'ok';
      expect([r.route, r.status]).toEqual([r.route, expected]);
    }
  });

  it('a target with no-target says why and has no selectors; a checked one has its selectors and routes', () => {
    for (const t of reports[name].items.flatMap((item) => item.targets)) {
      if (t.status === 'no-target') {
        expect(t.noTargetReason).toEqual(expect.any(String));
        expect([t.target, t.selectors, t.results]).toEqual([undefined, undefined, []]);
      } else {
        expect(t.selectors!.length).toBeGreaterThan(0);
        expect(t.scope).toMatch(/^(route|any)$/);
        expect(t.line).toBeGreaterThan(0);
      }
    }
  });
});

describe('the lab report has every kind of result the types describe', () => {
  it('hidden, covered, shadow DOM, several matches, unscoped targets missing on a route', () => {
    const results = reports.lab.items.flatMap((item) => item.targets.flatMap((t) => t.results));
    const codes = new Set(results.flatMap((r) => r.messages.map((m) => m.code)));
    expect([...codes].sort()).toEqual(expect.arrayContaining(['hidden', 'multiple-matches', 'covered', 'no-match']));
    expect(results.some((r) => r.inShadowRoot === true)).toBe(true);
    expect(results.some((r) => r.covered === true && typeof r.coveredBy === 'string')).toBe(true);
    expect(reports.lab.items.some((item) => item.targets.some((t) => t.missingOn?.length))).toBe(true);
    expect(reports.lab.routes.every((r) => r.settled !== undefined && r.status === 200)).toBe(true);
  });

  it('the broken copy of the demo manifest has fallbacks, anchors and tour steps', () => {
    const targets = reports.broken.items.flatMap((item) => item.targets);
    expect(targets.some((t) => t.step !== undefined)).toBe(true);
    expect(targets.flatMap((t) => t.results).some((r) => r.matchedBy === 'fallback' && r.fallback === 0)).toBe(true);
    expect(reports.broken.routes.some((r) => r.helpValues && r.helpValues.length > 0)).toBe(true);
  });
});
