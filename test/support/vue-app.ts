/** Mounting for the Vue binding tests in happy-dom: an app using GuidepostPlugin, in a new container in the page. */
import { createApp, type App, type Component } from 'vue';
import type { GuidepostOptions } from '../../src/index';
import { GuidepostPlugin } from '../../src/vue/index';

/** Mounts `component` as an app using GuidepostPlugin with `options`, into a new container appended to the page. */
export function mountApp(component: Component, options: GuidepostOptions): { app: App; container: HTMLElement } {
  const container = document.createElement('div');
  document.body.appendChild(container);
  const app = createApp(component).use(GuidepostPlugin, options);
  app.mount(container);
  return { app, container };
}
