/**
 * The validation writers' tools run (the CLI's validate, build and check): `validateManifest`'s,
 * plus the problems of the skipped items' other fields and what could be checked of those items
 * (salvage.ts). A module of its own: the page's validator (load.ts, the validator file) imports
 * validate.ts whole, and a page needs neither.
 */
import { WRITER_CHECKS } from './salvage';
import { validateSafely, type ValidateOptions, type WriterValidationResult } from './validate';

/** `validateManifest` for writers' tools: every problem of a skipped item too, and those items as far as they could be checked. Never throws. */
export function validateForWriters(input: unknown, options: ValidateOptions = {}): WriterValidationResult {
  return validateSafely(input, options, WRITER_CHECKS);
}
