/**
 * The `$regex` guard in the two-file IIFE: `guidepost.regex.iife.js`, next to Guidepost's script,
 * added to the page when a manifest uses `$regex`. The build replaces the SDK's
 * `import('./safe-regex')` with `loadRegexModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { RegexModules } from './regex-entry';

/** What `import('./safe-regex')` becomes in the core file. */
export const loadRegexModule = siblingModuleLoader<RegexModules>({ file: 'guidepost.regex.iife.js', global: 'GuidepostRegex', attribute: 'data-regex' });
