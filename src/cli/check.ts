/**
 * `guidepost check <manifest> --url <app> [--routes /a,/b] [--json] [--timeout ms] [--chromium path]`:
 * opens the app in headless Chromium and reports, for every item and tour step, whether its
 * target still resolves the way the SDK resolves it, which selector matched, and whether the
 * element is visible and not covered. Content writers learn that a release broke their
 * anchors before their users do. Exit codes: 0 every anchor resolves (warnings allowed),
 * 1 an anchor is broken or the manifest is invalid, 2 usage or set-up error.
 */
import { parseTree, type Node } from 'jsonc-parser';
import { nearestWord } from '../manifest/problems';
import { validateManifest } from '../manifest/validate';
import { parseArgs, UsageError } from './args';
import { checkSelectorSyntax } from './selector';
import { positionIn, validateFile } from './validate';
import { readJsonTextOrThrow } from './read-json-text';
import { planCheck, type PlannedTarget } from './check-plan';
import type { ProbeResult } from './check-page';
import { CheckSetupError, findChromium, launch, loadPlaywright, visitRoute, type Playwright, type RouteVisit } from './check-browser';

export const CHECK_USAGE = 'usage: guidepost check <manifest.json> --url <app URL> [--routes /a,/b] [--json] [--timeout ms] [--chromium <path>]';

const DEFAULT_TIMEOUT_MS = 10_000;
const PARALLEL_PAGES = 4;

export type { CheckReport, ItemReport, Message, RouteResult, Status, TargetReport } from './check-report';
import type { CheckReport, ItemReport, Message, RouteResult, Status, TargetReport } from './check-report';

export interface CheckDependencies {
  /** Replaces `import('playwright-core')` (tests of the missing-package hint). */
  importPlaywright?: () => Promise<Playwright>;
  env?: NodeJS.ProcessEnv;
}

export async function checkCommand(
  argv: string[],
  out: (line: string) => void,
  err: (line: string) => void,
  deps: CheckDependencies = {},
): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['url', 'routes', 'timeout', 'chromium'], ['json']);
  if (positional.length !== 1) throw new UsageError(positional.length ? 'check takes one manifest file' : 'check needs a manifest file');
  const file = positional[0];
  if (typeof flags.url !== 'string') throw new UsageError('check needs --url, the address of the running app, e.g. --url http://127.0.0.1:4173/');
  let base: URL;
  try {
    base = new URL(flags.url);
  } catch {
    throw new UsageError(`--url: "${flags.url}" is not a URL such as http://127.0.0.1:4173/`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new UsageError(`--url must be an http(s) URL, found ${base.protocol}`);
  const extraRoutes = typeof flags.routes === 'string' ? flags.routes.split(',').map((r) => r.trim()).filter(Boolean) : [];
  const badRoute = extraRoutes.find((r) => !r.startsWith('/'));
  if (badRoute !== undefined) throw new UsageError(`--routes: "${badRoute}" is not a path starting with "/"`);
  const timeout = flags.timeout === undefined ? DEFAULT_TIMEOUT_MS : Number(flags.timeout);
  if (!Number.isInteger(timeout) || timeout < 100) throw new UsageError(`--timeout must be a number of milliseconds (at least 100), found ${String(flags.timeout)}`);
  const json = flags.json === true;

  // 1. The same validation as `guidepost validate`: an invalid manifest is not checked.
  const validation = await validateFile(file, []);
  if (!validation.valid) {
    if (json) out(JSON.stringify({ manifest: file, url: base.href, ok: false, valid: false, problems: validation.problems }, null, 2));
    else {
      for (const p of validation.problems) out(`${file}:${p.line ?? 1}:${p.column ?? 1}: ${p.severity}: ${p.message}`);
      out(`${file}: invalid manifest; fix it (see "guidepost validate") before checking its anchors`);
    }
    return 1;
  }
  // Read as validate read it (strict UTF-8, bounded depth): the file may have changed since.
  const text = await readJsonTextOrThrow(file);
  const tree = parseTree(text, [], { allowTrailingComma: false, disallowComments: true })!;
  const { manifest, itemIndexes } = validateManifest(JSON.parse(text), { checkSelector: checkSelectorSyntax });
  const plan = planCheck(manifest!, itemIndexes, extraRoutes);

  // 2. The browser, only now: a manifest without targets needs none.
  const visits: RouteVisit[] = [];
  const toProbe = plan.targets.filter((t) => t.target);
  if (toProbe.length) {
    let browserClose: () => Promise<void> = async () => {};
    try {
      const playwright = await loadPlaywright(deps.importPlaywright);
      const executable = findChromium(typeof flags.chromium === 'string' ? flags.chromium : undefined, deps.env ?? process.env);
      const browser = await launch(playwright, executable, timeout);
      browserClose = () => browser.close();
      // A few pages at a time: most of a visit is waiting for the page to settle.
      const queue = [...plan.routes];
      const visitNext = async (): Promise<void> => {
        for (let route = queue.shift(); route !== undefined; route = queue.shift()) {
          const onRoute = toProbe.filter((t) => t.routes.includes(route!));
          visits.push(await visitRoute(browser, route, routeUrl(base, route), { targets: onRoute.map((t) => ({ selectors: t.selectors, frame: typeof t.target === 'object' ? t.target.frame : undefined })) }, timeout));
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL_PAGES, queue.length) }, visitNext));
      visits.sort((a, b) => plan.routes.indexOf(a.route) - plan.routes.indexOf(b.route));
    } catch (error) {
      if (error instanceof CheckSetupError) {
        err(`guidepost check: ${error.message}`);
        return 2;
      }
      throw error;
    } finally {
      await browserClose().catch(() => {});
    }
  }

  const report = buildReport(file, base.href, text, tree, plan.targets, visits);
  if (json) out(JSON.stringify(report, null, 2));
  else formatReport(report).forEach((line) => out(line));
  return report.ok ? 0 : 1;
}

