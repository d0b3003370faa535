/**
 * The package as npm would publish it (needs `npm run build`, which `npm test` runs first): a
 * lean tarball (no source maps, no huge declaration file) under a size budget, CommonJS
 * entries that `require()` loads, and the metadata a registry page shows.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
/**
 * Packed (gzip) bytes; the budget sits a little above what ships, so growth is a decision
 * (authoring mode added about 70 kB: its ESM chunk and guidepost.author.iife.js; the decision
 * chunk about 10 kB: its ESM chunks, and the UI file now carries the engine, which the two-file
 * core leaves out; about 6 kB when the CommonJS files came to be bundled by esbuild from the ESM
 * build, and the authoring file minified by esbuild alone, which took 2 s of CPU off every build;
 * about 14 kB for the checks and fixes that the modules' own tests found, in every build form;
 * about 19 kB for the next round of them: options checked, delivery, validator and analysis
 * hardened, the CLI's flags and files read defensively; about 15 kB for the fixes of independent
 * testing: manifest files read as strict UTF-8 with a bounded depth scan, selectors checked as
 * browsers do, the live region, Escape and light dismiss in every build form; about 29 kB for
 * the next round: authoring mode's conflict-safe saves and writers' checks in the panel, the
 * analysis's exact small-sample methods and checks, storage repair; about 5 kB for the next:
 * names isolated in the analysis's reports and pages, the writers' validator that checks skipped
 * items too, delivery's bounded refusals and outbox; about 10 kB for the next: the Traditional
 * Chinese words in every build form, the writers' checks across languages, pages' zoom and
 * sticky headers; about 5 kB for validated manifests kept from earlier page views, the two-file
 * IIFE's guidepost.checked.iife.js and its glue in every build form; about 20 kB for the fixes of
 * the next independent review: writers' checks of condition operands, experiment overlaps and
 * sizes, tours that never strand, the stand-in progress store, tabs' shared session, early
 * track() calls that leave with the page, in every build form and the CLI; about 15 kB for the
 * twenty-four fixes after it: tabs merging what another wrote, held-out tours run by the tour's
 * rules, delivery's redirects and clock, tours under real pages, the dock above the page's fixed
 * controls, in every build form and the CLI: 763 kB); about 15 kB for the forty fixes after
 * those: one device id across tabs, storage retries, argument checks of public calls, tours and
 * help links under real pages and frameworks, in every build form and the CLI: 778 kB); about
 * 20 kB for the round after: delivery's keepalive budget and bounded re-sends, tours behind a
 * host dialog and around a target that goes, top banners below fixed headers, the writers'
 * rich-text and translation checks and capped output, the analysis's interim looks and
 * deterministic de-duplication, in every build form and the CLI: 798 kB).
 */
const PACKED_BUDGET = 810_000;
// The largest file: the CLI (dist/cli.js, one file with the analysis, the checker and the dev
// server; 308 kB after the analysis's exact methods and checks, 318 kB after names were isolated
// in reports and the results page, 335 kB after the writers' checks of condition operands,
// experiment overlaps and sizes; 353 kB after the rich-text lint, capped output, interim looks
// and deterministic de-duplication). Declarations stay under 240 kB (the 1.25 below).
const LARGEST_FILE_BUDGET = 360_000;

interface PackResult {
  size: number;
  unpackedSize: number;
  files: { path: string; size: number }[];
}

const pack = (): PackResult => JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' }))[0];

