import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Three layers: the pure engine in Node, components in happy-dom, and real Chromium
// (driven by playwright-core from Node) for layout, focus, storage and accessibility.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // guidepost/react and guidepost/vue import the SDK by its package name: here, the source.
  resolve: { alias: [{ find: /^guidepost$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }] },
  test: {
    // expect.poll gives up after 1 s by default; on a busy 2-core machine a page can take longer
    // to show what a test waits for. Tests poll for a positive signal: this is only the backstop.
    expect: { poll: { timeout: 15_000 } },
    projects: [
      {
        extends: true,
        test: { name: 'engine', environment: 'node', include: ['test/engine/**/*.test.ts', 'test/cli/**/*.test.ts'], setupFiles: ['test/engine/setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'dom', environment: 'happy-dom', include: ['test/dom/**/*.test.{ts,tsx}'], setupFiles: ['test/dom/setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