/** `route` on the app's origin, keeping --url's query (e.g. a feature flag or a forced arm). */
export function routeUrl(base: URL, route: string): string {
  const url = new URL(route, base);
  if (!route.includes('?') && base.search) url.search = base.search;
  return url.href;
}

const RANK: Record<Status, number> = { ok: 0, warning: 1, broken: 2 };

function buildReport(file: string, url: string, text: string, tree: Node, planned: PlannedTarget[], visits: RouteVisit[]): CheckReport {
  const items: ItemReport[] = [];
  const toProbe = planned.filter((t) => t.target);
  for (const t of planned) {
    const { line, column } = positionIn(text, tree, t.segments);
    const report: TargetReport = {
      ...(t.step !== undefined ? { step: t.step } : {}),
      ...(t.stepId ? { stepId: t.stepId } : {}),
      path: t.path,
      line,
      column,
      status: 'no-target',
      ...(t.target ? { target: t.target, selectors: t.selectors, scope: t.scope, routeSource: t.routeSource } : { noTargetReason: t.noTargetReason }),
      results: [],
    };
    if (t.target) {
      for (const visit of visits) {
        if (!t.routes.includes(visit.route)) continue;
        const probeIndex = toProbe.filter((p) => p.routes.includes(visit.route)).indexOf(t);
        report.results.push(judge(t, visit, visit.results[probeIndex]));
      }
      report.status = aggregate(report);
    }
    let item = items.find((i) => i.id === t.itemId);
    if (!item) items.push((item = { id: t.itemId, type: t.itemType, status: 'no-target', targets: [] }));
    item.targets.push(report);
  }
  for (const item of items) {
    const statuses = item.targets.map((t) => t.status).filter((s): s is Status => s !== 'no-target');
    item.status = statuses.length ? statuses.reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) : 'no-target';
  }
  const all = items.flatMap((i) => i.targets);
  const summary = {
    targets: all.filter((t) => t.status !== 'no-target').length,
    ok: all.filter((t) => t.status === 'ok').length,
    warnings: all.filter((t) => t.status === 'warning').length,
    broken: all.filter((t) => t.status === 'broken').length,
    noTarget: all.filter((t) => t.status === 'no-target').length,
  };
  return {
    manifest: file,
    url,
    ok: summary.broken === 0,
    routes: visits.map(({ results: _results, ...visit }) => visit),
    summary,
    items,
  };
}

