// Stands in for guidepost.validator.iife.js of another Guidepost version (the "validator-old" page
// of test/split/validator-file.browser.test.ts):
// it defines the global, with a version the core file must refuse.
window.GuidepostValidator = { version: '0.0.0-other', validate: { validateManifest: () => ({ manifest: null, problems: [], itemIndexes: [] }) } };
