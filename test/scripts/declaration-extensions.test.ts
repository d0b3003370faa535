/**
 * scripts/declaration-extensions.mjs: the declarations in dist/types name their relative
 * imports with the file extension, so a TypeScript project with "moduleResolution": "nodenext"
 * (what Node's own ESM resolution asks for) gets the typed API, not `any`. Checked on the built
 * package with tsc itself, strict.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a build script in plain JavaScript
import { rewriteDeclaration } from '../../scripts/declaration-extensions.mjs';

const ROOT = join(__dirname, '../..');
const temporary: string[] = [];
afterAll(() => temporary.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('rewriteDeclaration', () => {
  it('adds .js to a file and /index.js to a folder; leaves packages and specifiers with an extension alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidepost-dts-'));
    temporary.push(dir);
    mkdirSync(join(dir, 'engine'));
    writeFileSync(join(dir, 'guidepost.d.ts'), '');
    writeFileSync(join(dir, 'engine/index.d.ts'), '');
    const text = [
      "export { createGuidepost } from './guidepost';",
      "export type { Reason } from \"./engine\";",
      "import type { VNode } from 'preact';",
      "export * from './guidepost.js';",
      "type T = import('./engine').X;",
      "export { missing } from './not-here';",
    ].join('\n');
    expect(rewriteDeclaration(text, dir).split('\n')).toEqual([
      "export { createGuidepost } from './guidepost.js';",
      "export type { Reason } from \"./engine/index.js\";",
      "import type { VNode } from 'preact';",
      "export * from './guidepost.js';",
      "type T = import('./engine/index.js').X;",
      "export { missing } from './not-here';",
    ]);
  });
});

describe.runIf(existsSync(join(ROOT, 'dist/types/index.d.ts')))('the built declarations under "moduleResolution": "nodenext"', () => {
  it('type-check strictly, and keep the API typed: the callbacks\' parameters are inferred, a wrong option is an error (an unresolved import would make it all any, silently under skipLibCheck)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'guidepost-nodenext-'));
    temporary.push(dir);
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules/guidepost'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', private: true }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], noEmit: true, skipLibCheck: true, types: [] },
      files: ['good.ts'],
    }));
    writeFileSync(join(dir, 'good.ts'), [
      "import { createGuidepost, type GuidepostEvent } from 'guidepost';",
      "import { validateManifest } from 'guidepost/engine';",
      "const gp = createGuidepost({ manifest: '/help.json', navigate: (path) => void path, onEvent: (event: GuidepostEvent) => void event.type, onError: (error) => console.warn(error.message) });",
      'void gp.start();',
      "const off = gp.on('exposure', (event) => void event.item_id);",
      'off();',
      "validateManifest({}).problems.forEach((p) => p.message.trim());",
    ].join('\n'));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const run = () => {
      try {
        execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: 'pipe' });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    };
    expect(run()).toBe('');
    writeFileSync(join(dir, 'good.ts'), "import { createGuidepost } from 'guidepost';\ncreateGuidepost({ manifest: 1, bogusOption: true });\n");
    expect(run()).toMatch(/good\.ts\(2,/);
  }, 120_000);
});