describe('the published package', () => {
  const result = pack();

  it(`packs within ${PACKED_BUDGET / 1000} kB, without source maps, a declaration file over 240 kB or any file over ${LARGEST_FILE_BUDGET / 1000} kB`, () => {
    console.log(`npm pack: ${(result.size / 1000).toFixed(1)} kB packed, ${(result.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${result.files.length} files`);
    expect(result.size).toBeLessThanOrEqual(PACKED_BUDGET);
    expect(result.files.filter((f) => f.path.endsWith('.map'))).toEqual([]);
    expect(result.files.filter((f) => f.path.endsWith('.d.ts') && f.size > 240_000)).toEqual([]);
    expect(result.files.filter((f) => f.size > LARGEST_FILE_BUDGET)).toEqual([]);
    // What the SDK, the CLI and editors need is there.
    const paths = new Set(result.files.map((f) => f.path));
    for (const needed of ['dist/guidepost.js', 'dist/guidepost.cjs', 'dist/engine.cjs', 'dist/guidepost.iife.js', 'dist/guidepost.core.iife.js', 'dist/guidepost.ui.iife.js', 'dist/guidepost.validator.iife.js', 'dist/guidepost.debug.iife.js', 'dist/guidepost.widgets.iife.js', 'dist/guidepost.experiments.iife.js', 'dist/guidepost.regex.iife.js', 'dist/guidepost.checked.iife.js', 'dist/guidepost.locale-de.iife.js', 'dist/cli.js', 'dist/types/index.d.ts', 'schema/manifest.schema.json', 'bin/guidepost.js']) {
      expect(paths.has(needed), needed).toBe(true);
    }
  });

  it('require("guidepost") and require("guidepost/engine") load the CommonJS builds', () => {
    const script = `
      const gp = require('guidepost');
      const engine = require('guidepost/engine');
      const instance = gp.createGuidepost({ manifest: { schemaVersion: 1, revision: 'r', items: [] } });
      process.stdout.write(JSON.stringify([typeof gp.createGuidepost, typeof instance.start, typeof engine.decide, typeof engine.assignVariation]));
    `;
    const out = execFileSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual(['function', 'function', 'function', 'function']);
  });

  it('guidepost/react is marked as client code for React Server Components', () => {
    expect(readFileSync(join(ROOT, 'dist/react.js'), 'utf8').startsWith("'use client';\n")).toBe(true);
    expect(readFileSync(join(ROOT, 'dist/vue.js'), 'utf8').startsWith("'use client'")).toBe(false);
  });

  it("the browser files ask V8 to compile their functions while they load, and their source maps account for that line", () => {
    for (const file of ['guidepost.iife.js', 'guidepost.core.iife.js', 'guidepost.ui.iife.js', 'guidepost.validator.iife.js', 'guidepost.widgets.iife.js', 'guidepost.experiments.iife.js', 'guidepost.regex.iife.js', 'guidepost.checked.iife.js']) {
      expect(readFileSync(join(ROOT, 'dist', file), 'utf8').startsWith('//# allFunctionsCalledOnLoad\n'), file).toBe(true);
      expect(JSON.parse(readFileSync(join(ROOT, 'dist', `${file}.map`), 'utf8')).mappings.startsWith(';'), file).toBe(true);
    }
    // The authoring file loads only when a writer opens authoring mode, and much of it never runs.
    expect(readFileSync(join(ROOT, 'dist/guidepost.author.iife.js'), 'utf8').startsWith('//#')).toBe(false);
  });

  it('every file a browser loads is ASCII (letters escaped), so a page in another encoding reads its words right', () => {
    const browserFiles = (dir: string): string[] =>
      readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? browserFiles(join(dir, entry.name)) : /\.(js|cjs)$/.test(entry.name) && entry.name !== 'cli.js' ? [join(dir, entry.name)] : [],
      );
    const files = browserFiles('dist');
    expect(files).toContain(join('dist', 'guidepost.locale-zh-CN.iife.js'));
    expect(files).toContain(join('dist', 'guidepost.locale-zh-TW.iife.js'));
    const nonAscii = files.filter((file) => /[^\x00-\x7f]/.test(readFileSync(join(ROOT, file), 'latin1')));
    expect(nonAscii).toEqual([]);
  });

  it('has the metadata a registry page shows, and a require condition on both entries', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.keywords.length).toBeGreaterThan(3);
    expect(pkg.license).toBe('MIT');
    expect(pkg.exports['.'].require).toBe('./dist/guidepost.cjs');
    expect(pkg.exports['./engine'].require).toBe('./dist/engine.cjs');
  });
});
