// A worker thread of scripts/terser-pool.mjs: minifies what it is sent with terser and posts
// the result (or the error's message) back under the job's id.
import { parentPort } from 'node:worker_threads';
import { minify } from 'terser';

parentPort.on('message', async ({ id, code, options }) => {
  try {
    const result = await minify(code, options);
    parentPort.postMessage({ id, code: result.code, map: result.map ?? null });
  } catch (error) {
    // terser's parse errors carry where they are: the build's message names the place.
    const where = typeof error?.line === 'number' ? ` (line ${error.line}, column ${error.col})` : '';
    parentPort.postMessage({ id, error: `${error instanceof Error ? error.message : String(error)}${where}` });
  }
});
