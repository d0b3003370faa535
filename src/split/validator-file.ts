/**
 * The validator in the two-file IIFE: `guidepost.validator.iife.js`, next to Guidepost's
 * script, added to the page the first time a manifest that `guidepost build` did not compile
 * must be checked. The build replaces the SDK's `import('./validate')` with
 * `loadValidatorModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { ValidatorModules } from './validator-entry';

/** What `import('./validate')` becomes in the core file. */
export const loadValidatorModule = siblingModuleLoader<ValidatorModules>({ file: 'guidepost.validator.iife.js', global: 'GuidepostValidator', attribute: 'data-validator' });
