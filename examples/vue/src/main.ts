import { createApp, type App as VueApp } from 'vue';
import type { GuidepostOptions } from 'guidepost';
import { GuidepostPlugin } from 'guidepost/vue';
import App from './App.vue';
import manifest from './manifest.json';
import { probe } from './test-hooks';

const options: GuidepostOptions = {
  manifest,
  locale: 'en',
  // Events stay on the device (no endpoint); onEvent is where an analytics bridge would go.
  onEvent: (event) => void probe.events.push(event),
};

let app: VueApp | undefined;

/** The plugin creates the instance when the app mounts and destroys it when the app unmounts. */
function setMounted(mounted: boolean) {
  if (mounted && !app) {
    app = createApp(App).use(GuidepostPlugin, options);
    app.mount('#app');
  } else if (!mounted && app) {
    app.unmount();
    app = undefined;
  }
}

probe.setMounted = setMounted;
setMounted(true);
