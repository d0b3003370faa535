/**
 * `guidepost validate`: where a problem is placed when the file is not the plain case (a key
 * written twice, ...). Positions are 1-based line:column, as editors count them.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useTempDir } from '../support/cli-harness';

const dir = useTempDir('guidepost-validate-positions-');
let counter = 0;
async function manifestFile(text: string): Promise<string> {
  const file = join(dir(), `m-${++counter}.json`);
  await writeFile(file, text);
  return file;
}

describe('a key written twice: problems point into the value JSON keeps (the last)', () => {
  it('places an error inside the second "items" on its line, not on the first, ignored one', async () => {
    const text = ['{', '  "schemaVersion": 1,', '  "revision": "r1",', '  "items": [],', '  "items": [', '    { "id": "a", "type": "banner", "bodyy": "x" }', '  ]', '}'].join('\n');
    const file = await manifestFile(text);
    const { code, out } = await runCli('validate', file);
    expect(code).toBe(1);
    expect(out).toContain(`${file}:6:36: error: item "a" at items[0].bodyy: unknown key "bodyy" — did you mean "body"?`);
    expect(out).toContain(`${file}:5:3: warning: items: the key "items" appears twice in the same object; only the last one counts`);
  });
});
