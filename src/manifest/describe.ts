import type * as v from 'valibot';
import { description } from 'valibot';

/**
 * A field's description, for editors (schema/manifest.schema.json). Typed as a plain string:
 * as a literal type every description was copied into the published declaration files. Browser
 * builds empty the texts (stripSchemaDescriptions in scripts/rollup-plugins.mjs).
 */
export const d = <TInput>(text: string): v.DescriptionAction<TInput, string> => description<TInput, string>(text);
