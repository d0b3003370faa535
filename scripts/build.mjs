// `npm run build`: empties dist/, then runs rollup (the five bundles) and tsc (the type
// declarations) side by side — they write different folders and each leaves a core free
// part of the time — and fails when either fails, with its output.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });

/** Runs a package's CLI with this Node; resolves with its exit code. */
const run = (label, bin, args) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve(bin), ...args], { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`${label}: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });

const [rollup, tsc] = await Promise.all([
  run('rollup', 'rollup/dist/bin/rollup', ['-c', '--silent']),
  run('tsc', 'typescript/bin/tsc', ['-p', 'tsconfig.types.json']),
]);
if (rollup !== 0 || tsc !== 0) {
  console.error(`build failed: ${[rollup !== 0 && 'rollup', tsc !== 0 && 'tsc (declarations)'].filter(Boolean).join(' and ')}`);
  process.exit(1);
}
