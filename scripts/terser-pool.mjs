// Terser off rollup's thread: a build's outputs are bundled side by side in one process
// (scripts/build.mjs), and while one output's chunk is minified here another's modules are
// parsed and tree-shaken on the main thread. Workers start on the first job and stay warm for
// the rest (terser is slow until the JIT has warmed up); an idle worker does not keep the
// process alive.
import { Worker } from 'node:worker_threads';

/**
 * A pool of `size` terser workers. `minify(code, options)` resolves with terser's `{ code, map }`
 * and rejects with terser's message; `close()` ends the workers.
 */
export function createTerserPool(size = 1) {
  const workers = [];
  const queue = [];
  const pending = new Map(); // id -> { resolve, reject, worker }
  let nextId = 0;

  const idle = () => workers.find((entry) => !entry.busy);
  const dispatch = () => {
    while (queue.length) {
      let entry = idle();
      if (!entry && workers.length < size) entry = start();
      if (!entry) return;
      const job = queue.shift();
      entry.busy = true;
      entry.worker.ref();
      pending.set(job.id, { ...job, entry });
      entry.worker.postMessage({ id: job.id, code: job.code, options: job.options });
    }
  };
  const start = () => {
    const entry = { worker: new Worker(new URL('./terser-worker.mjs', import.meta.url)), busy: false };
    entry.worker.on('message', ({ id, code, map, error }) => {
      const job = pending.get(id);
      pending.delete(id);
      entry.busy = false;
      entry.worker.unref();
      if (error) job.reject(new Error(`terser: ${error}`));
      else job.resolve({ code, map });
      dispatch();
    });
    entry.worker.on('error', (error) => {
      for (const [id, job] of pending) if (job.entry === entry) (pending.delete(id), job.reject(error));
      workers.splice(workers.indexOf(entry), 1);
      dispatch();
    });
    workers.push(entry);
    return entry;
  };

  return {
    minify: (code, options) =>
      new Promise((resolve, reject) => {
        queue.push({ id: nextId++, code, options, resolve, reject });
        dispatch();
      }),
    close: () => Promise.all(workers.splice(0).map((entry) => entry.worker.terminate())),
  };
}
