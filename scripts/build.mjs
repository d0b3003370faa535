// `npm run build`: empties dist/, then bundles rollup.config.mjs's outputs and runs tsc for the
// type declarations, side by side, then the CommonJS files from the ESM build (scripts/commonjs.mjs),
// and fails when any of them fails, with its output.
//
// The outputs are bundled concurrently in this process with rollup's API (the rollup CLI builds
// them one after another): while one output's chunk is with esbuild's service or SWC's
// minifier (native threads), the next output is parsed and tree-shaken here. tsc runs in
// its own process with `noCheck` (tsconfig.types.json): it only writes declarations, and
// `npm run typecheck` is the type check.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { rollup } from 'rollup';
import { buildCommonJs } from './commonjs.mjs';
import { addDeclarationExtensions } from './declaration-extensions.mjs';

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

/** Bundles and writes one entry of rollup.config.mjs; resolves with its error's text, if any. */
async function bundleOne(config) {
  const outputs = Array.isArray(config.output) ? config.output : [config.output];
  let bundle;
  try {
    // As `rollup --silent`: warnings (circular imports among the modules) are not printed.
    bundle = await rollup({ ...config, onwarn: () => {} });
    for (const output of outputs) await bundle.write(output);
    return undefined;
  } catch (error) {
    // Where, and the code around it, as the rollup CLI prints them.
    const where = error.loc ? `${error.loc.file ?? error.id}:${error.loc.line}:${error.loc.column}` : error.id;
    return [error.message, where && !error.message.includes(where) && `  in ${where}`, error.frame].filter(Boolean).join('\n');
  } finally {
    await bundle?.close();
  }
}

/** Prints each distinct error once, with the outputs it stopped (a broken module stops them all). */
function reportFailures(configs, errors) {
  const outputsByError = new Map();
  errors.forEach((error, index) => {
    if (error === undefined) return;
    const output = [configs[index].output].flat().map((entry) => entry.file ?? entry.dir).join(', ');
    outputsByError.set(error, [...(outputsByError.get(error) ?? []), output]);
  });
  for (const [error, outputs] of outputsByError) console.error(`rollup (${outputs.join(', ')}):\n${error}`);
  return outputsByError.size === 0;
}

const tsc = run('tsc', 'typescript/bin/tsc', ['-p', 'tsconfig.types.json']);
const { default: configs } = await import('../rollup.config.mjs');
const rollupOk = reportFailures(configs, await Promise.all(configs.map(bundleOne)));
// From the ESM build's files, so only once rollup has written them (a quarter of a second).
const commonJsError = rollupOk ? await buildCommonJs() : 'not built: rollup failed';
if (rollupOk && commonJsError) console.error(`CommonJS files (scripts/commonjs.mjs):\n${commonJsError}`);
const tscOk = (await tsc) === 0;
// Relative imports in the declarations with their extensions, for "moduleResolution": "nodenext".
if (tscOk) addDeclarationExtensions(new URL('../dist/types', import.meta.url).pathname);
if (!rollupOk || commonJsError || !tscOk) {
  console.error(`build failed: ${[!rollupOk && 'rollup', rollupOk && commonJsError && 'CommonJS files', !tscOk && 'tsc (declarations)'].filter(Boolean).join(' and ')}`);
  process.exit(1);
}
