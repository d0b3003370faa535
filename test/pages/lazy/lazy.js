// The lazy-loading test page (test/split/ui-file.browser.test.ts, validator-file.browser.test.ts;
// index.html and its variants written by test/support/split-pages.ts `splitPage`): the two-file IIFE
// (dist/guidepost.core.iife.js), which adds dist/guidepost.ui.iife.js only when something must
// show, dist/guidepost.validator.iife.js only for a manifest that is not compiled,
// dist/guidepost.experiments.iife.js only for one with experiments and
// dist/guidepost.regex.iife.js only for one that uses `$regex`
// (test/split/experiments-file.browser.test.ts, regex-file.browser.test.ts).
// `?case=` picks the scenario; everything the test reads is on window.lazyPage.
// Manifests are fetched by start(), as written (/generated/source/…) or as `guidepost build`
// compiles them (/generated/compiled/…); the test writes both from manifests.json.
const cases = {
  // Compiled, and nothing is eligible on this page.
  idle: ['compiled/idle'],
  // Not compiled: validated in the browser. One item is invalid, the other shows.
  invalid: ['source/invalid'],
  // Not compiled, and nothing is eligible on this page.
  'idle-source': ['source/idle'],
  // Compiled, one tooltip eligible.
  eligible: ['compiled/eligible'],
  // Two instances on one page, each with its own compiled manifest.
  twice: ['compiled/twice-a', 'compiled/twice-b'],
  // The same two, not compiled.
  'twice-source': ['source/twice-a', 'source/twice-b'],
  // Compiled, with an experiment over one of its two tooltips (the experiments' file).
  experiment: ['compiled/experiment'],
  'experiment-twice': ['compiled/experiment', 'compiled/experiment'],
  // Compiled, one of its two tooltips with a `$regex` condition (the guard's file).
  regex: ['compiled/regex'],
};

const scenario = new URLSearchParams(location.search).get('case') ?? 'eligible';
const lazyPage = { scenario, clicks: 0, errors: [], instances: [] };
window.lazyPage = lazyPage;

// The host's own behaviour, which must keep working whatever happens to Guidepost.
document.getElementById('save').addEventListener('click', () => {
  lazyPage.clicks += 1;
});

for (const name of cases[scenario]) {
  lazyPage.instances.push(
    window.Guidepost.createGuidepost({
      manifest: `/generated/${name}.json`,
      locale: 'en',
      onError: (error) => lazyPage.errors.push({ code: error.code, message: error.message }),
    }),
  );
}
void Promise.all(lazyPage.instances.map((gp) => gp.start())).then(() => {
  document.documentElement.dataset.ready = 'true';
});
