/**
 * Authoring mode in the IIFE builds: the panel is `guidepost.author.iife.js`, next to
 * Guidepost's script, added to the page only when authoring opens (single file or two files:
 * neither carries it). The build replaces the SDK's `import('../../authoring/author-panel')`
 * with `loadAuthorModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { AuthorModules } from './author-entry';

/** What `import('../../authoring/author-panel')` becomes in the IIFE builds. */
export const loadAuthorModule = siblingModuleLoader<AuthorModules>({ file: 'guidepost.author.iife.js', global: 'GuidepostAuthoring', attribute: 'data-author' });
