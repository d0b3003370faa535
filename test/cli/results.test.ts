/**
 * /results and /results.json carry the same verdicts as `guidepost analyze` (issue 15): the
 * recommendation, a failed split check for an arm with no exposures, the checks list, and
 * the count of zone-less timestamps. Rendered on the server, so no browser is needed here;
 * test/cli/results.browser.test.ts covers the page in Chromium.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulate } from '../../src/analysis/simulate';
import { createResultsHandler } from '../../src/cli/results';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-results-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function get(file: string, path: string): Promise<string> {
  let body = '';
  const res = { writeHead: () => res, end: (text: string) => void (body = text) } as unknown as ServerResponse;
  const url = new URL(path, 'http://127.0.0.1');
  expect(await createResultsHandler(file).handle({ method: 'GET' } as IncomingMessage, res, url)).toBe(true);
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
