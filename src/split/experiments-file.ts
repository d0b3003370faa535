/**
 * The experiments controller in the two-file IIFE: `guidepost.experiments.iife.js`, next to
 * Guidepost's script, added to the page when a manifest has experiments. The build replaces the
 * SDK's `import('./experiment-arms')` with `loadExperimentsModule` (see scripts/rollup-plugins.mjs).
 */
import { siblingModuleLoader } from './sibling-file';
import type { ExperimentsModules } from './experiments-entry';

/** What `import('./experiment-arms')` becomes in the core file. */
export const loadExperimentsModule = siblingModuleLoader<ExperimentsModules>({ file: 'guidepost.experiments.iife.js', global: 'GuidepostExperiments', attribute: 'data-experiments' });
