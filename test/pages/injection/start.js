// Starts Guidepost on the injection corpus. The test reads window.__gp* to see what happened.
// A user trait carries a payload too, to prove template variables insert plain text.
window.__gpErrors = [];
window.__gpReady = false;
const gp = window.Guidepost.createGuidepost({
  manifest: '/manifest.json',
  locale: 'en',
  user: {
    id: 'u_injection',
    traits: { firstName: '<img src=x onerror="window.__pwned=1;alert(1)">**bold**' },
  },
  onError: (error) => {
    window.__gpErrors.push({ message: error.message, code: error.code, problem: error.problem ?? null });
  },
});
window.__gp = gp;
gp.start().then(() => {
  window.__gpReady = true;
});
