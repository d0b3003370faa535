/**
 * The validator in the two-file IIFE: `guidepost.validator.iife.js`, next to Guidepost's
 * script, added to the page the first time a manifest that `guidepost build` did not compile
 * must be checked. The build replaces the SDK's `import('./validate')` with
 * `loadValidatorModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingFileLoader } from './sibling-file';
import type { ValidatorModules } from './validator-entry';

const VALIDATOR_FILE = 'guidepost.validator.iife.js';

const loadValidatorFile = siblingFileLoader<ValidatorModules>({ file: VALIDATOR_FILE, global: 'GuidepostValidator', attribute: 'data-validator' });

/** What `import('./validate')` becomes in the core file. */
export function loadValidatorModule(name: 'validate'): Promise<ValidatorModules['validate']> {
  return loadValidatorFile().then((modules) => {
    if (!modules[name]) throw new Error(`${VALIDATOR_FILE} has no "${name}" module`);
    return modules[name];
  });
}