/** Scoped targets must work on each of their routes; unscoped ones on at least one. */
function aggregate(report: TargetReport): Status {
  const results = report.results;
  if (!results.length) return 'broken';
  if (report.scope === 'route') return results.reduce<Status>((worst, r) => (RANK[r.status] > RANK[worst] ? r.status : worst), 'ok');
  const working = results.filter((r) => r.status !== 'broken');
  if (working.length && working.length < results.length) report.missingOn = results.filter((r) => r.status === 'broken').map((r) => r.route);
  return results.reduce<Status>((best, r) => (RANK[r.status] < RANK[best] ? r.status : best), 'broken');
}

/** Turns what the probe saw on one route into a verdict with messages a writer can act on. */
function judge(t: PlannedTarget, visit: RouteVisit, probe: ProbeResult | undefined): RouteResult {
  const messages: Message[] = [];
  const result: RouteResult = { route: visit.route, status: 'ok', matches: 0, messages };
  const add = (severity: Message['severity'], code: string, message: string) => messages.push({ severity, code, message });
  if (visit.error || !probe) {
    add('error', 'page-failed', visit.error ?? 'the page could not be checked');
    result.status = 'broken';
    return result;
  }
  probe.counts.forEach((count, i) => {
    if (typeof count === 'string') add('warning', 'invalid-selector', `the browser refused the selector ${t.selectors[i]}: ${count}`);
  });
  if (probe.matched < 0) {
    add('error', 'no-match', `no element matches ${t.selectors.length > 1 ? `any of ${t.selectors.join(', ')}` : t.selectors[0]}${anchorHint(t, visit)}`);
    result.status = 'broken';
    return result;
  }
  const kind = t.kinds[probe.matched];
  const selector = t.selectors[probe.matched];
  Object.assign(result, {
    matches: probe.counts[probe.matched] as number,
    selector,
    matchedBy: kind,
    ...(kind === 'fallback' ? { fallback: t.kinds.slice(0, probe.matched).filter((k) => k === 'fallback').length } : {}),
    element: probe.element,
    ...(probe.inShadowRoot ? { inShadowRoot: true } : {}),
    visible: probe.visible,
    ...(probe.hiddenReason ? { hiddenReason: probe.hiddenReason } : {}),
    ...(probe.covered !== undefined ? { covered: probe.covered } : {}),
    ...(probe.coveredBy ? { coveredBy: probe.coveredBy } : {}),
    box: probe.box,
  });
  if (probe.matched > 0) {
    const broke = t.selectors.slice(0, probe.matched).join(', ');
    const via = kind === 'fallback' ? `fallback ${result.fallback! + 1} (${selector})` : `its anchor (${selector})`;
    add('warning', 'primary-selector-broke', `primary selector broke: ${broke} matches nothing; the SDK uses ${via}`);
  }
  if (result.matches > 1) add('warning', 'multiple-matches', `${selector} matches ${result.matches} elements; the SDK uses the first (${probe.element})`);
  if (!probe.visible) add('error', 'hidden', `${probe.element} matches but is not visible: ${probe.hiddenReason}`);
  else if (probe.covered) add('warning', 'covered', `${probe.element} is covered by ${probe.coveredBy} at its centre`);
  result.status = messages.some((m) => m.severity === 'error') ? 'broken' : messages.length ? 'warning' : 'ok';
  // Messages last, for readers of --json.
  const { messages: _messages, ...rest } = result;
  return { ...rest, messages };
}

/** For a missing anchor: ` — did you mean "x"?` among the page's `data-help` values, or the values when few. */
export function anchorHint(t: Pick<PlannedTarget, 'target'>, visit: Pick<RouteVisit, 'helpValues'>): string {
  const anchor = typeof t.target === 'object' ? t.target.anchor : undefined;
  const values = visit.helpValues ?? [];
  if (anchor === undefined || !values.length) return '';
  const near = nearestWord(anchor, values) ?? sharingWords(anchor, values);
  if (near) return ` — did you mean the anchor "${near}" ([data-help="${near}"] is on this page)?`;
  return values.length <= 8 ? ` (data-help values on this page: ${values.join(', ')})` : '';
}

/**
 * A renamed anchor is rarely a typo ("create-project" became "new-project"): the value sharing
 * the most words with it (split at "-", "_", ".", ":"), if any shares one.
 */
