// Terser off rollup's thread: a build's outputs are bundled side by side in one process
// (scripts/build.mjs), and while one output's chunk is minified here another's modules are
// parsed and tree-shaken on the main thread. Workers start on the first job and stay warm for
// the rest (terser is slow until the JIT has warmed up); an idle worker does not keep the
// process alive.
import { Worker } from 'node:worker_threads';

/**
 * A pool of `size` terser workers. `minify(code, options)` resolves with terser's `{ code, map }`
 * and rejects with terser's message; a job that cannot be sent (options that are not plain
 * data), a worker that fails or exits, and `close()` reject the jobs they concern, so no build
 * waits forever on one.
 */
export function createTerserPool(size = 1) {
  const workers = [];
  const queue = [];
  let nextId = 0;

  /** Settles the job `entry` runs and frees the worker (unless it is gone). */
  const finish = (entry, settle) => {
    const job = entry.job;
    entry.job = undefined;
    entry.worker.unref();
    if (job) settle(job);
    dispatch();
  };
  const retire = (entry, error) => {
    const index = workers.indexOf(entry);
    if (index < 0) return;
    workers.splice(index, 1);
    finish(entry, (job) => job.reject(error));
  };
  const start = () => {
    const entry = { worker: new Worker(new URL('./terser-worker.mjs', import.meta.url)), job: undefined };
    entry.worker.unref();
    entry.worker.on('message', ({ id, code, map, error }) => {
      if (entry.job?.id !== id) return;
      finish(entry, (job) => (error ? job.reject(new Error(`terser: ${error}`)) : job.resolve({ code, map })));
    });
    entry.worker.on('error', (error) => retire(entry, error));
    entry.worker.on('exit', (code) => retire(entry, new Error(`terser: its worker exited (code ${code})`)));
    workers.push(entry);
    return entry;
  };
  const dispatch = () => {
    while (queue.length) {
      const entry = workers.find((candidate) => !candidate.job) ?? (workers.length < size ? start() : undefined);
      if (!entry) return;
      const job = queue.shift();
      entry.job = job;
      entry.worker.ref();
      try {
        entry.worker.postMessage({ id: job.id, code: job.code, options: job.options });
      } catch (error) {
        finish(entry, (failed) => failed.reject(new Error(`terser: the job could not be sent to its worker: ${error.message}`)));
      }
    }
  };

  return {
    minify: (code, options) =>
      new Promise((resolve, reject) => {
        queue.push({ id: nextId++, code, options, resolve, reject });
        dispatch();
      }),
    close() {
      const closed = new Error('terser: the pool was closed');
      for (const job of queue.splice(0)) job.reject(closed);
      const running = workers.splice(0);
      for (const entry of running) entry.job?.reject(closed);
      return Promise.all(running.map((entry) => entry.worker.terminate()));
    },
  };
}
