/**
 * A compiled manifest skips the validator (compiled.ts), so the renderer refuses unsafe URLs
 * and the condition evaluator unsafe patterns on their own. Without this glance they did so
 * silently: a hand-edited or forged compiled manifest lost a link, an image or a theme colour
 * and nobody was told. Here each of those is reported once, per item and field, with the
 * JSON path the validator would give: the runtime reports them to `onError` when some item may
 * show (src/runtime/content-checks.ts); `acceptManifest` (load.ts) returns them with its other
 * problems. Items are kept, as the renderer degrades them (a link is left out, a pattern never
 * matches); only hazardous theme values are taken out here. Small on purpose: it loads with the
 * decision chunk (the two-file IIFE's UI file), which every page that shows something downloads.
 */
import { describeValue, formatPath, locationLabel, type ManifestProblem, type PathSegment } from './problems';
import { unsafeLinks } from './richtext';
import type { regexProblem as RegexCheck } from './safe-regex';
import type { Manifest } from './schema';
import { themeValueHazard, withoutUnsafeThemeValues } from './theme-hazard';
import { urlProblem } from './url';

type Report = (code: string, path: PathSegment[], what: string) => void;

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The URL fields the UI follows or loads: help link url, url buttons, images, task urls. */
function checkUrls(node: Record<string, unknown>, base: PathSegment[], report: Report) {
  const url = (value: unknown, path: PathSegment[]) => {
    // Only strings: a URL of another type is malformed (the validator's business), and the UI ignores it.
    const problem = typeof value === 'string' ? urlProblem(value) : undefined;
    if (problem) report('unsafe-url', [...base, ...path], `URL ${describeValue(value)} is not allowed: ${problem}; it is left out`);
  };
  if (node.type === 'helpLink') url(node.url, ['url']);
  const buttons = (value: unknown, path: PathSegment[]) =>
    list(value).forEach((b, i) => isRecord(b) && b.action === 'url' && url(b.url, [...path, i, 'url']));
  const image = (value: unknown, path: PathSegment[]) => isRecord(value) && url(value.src, [...path, 'src']);
  buttons(node.buttons, ['buttons']);
  image(node.image, ['image']);
  list(node.steps).forEach((step, i) => {
    if (!isRecord(step)) return;
    buttons(step.buttons, ['steps', i, 'buttons']);
    image(step.image, ['steps', i, 'image']);
  });
  list(node.tasks).forEach((task, i) => isRecord(task) && url(task.url, ['tasks', i, 'url']));
}

/** Unsafe links reported per text; the rest are counted in one more report. */
const MAX_LINK_REPORTS = 10;

/**
 * Links in a rich text whose URL is unsafe: the renderer shows their label as text. Found by the
 * renderer's own parser (richtext.ts: linear in the text's length, `<…>` destinations
 * included), so what is reported is what readers lose.
 */
function checkLinks(text: unknown, path: PathSegment[], report: Report) {
  if (isRecord(text)) {
    for (const locale of Object.keys(text)) checkLinks(text[locale], [...path, locale], report);
    return;
  }
  if (typeof text !== 'string') return;
  const hrefs = unsafeLinks(text);
  for (const href of hrefs.slice(0, MAX_LINK_REPORTS)) {
    report('unsafe-link', path, `the link to ${describeValue(href)} is not allowed: ${urlProblem(href) ?? 'use an http(s), mailto or relative URL'}; its text shows without a link`);
  }
  if (hrefs.length > MAX_LINK_REPORTS) report('unsafe-link', path, `${hrefs.length - MAX_LINK_REPORTS} more links are not allowed; their texts show without a link`);
}

function checkBodies(node: Record<string, unknown>, base: PathSegment[], report: Report) {
  checkLinks(node.body, [...base, 'body'], report);
  list(node.steps).forEach((step, i) => isRecord(step) && checkLinks(step.body, [...base, 'steps', i, 'body'], report));
  list(node.tasks).forEach((task, i) => isRecord(task) && checkLinks(task.body, [...base, 'tasks', i, 'body'], report));
}

/**
 * Every `$regex` / `$regexi` in a condition (already bounded in depth by `isCompiledManifest`).
 * `regexProblem` is safe-regex.ts's, which load.ts loads only for a manifest that has patterns.
 */
function checkPatterns(condition: unknown, base: PathSegment[], report: Report, regexProblem: typeof RegexCheck | undefined) {
  if (!regexProblem) return;
  const stack: [unknown, PathSegment[]][] = [[condition, base]];
  while (stack.length) {
    const [node, path] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    for (const key of Object.keys(node)) {
      const value = (node as Record<string, unknown>)[key];
      const here = [...path, Array.isArray(node) ? Number(key) : key];
      const problem = (key === '$regex' || key === '$regexi') && typeof value === 'string' ? regexProblem(value, key === '$regexi') : undefined;
      if (problem) report('unsafe-regex', here, `regular expression ${describeValue(value)} is not allowed (${problem}; "guidepost validate" says why); it never matches`);
      else stack.push([value, here]);
    }
  }
}

/**
 * The problems of a compiled manifest that the validator would have reported, found without
 * it (as warnings: see the module comment), and the manifest with its hazardous theme values
 * left out (the same object when there were none). Patterns are checked with `regexProblem`
 * when given (see `checkPatterns`).
 */
export function checkCompiled(manifest: Manifest, regexProblem?: typeof RegexCheck): { manifest: Manifest; problems: ManifestProblem[] } {
  const problems: ManifestProblem[] = [];
  const reporter = (label: (path: string) => string, itemId?: string): Report => (code, segments, what) => {
    const path = formatPath(segments);
    problems.push({ code, message: `${label(path)}: ${what}`, path, ...(itemId !== undefined && { itemId }), severity: 'warning' });
  };
  manifest.items.forEach((item, index) => {
    const report = reporter((path) => locationLabel(item.id, path), item.id);
    const raw = item as unknown as Record<string, unknown>;
    checkUrls(raw, ['items', index], report);
    checkBodies(raw, ['items', index], report);
    checkPatterns(item.when, ['items', index, 'when'], report, regexProblem);
  });
  (manifest.experiments ?? []).forEach((experiment, index) => {
    const report = reporter((path) => locationLabel(experiment.key, path, 'experiment'));
    checkPatterns(experiment.when, ['experiments', index, 'when'], report, regexProblem);
    experiment.variations.forEach((variation, v) => {
      for (const [id, fields] of Object.entries(variation.overrides ?? {})) {
        const base = ['experiments', index, 'variations', v, 'overrides', id];
        const type = manifest.items.find((item) => item.id === id)?.type;
        checkUrls({ ...fields, type }, base, report);
        checkBodies(fields, base, report);
      }
    });
  });
  const { settings, refused } = withoutUnsafeThemeValues(manifest.settings, (_key, value) => themeValueHazard(value));
  for (const { key, value, reason } of refused) {
    const path = formatPath(['settings', 'theme', key]);
    problems.push({ code: 'unsafe-theme-value', message: `${path}: ${describeValue(value)} is not allowed: ${reason}; it is ignored`, path, severity: 'warning' });
  }
  return { manifest: refused.length ? { ...manifest, settings } : manifest, problems };
}
