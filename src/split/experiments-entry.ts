/**
 * Entry of `guidepost.experiments.iife.js`, a file of the two-file IIFE for pages whose manifest
 * has experiments (or a `guidepost_force` parameter): the experiments controller, the assignment
 * and the condition evaluator the assignment needs, published on `window.GuidepostExperiments`
 * with its version, which the core file checks against its own. The core file adds it before
 * the first decision, for every visitor whatever their arm, so exposure timing never differs
 * between arms; a page without experiments never downloads it.
 */
import * as experiments from '../controller/experiment-arms';
import { SDK_VERSION } from '../version';

export interface ExperimentsModules {
  version: string;
  experiments: typeof experiments;
}

const modules: ExperimentsModules = { version: SDK_VERSION, experiments };
(globalThis as Record<string, unknown>).GuidepostExperiments = modules;
