/**
 * Server rendering with the bindings, in Node with no DOM: react-dom/server and
 * @vue/server-renderer render the provider / plugin, the hooks / composables and the anchors
 * without touching `window` or `document`, and create no instance (one is created on mount).
 * The last test does the same with the built package, imported by its name in plain Node.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { createElement } from 'react';
import { renderToString as renderReact } from 'react-dom/server';
import { createSSRApp, defineComponent, h, withDirectives } from 'vue';
import { renderToString as renderVue } from '@vue/server-renderer';
import type { GuidepostOptions } from '../src/index';
import * as react from '../src/react/index';
import * as vue from '../src/vue/index';

const created = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/guidepost', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/guidepost')>();
  return { ...actual, createGuidepost: (options: GuidepostOptions) => (created.count++, actual.createGuidepost(options)) };
});

const manifest = {
  schemaVersion: 1,
  revision: 'ssr-1',
  items: [{ id: 'intro', type: 'tour', trigger: 'manual', steps: [{ target: { anchor: 'save' }, body: 'Saves.' }] }],
};

describe('server rendering with the bindings (no DOM)', () => {
  it('runs without window or document', () => {
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  it('react-dom/server renders the provider, the hooks and HelpAnchor', () => {
    function Page() {
      const gp = react.useGuidepost();
      const tour = react.useTour('intro');
      const explained = react.useExplain('intro');
      const track = react.useTrack();
      track('rendered_on_server'); // kept for an instance that never comes: dropped, no error
      return createElement(
        'main',
        null,
        createElement(react.HelpAnchor, { name: 'save', children: createElement('button', { type: 'button' }, 'Save') }),
        createElement('output', null, `${gp === null} ${tour.state} ${explained === undefined}`),
      );
    }
    const html = renderReact(createElement(react.GuidepostProvider, { options: { manifest } }, createElement(Page)));
    expect(html).toBe('<main><button type="button" data-help="save">Save</button><output>true unknown true</output></main>');
    expect(created.count).toBe(0);
  });

  it('@vue/server-renderer renders the plugin, the composables and v-help', async () => {
    const Page = defineComponent({
      setup() {
        const gp = vue.useGuidepost();
        const tour = vue.useTour('intro');
        const explained = vue.useExplain('intro');
        vue.useTrack()('rendered_on_server');
        return () =>
          h('main', [
            withDirectives(h('button', { type: 'button' }, 'Save'), [[vue.vHelp, 'save']]),
            h('output', `${gp.value === null} ${tour.state.value} ${explained.value === undefined}`),
          ]);
      },
    });
    const app = createSSRApp(Page).use(vue.GuidepostPlugin, { manifest });
    const html = await renderVue(app);
    expect(html).toBe('<main><button type="button" data-help="save">Save</button><output>true unknown true</output></main>');
    expect(created.count).toBe(0);
  });

  it('the built guidepost/react and guidepost/vue, imported by package name in plain Node, render on the server', async () => {
    // A separate Node process: the package's exports map and dist/, as an SSR server loads them.
    const script = `
      import { createElement } from 'react';
      import { renderToString } from 'react-dom/server';
      import { GuidepostProvider, HelpAnchor, useTour } from 'guidepost/react';
      import { createSSRApp, h, withDirectives } from 'vue';
      import { renderToString as renderVue } from '@vue/server-renderer';
      import { GuidepostPlugin, vHelp, useTour as useVueTour } from 'guidepost/vue';
      const options = { manifest: ${JSON.stringify(manifest)} };
      const Page = () => createElement(HelpAnchor, { name: 'save', children: createElement('button', null, useTour('intro').state) });
      const react = renderToString(createElement(GuidepostProvider, { options }, createElement(Page)));
      const app = createSSRApp({
        setup() {
          const tour = useVueTour('intro');
          return () => withDirectives(h('button', tour.state.value), [[vHelp, 'save']]);
        },
      }).use(GuidepostPlugin, options);
      const vue = await renderVue(app);
      console.log(JSON.stringify({ react, vue, window: typeof window, document: typeof document }));
    `;
    const root = fileURLToPath(new URL('..', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    expect(JSON.parse(stdout)).toEqual({
      react: '<button data-help="save">unknown</button>',
      vue: '<button data-help="save">unknown</button>',
      window: 'undefined',
      document: 'undefined',
    });
  });
});