function sharingWords(anchor: string, values: readonly string[]): string | undefined {
  const words = (text: string) => text.toLowerCase().split(/[-_.:\s]+/).filter(Boolean);
  const mine = new Set(words(anchor));
  let best: string | undefined;
  let most = 0;
  for (const value of values) {
    const shared = words(value).filter((word) => mine.has(word)).length;
    if (shared > most) [best, most] = [value, shared];
  }
  return best;
}

/** The human-readable report, grouped by item; problem lines start with file:line:column. */
export function formatReport(report: CheckReport): string[] {
  const lines: string[] = [];
  const out = (line: string) => lines.push(line);
  out(`Checked ${report.manifest} against ${report.url} on ${report.routes.length} route${report.routes.length === 1 ? '' : 's'}: ${report.routes.map((r) => r.route).join(', ') || '(none needed)'}`);
  for (const visit of report.routes) {
    if (visit.error) out(`  ${visit.route}: ${visit.error}`);
    if (visit.settled === 'timeout') out(`  ${visit.route}: some targets had not appeared and the page was still loading when --timeout ran out; checked what was there`);
    for (const error of visit.pageErrors) out(`  ${visit.route}: the page threw: ${error}`);
  }
  out('');
  for (const item of report.items) {
    const label = item.status === 'no-target' ? 'no target needed' : item.status === 'broken' ? 'BROKEN' : item.status;
    const single = item.targets.length === 1 && item.targets[0].step === undefined ? item.targets[0] : undefined;
    out(`${item.id} (${item.type}): ${label}${single?.noTargetReason ? ` (${single.noTargetReason})` : ''}`);
    for (const target of item.targets) {
      const step = target.step !== undefined ? `steps[${target.step}]${target.stepId ? ` "${target.stepId}"` : ''} ` : '';
      if (target.status === 'no-target') {
        if (step) out(`  ${step}no target needed (${target.noTargetReason})`);
        continue;
      }
      const where = `${report.manifest}:${target.line}:${target.column}`;
      // Unscoped targets: show where they resolved; a miss elsewhere is expected.
      const shown = target.scope === 'any' && target.status !== 'broken' ? target.results.filter((r) => r.status !== 'broken') : target.results;
      if (target.scope === 'any' && target.status === 'broken' && shown.every((r) => r.messages.every((m) => m.code === 'no-match'))) {
        // One line for all routes, with the anchor hint each route's message carries (as --json has it).
        const hints = shown.map((r) => ({ route: r.route, hint: anchorHint(target, report.routes.find((v) => v.route === r.route) ?? {}) })).filter((h) => h.hint);
        const hint = new Set(hints.map((h) => h.hint)).size === 1 ? hints[0].hint : hints.map((h) => `; on ${h.route}${h.hint}`).join('');
        out(`  ${where}: error: ${step}no element matches ${target.selectors!.join(', ')} on any visited route (${shown.map((r) => r.route).join(', ')})${hint}`);
        continue;
      }
      for (const r of shown) {
        const found = r.matches > 0
          ? `${r.selector} → ${r.element} (${r.matchedBy === 'fallback' ? `fallback ${r.fallback! + 1}` : r.matchedBy}${r.inShadowRoot ? ', in a shadow root' : ''}, ${r.matches} match${r.matches > 1 ? 'es' : ''}, ${r.visible ? 'visible' : 'hidden'}${r.covered ? ', covered' : ''})`
          : '';
        if (!r.messages.length) out(`  ${step}ok on ${r.route}: ${found}`);
        for (const m of r.messages) out(`  ${where}: ${m.severity}: ${step}on ${r.route}: ${m.message}`);
      }
      if (target.missingOn?.length) out(`  ${step}(no page condition: missing or hidden on ${target.missingOn.join(', ')}, which is fine while it works on another page)`);
    }
  }
  const s = report.summary;
  out('');
  out(`${s.targets} target${s.targets === 1 ? '' : 's'} checked: ${s.ok} ok, ${s.warnings} with warnings, ${s.broken} broken; ${s.noTarget} need${s.noTarget === 1 ? 's' : ''} no target.`);
  return lines;
}
