// Drives Guidepost for test/guidepost-lifecycle-leaks.browser.test.ts,
// test/store/storage-faults.browser.test.ts and test/ui/host-conflict.browser.test.ts.
// `window.lifecycle` creates instances on a fixed manifest (a top banner, a help link and a
// two-step manual tour), runs whole create -> start -> startTour -> destroy cycles, and records
// what onError received. Query options: ?endpoint=0 leaves the collector out; ?timeout=<ms> sets
// storageTimeoutMs.
(() => {
  const params = new URLSearchParams(location.search);
  const manifest = {
    schemaVersion: 1,
    revision: 'lifecycle-1',
    defaultLocale: 'en',
    items: [
      { id: 'hello-banner', type: 'banner', slot: 'top', title: 'Hello', body: 'A banner that can be dismissed.' },
      { id: 'title-help', type: 'helpLink', target: '#title', url: 'https://example.com/help/lifecycle', label: 'Help: lifecycle' },
      {
        id: 'cycle-tour',
        type: 'tour',
        trigger: 'manual',
        steps: [
          { target: '#first', title: 'First', body: 'The first step.' },
          { target: '#second', title: 'Second', body: 'The second step.' },
        ],
      },
    ],
  };
  const errors = [];
  const options = () => ({
    manifest,
    locale: 'en',
    user: { id: 'u_lifecycle' },
    ...(params.get('endpoint') !== '0' && { endpoint: '/collect' }),
    ...(params.has('timeout') && { storageTimeoutMs: Number(params.get('timeout')) }),
    onError: (error) => errors.push({ code: error.code, message: error.message }),
  });
  /** Every Guidepost layer host on the page (whatever its tag), with its shadow root. */
  const layers = () => [...document.querySelectorAll('[data-guidepost-host], guidepost-root')].filter((el) => el.shadowRoot);
  const find = (selector) => layers().map((el) => el.shadowRoot.querySelector(selector)).find(Boolean) ?? null;
  /** Resolves once `selector` is rendered in a layer: checked every frame, no fixed delay. */
  const rendered = (selector) =>
    new Promise((resolve) => {
      const check = () => (find(selector) ? resolve() : requestAnimationFrame(check));
      check();
    });

  window.lifecycle = {
    errors,
    gp: null,
    create() {
      this.gp = window.Guidepost.createGuidepost(options());
      return this.gp;
    },
    /** create -> start -> startTour -> first step on screen -> destroy, `count` times. */
    async cycles(count) {
      for (let i = 0; i < count; i++) {
        const gp = window.Guidepost.createGuidepost(options());
        await gp.start();
        gp.startTour('cycle-tour');
        await rendered('[data-part=tour-step][data-item=cycle-tour]');
        gp.destroy();
      }
      return errors.length;
    },
    rendered,
    /** What the page holds that Guidepost may have left behind. */
    leftovers: () => ({
      hosts: document.querySelectorAll('guidepost-root, guidepost-help, [data-guidepost-host]').length,
      pushStateWrapped: history.pushState !== History.prototype.pushState,
    }),
  };
  document.documentElement.dataset.ready = 'true';
})();
