/**
 * Entry of `guidepost.validator.iife.js`, a file of the two-file IIFE for pages whose manifest
 * is not compiled by `guidepost build`: the validator (valibot, the schema, the writer-facing
 * checks and messages), published on `window.GuidepostValidator` with its version, which the
 * core file checks against its own. A page with a compiled manifest never loads it, and a page
 * with a manifest as written loads it without the UI file when nothing is to be shown.
 */
import * as validate from '../manifest/validate';
import { SDK_VERSION } from '../version';

export interface ValidatorModules {
  version: string;
  validate: typeof validate;
}

const modules: ValidatorModules = { version: SDK_VERSION, validate };
(globalThis as Record<string, unknown>).GuidepostValidator = modules;
