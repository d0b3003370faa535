/**
 * /results and /results.json carry the same verdicts as `guidepost analyze` (issue 15): the
 * recommendation, a failed split check for an arm with no exposures, the checks list, and
 * the count of zone-less timestamps. Rendered on the server, so no browser is needed here;
 * test/cli/results.browser.test.ts covers the page in Chromium.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { futureRowsNote, stepsNotListedNote } from '../../src/analysis/format';
import { simulate } from '../../src/analysis/simulate';
import type { AnalyzeSettings, analyzeFiles } from '../../src/cli/analyze';
import { createResultsHandler, type ResultsHandler } from '../../src/cli/results';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-results-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function get(file: string | ResultsHandler, path: string): Promise<string> {
  let body = '';
  const res = { writeHead: () => res, end: (text: string) => void (body = text) } as unknown as ServerResponse;
  const url = new URL(path, 'http://127.0.0.1');
  const handler = typeof file === 'string' ? createResultsHandler(file) : file;
  expect(await handler.handle({ method: 'GET' } as IncomingMessage, res, url)).toBe(true);
  return body;
}

describe('/results verdicts', () => {
  it('shows the failed split check of an arm with no exposures, the checks and the recommended population', async () => {
    const events = (simulate({ units: 1500, lift: 0.09, seed: 12 }).events as unknown as Record<string, unknown>[]).filter(
      (e) => !(e.type === 'exposure' && (e.variation === 'help' || e.revision === '2025-12-15.3')),
    );
    const zoneless = { ...events[5], event_id: 'zoneless-1', ts: '2026-01-06T10:00:00' };
    const file = join(dir, 'events.ndjson');
    await writeFile(file, [...events, zoneless].map((e) => JSON.stringify(e)).join('\n') + '\n');
    const state = JSON.parse(await get(file, '/results.json?weights=0.5,0.5'));
    expect(state.status).toBe('ok');
    const e = state.report.experiments[0];
    expect(e.exposed.srm).toMatchObject({ status: 'fail', emptyArms: ['help'], weightsFrom: 'flag' });
    expect(e.recommendation.population).toBe('intentToTreat');
    expect(state.report.hygiene.zonelessRows).toBe(1);
    const html = await get(file, '/results?weights=0.5,0.5');
    expect(html).toContain('<strong>Split check failed.</strong>');
    expect(html).toMatch(/data-check="split-exposed" data-status="fail"/);
    expect(html).toMatch(/data-check="assignment-audit" data-status="skipped"/);
    expect(html).toContain('Report this:');
    expect(html).toContain('1 event has a timestamp without a time zone');
  }, 60_000);
});

describe('/results names its own events file and shows the hygiene notes of the text report', () => {
  const events = [
    { event_id: 'v0', ts: '2026-01-05T10:00:00Z', type: 'step_viewed', user_id: 'u1', anonymous_id: 'd1', session_id: 's', item_id: 'welcome', item_type: 'tour', item_version: 1, step: 0 },
    // A step number no tour has (junk from the logs), and an event stamped in the future.
    { event_id: 'v1', ts: '2026-01-05T10:00:01Z', type: 'step_viewed', user_id: 'u1', anonymous_id: 'd1', session_id: 's', item_id: 'welcome', item_type: 'tour', item_version: 1, step: 5000 },
    { event_id: 'f1', ts: '2999-01-01T00:00:00Z', type: 'goal', name: 'upgraded', user_id: 'u1', anonymous_id: 'd1', session_id: 's' },
  ];

  it('footer: the events file it read (quoted for a shell, escaped for HTML) and the settings of the page', async () => {
    const folder = join(dir, "data & <b>o'brien</b> $(x)");
    await mkdir(folder, { recursive: true });
    const file = join(folder, 'events.ndjson');
    await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const html = await get(file, '/results?goal=paid&window=14d');
    expect(html).not.toContain('data/events.ndjson');
    expect(html).not.toContain('<b>o');
    const footer = /<footer[\s\S]*?<code class="command">([\s\S]*?)<\/code>/.exec(html)![1];
    const command = footer.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    // The temporary folder is outside the working directory: its absolute path, quoted.
    expect(command).toBe(`npx guidepost analyze '${file.replace(/'/g, "'\\''")}' --goal paid --window 2w`);
  });

  it('shows the rows stamped in the future and the step numbers not listed, as `guidepost analyze` prints them', async () => {
    const file = join(dir, 'hygiene.ndjson');
    await writeFile(file, events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const state = JSON.parse(await get(file, '/results.json'));
    expect(state.report.hygiene.futureRows).toBe(1);
    expect(state.report.tours[0].stepsNotListed).toBe(1);
    const html = await get(file, '/results');
    expect(html).toContain(`<p class="verdict alert future-rows">${futureRowsNote(1)}</p>`);
    expect(html).toContain(`<p class="muted steps-not-listed">${stepsNotListedNote(1)}</p>`);
  });
});


/** Exposures of `units` units per arm of experiment `experiment`, a tenth of them converting. */
function exposures(experiment: string, arms: string[], units = 60): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  arms.forEach((variation, a) => {
    for (let i = 0; i < units; i++) {
      const user = `${experiment}-${a}-${i}`;
      const base = { session_id: 's', anonymous_id: `d-${user}`, user_id: user };
      events.push({ ...base, event_id: `x-${user}`, ts: '2026-01-05T10:00:00Z', type: 'exposure', experiment, variation, unit: 'user', unit_id: user, bucket_version: 1 });
      if (i % 10 === 0) events.push({ ...base, event_id: `g-${user}`, ts: '2026-01-05T11:00:00Z', type: 'goal', name: 'upgraded' });
    }
  });
  return events;
}
const ndjson = (events: Record<string, unknown>[]) => events.map((e) => JSON.stringify(e)).join('\n') + '\n';

