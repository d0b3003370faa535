// The consent test page (test/demo/delivery.browser.test.ts): the built IIFE, embedded the way
// a site with a consent manager would, with a banner so the page emits events on its own.
const manifest = {
  schemaVersion: 1,
  revision: 'consent-test',
  defaultLocale: 'en',
  items: [
    { id: 'consent-banner', type: 'banner', slot: 'top', title: { en: 'Hello' }, body: { en: 'A banner, so the page emits an exposure on its own.' } },
  ],
};

const gp = window.Guidepost.createGuidepost({
  manifest,
  user: { id: 'u_consent', accountId: 'acct_consent' },
  locale: 'en',
  endpoint: '/collect',
  requireConsent: true,
  onError: (error) => console.warn('[consent page] guidepost:', error.message),
});
window.consentPage = { gp };
void gp.start().then(() => {
  document.documentElement.dataset.ready = 'true';
});
