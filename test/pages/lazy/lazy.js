// The lazy-loading test page (test/browser/lazy-loading.test.ts): the two-file IIFE
// (dist/guidepost.core.iife.js), which adds dist/guidepost.ui.iife.js only when needed.
// `?case=` picks the scenario; everything the test reads is on window.lazyPage.
// As `guidepost build` stamps it, for the SDK version on this page.
const STAMP = { by: 'guidepost', version: window.Guidepost.SDK_VERSION, schemaVersion: 1 };
const compiled = (manifest) => ({ ...manifest, compiled: STAMP });
const tip = (id, target) => ({ id, type: 'tooltip', target, title: 'Tip', body: `Points at ${target}.` });

const manifests = {
  // Compiled, and nothing is eligible on this page.
  idle: [compiled({ schemaVersion: 1, revision: 'idle', items: [{ ...tip('elsewhere-tip', '#save'), when: { 'page.path': '/elsewhere' } }] })],
  // Not compiled: validated in the browser. One item is invalid, the other shows.
  invalid: [{ schemaVersion: 1, revision: 'invalid', items: [{ ...tip('bad-tip', '#open'), placement: 'up' }, tip('save-tip', '#save')] }],
  // Compiled, one tooltip eligible.
  eligible: [compiled({ schemaVersion: 1, revision: 'eligible', items: [tip('save-tip', '#save')] })],
  // Two instances on one page, each with its own compiled manifest.
  twice: [
    compiled({ schemaVersion: 1, revision: 'twice-a', items: [tip('save-tip', '#save')] }),
    compiled({ schemaVersion: 1, revision: 'twice-b', items: [tip('open-tip', '#open')] }),
  ],
};

const scenario = new URLSearchParams(location.search).get('case') ?? 'eligible';
const lazyPage = { scenario, clicks: 0, errors: [], instances: [] };
window.lazyPage = lazyPage;

// The host's own behaviour, which must keep working whatever happens to Guidepost.
document.getElementById('save').addEventListener('click', () => {
  lazyPage.clicks += 1;
});

for (const manifest of manifests[scenario]) {
  lazyPage.instances.push(
    window.Guidepost.createGuidepost({
      manifest,
      locale: 'en',
      onError: (error) => lazyPage.errors.push({ code: error.code, message: error.message }),
    }),
  );
}
void Promise.all(lazyPage.instances.map((gp) => gp.start())).then(() => {
  document.documentElement.dataset.ready = 'true';
});