describe('/results and what `guidepost analyze` says besides the numbers', () => {
  it('warns of unusable rows as the text report does, naming the first lines and the ones that are not UTF-8', async () => {
    const file = join(dir, 'unusable.ndjson');
    const good = Buffer.from(ndjson(exposures('exp', ['a', 'b'], 10)));
    const notUtf8 = Buffer.concat([Buffer.from('{"event_id":"bad","type":"goal","ts":"2026-01-05T10:00:00Z","name":"up'), Buffer.from([0xff]), Buffer.from('graded"}\n')]);
    await writeFile(file, Buffer.concat([good, Buffer.from('not json\n'), notUtf8]));
    const lines = good.toString().split('\n').length;
    const state = JSON.parse(await get(file, '/results.json'));
    expect(state.report.hygiene).toMatchObject({ unusableRows: 2, unusableLines: [{ file, lines: [lines, lines + 1], notUtf8: [lines + 1] }] });
    const html = await get(file, '/results');
    // Before, the page never mentioned them: only the CLI warned.
    expect(html).toContain(`<p class="verdict alert unusable-rows"><strong>2 unusable rows (no event_id or timestamp, or not UTF-8) skipped.</strong> Unusable rows skipped: ${file} lines ${lines}, ${lines + 1} (line ${lines + 1} not UTF-8).</p>`);
    const clean = join(dir, 'clean.ndjson');
    await writeFile(clean, good);
    expect(await get(clean, '/results')).not.toContain('unusable-rows');
  }, 60_000);

  it('names the experiments there are for an experiment that is not one of them, and the arms for a control that is not one', async () => {
    const file = join(dir, 'names.ndjson');
    await writeFile(file, ndjson([...exposures('exp2', ['control', 'treat']), ...exposures('other', ['x', 'y'])]));
    const typo = JSON.parse(await get(file, '/results.json?experiment=exp_2'));
    expect(typo).toMatchObject({ status: 'error', message: 'no experiment named exp_2 in the events; the experiments in them are exp2, other — did you mean exp2?' });
    expect(await get(file, '/results?experiment=exp_2')).toContain('<p>no experiment named exp_2 in the events; the experiments in them are exp2, other — did you mean exp2?</p>');
    const control = JSON.parse(await get(file, '/results.json?experiment=exp2&control=contrl'));
    expect(control).toMatchObject({ status: 'error', message: 'no arm named contrl in experiment exp2; its arms are control, treat — did you mean control?' });
  }, 60_000);

  it('isolates right-to-left names and shows their bidirectional controls as escapes, in tables and in sentences', async () => {
    const file = join(dir, 'rtl.ndjson');
    await writeFile(file, ndjson(exposures('rtl', ['ctl', '\u202eevil', '\u05e9\u05dc\u05d5\u05dd'])));
    const html = await get(file, '/results?control=ctl&include-in-progress=1');
    // No raw override, embedding or mark anywhere: a U+202E once reversed every number after it.
    expect(html).not.toMatch(/[\u061c\u200e\u200f\u202a-\u202e\u2066\u2067]/);
    expect(html).toContain('<th scope="row"><bdi>\\u202eevil</bdi></th>');
    expect(html).toContain('<th scope="row"><bdi>\u05e9\u05dc\u05d5\u05dd</bdi></th>');
    // The summaries are the report's sentences: each name in them is a <bdi> of its own.
    const summaries = /<ul class="summary">([\s\S]*?)<\/ul>/.exec(html)![1];
    expect(summaries).toMatch(/<li><bdi>\\u202eevil<\/bdi> vs ctl: /);
    expect(summaries).toMatch(/<li><bdi>\u05e9\u05dc\u05d5\u05dd<\/bdi> vs ctl: /);
    // Where no element can go (chart descriptions, region names), FSI … PDI isolate the name.
    expect(html).toContain('\u2068\\u202eevil\u2069: 10.0%');
  }, 60_000);
});

