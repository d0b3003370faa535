import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';

// Three layers: the pure engine in Node, components in happy-dom, and real Chromium
// (driven by playwright-core from Node) for layout, focus, storage and accessibility.
//
// Where a test lives says what it tests; its suffix alone says which layer (project) runs it.
// test/ mirrors src/: a test of src/<dir>/<module>.ts is test/<dir>/<module>[-aspect]<suffix>
// (src/track/delivery.ts -> test/track/delivery.dom.test.ts, test/track/delivery.browser.test.ts):
//   .test.ts              Node           (engine)
//   .dom.test.ts(x)       happy-dom      (dom)
//   .browser.test.ts      real Chromium  (browser)
// Tests of the whole SDK (src/guidepost.ts, src/index.ts) and of the package sit at test/ root;
// tests of the build's scripts (scripts/) in test/scripts/;
// tests of the demo app and the examples in test/demo/ and test/examples/. Shared helpers are in
// test/support/, data in test/fixtures/, pages served to Chromium in test/pages/.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  // guidepost/react and guidepost/vue import the SDK by its package name: here, the source.
  resolve: { alias: [{ find: /^guidepost$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) }] },
  test: {
    // expect.poll gives up after 1 s by default; on a busy 2-core machine a page can take longer
    // to show what a test waits for. Tests poll for a positive signal: this is only the backstop.
    expect: { poll: { timeout: 15_000 } },
    // The same backstop for a whole test: property tests over 2,000-item manifests take a second
    // on a quiet machine and several on a busy one; a test that hangs still fails.
    testTimeout: 30_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'engine',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/**/*.dom.test.*', 'test/**/*.browser.test.ts'],
          setupFiles: ['test/support/node-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'dom', environment: 'happy-dom', include: ['test/**/*.dom.test.{ts,tsx}'], setupFiles: ['test/support/dom-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          environment: 'node',
          include: ['test/**/*.browser.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
