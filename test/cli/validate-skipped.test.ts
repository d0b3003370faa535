/**
 * `guidepost validate` on items it skips: their other problems, and their missing translations,
 * are listed in the same run (docs/manifest.md: "fixing a typo never uncovers a second round").
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/index';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'guidepost-validate-skipped-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function validate(manifest: unknown, ...flags: string[]): Promise<{ code: number; problems: { code: string; path: string; severity: string; message: string }[] }> {
  const file = join(dir, `m-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(manifest, null, 2));
  const out: string[] = [];
  const code = await main(['validate', file, '--json', ...flags], (line) => out.push(line), () => {});
  return { code, problems: JSON.parse(out.join('\n')).files[0].problems };
}

const tourWith = (firstStep: Record<string, unknown>) => ({
  schemaVersion: 1,
  revision: 'r1',
  items: [
    {
      id: 'tour',
      type: 'tour',
      title: { en: 'Welcome' },
      steps: [
        { target: '#a', title: { en: 'One' }, ...firstStep },
        { target: '#b', body: { en: 'Two {{user.id}}', es: 'Dos' } },
      ],
    },
    { id: 'list', type: 'checklist', title: { en: 'Start' }, tasks: [{ id: 't1', title: { en: 'Take the tour' }, tour: 'tour' }] },
  ],
});

/** The paths of the missing translations, sorted (the file order of a step's keys is not what is tested). */
const translations = (problems: { code: string; path: string }[]) => problems.filter((p) => p.code === 'missing-translation').map((p) => p.path).sort();

describe('a typo inside one tour step', () => {
  it('hides none of the tour\'s missing translations, nor those of the checklist that starts it', async () => {
    const fixed = await validate(tourWith({ body: 'x' }), '--locales', 'es');
    expect(translations(fixed.problems)).toEqual(['items[0].steps[0].body', 'items[0].steps[0].title', 'items[0].title', 'items[1].tasks[0].title', 'items[1].title']);
    const typo = await validate(tourWith({ bdy: 'x' }), '--locales', 'es');
    // All but the misspelt field's own: what "bdy" holds is told once it is a "body".
    expect(translations(typo.problems)).toEqual(['items[0].steps[0].title', 'items[0].title', 'items[1].tasks[0].title', 'items[1].title']);
    expect(typo.problems.filter((p) => p.severity === 'error').map((p) => [p.code, p.path])).toEqual([
      ['unknown-key', 'items[0].steps[0].bdy'],
      ['invalid-reference', 'items[1].tasks[0].tour'],
    ]);
  });

  it('a step left out whole does not shift where the later steps\' missing translations are reported', async () => {
    const manifest = tourWith({});
    (manifest.items[0] as { steps: unknown[] }).steps.unshift('not a step');
    const { problems } = await validate(manifest, '--locales', 'es');
    expect(translations(problems)).toEqual(['items[0].steps[1].title', 'items[0].title', 'items[1].tasks[0].title', 'items[1].title']);
  });

  it('a broken translation is not also told missing, and a text beside it still is', async () => {
    const { problems } = await validate({ schemaVersion: 1, revision: 'r1', items: [{ id: 'b', type: 'banner', title: { en: 'Hi', es: 5 }, body: { en: 'Body' } }] }, '--locales', 'es');
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ['invalid-value', 'items[0].title.es'],
      ['missing-translation', 'items[0].body'],
    ]);
  });
});