describe('the cache of analyses', () => {
  /** An analysis that only counts its runs, per goal (each ?goal= is its own cache entry). */
  function countingAnalyze() {
    const runs: string[] = [];
    const analyze = (async (_files: readonly string[], settings: AnalyzeSettings) => {
      runs.push(settings.goal);
      return { goal: settings.goal, timings: { loadMs: 0, queryMs: 0 } };
    }) as unknown as typeof analyzeFiles;
    return { runs, analyze };
  }

  it('keeps at most 16 settings, dropping the least recently used: a client varying the query cannot grow it forever', async () => {
    const file = join(dir, 'cache.ndjson');
    await writeFile(file, '{}\n');
    const { runs, analyze } = countingAnalyze();
    const handler = createResultsHandler(file, { analyze });
    const ask = async (goal: string) => JSON.parse(await get(handler, `/results.json?goal=${goal}`)).report.goal as string;
    for (let i = 0; i < 16; i++) expect(await ask(`g${i}`)).toBe(`g${i}`);
    expect(runs).toHaveLength(16);
    // All 16 are kept (the file has not changed): asking again runs nothing.
    for (let i = 0; i < 16; i++) await ask(`g${i}`);
    expect(runs).toHaveLength(16);
    // Using g0 again makes g1 the least recently used: g16 then drops g1, not g0.
    await ask('g0');
    await ask('g16');
    expect(runs).toHaveLength(17);
    await ask('g0');
    expect(runs).toHaveLength(17);
    await ask('g1');
    expect(runs.at(-1)).toBe('g1');
    expect(runs).toHaveLength(18);
    // Hundreds of distinct queries later, the old ones are gone (analysed again), the newest kept.
    for (let i = 0; i < 200; i++) await ask(`flood${i}`);
    const before = runs.length;
    await ask('g0');
    await ask('flood199');
    expect(runs.length).toBe(before + 1);
  });

  it('takes a smaller bound when given one', async () => {
    const file = join(dir, 'cache-small.ndjson');
    await writeFile(file, '{}\n');
    const { runs, analyze } = countingAnalyze();
    const handler = createResultsHandler(file, { analyze, cacheSize: 2 });
    for (const goal of ['a', 'b', 'a', 'c', 'a', 'b']) await get(handler, `/results.json?goal=${goal}`);
    // a, b run; a cached; c evicts b; a cached; b runs again.
    expect(runs).toEqual(['a', 'b', 'c', 'b']);
  });
});

describe('analyses at once', () => {
  /** An analysis that waits until the test lets it finish, recording how many ran at the same time. */
  function heldAnalyze() {
    let running = 0;
    let most = 0;
    const started: string[] = [];
    const release: (() => void)[] = [];
    const analyze = (async (_files: readonly string[], settings: AnalyzeSettings) => {
      running++;
      most = Math.max(most, running);
      started.push(settings.goal);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return { goal: settings.goal, timings: { loadMs: 0, queryMs: 0 } };
    }) as unknown as typeof analyzeFiles;
    return { analyze, started, release, most: () => most };
  }

  it('runs at most two analyses for different settings at once; the rest wait their turn and all answer', async () => {
    const file = join(dir, 'concurrent.ndjson');
    await writeFile(file, '{}\n');
    const held = heldAnalyze();
    const handler = createResultsHandler(file, { analyze: held.analyze });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((goal) => get(handler, `/results.json?goal=${goal}`).then((body) => JSON.parse(body).report.goal as string));
    await expect.poll(() => held.started.length).toBe(2);
    // Each finished analysis lets exactly one waiting one start.
    for (let finished = 0; finished < 5; finished++) {
      await expect.poll(() => held.release.length).toBeGreaterThan(0);
      held.release.shift()!();
      if (finished + 2 < 5) await expect.poll(() => held.started.length).toBe(finished + 3);
    }
    expect(await Promise.all(answers)).toEqual(['a', 'b', 'c', 'd', 'e']);
    // Each ran once (in the order they reached the analysis: each request reads the file's date first).
    expect([...held.started].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(held.most()).toBe(2);
  });

  it('shares one run among concurrent requests for the same settings, and takes another bound when given one', async () => {
    const file = join(dir, 'concurrent-one.ndjson');
    await writeFile(file, '{}\n');
    const held = heldAnalyze();
    const handler = createResultsHandler(file, { analyze: held.analyze, maxConcurrent: 1 });
    const answers = ['a', 'a', 'b', 'a'].map((goal) => get(handler, `/results.json?goal=${goal}`).then((body) => JSON.parse(body).report.goal as string));
    await expect.poll(() => held.started.length).toBe(1);
    held.release.shift()!();
    await expect.poll(() => held.started.length).toBe(2);
    held.release.shift()!();
    expect(await Promise.all(answers)).toEqual(['a', 'a', 'b', 'a']);
    expect([...held.started].sort()).toEqual(['a', 'b']);
    expect(held.most()).toBe(1);
  });
});
