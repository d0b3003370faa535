/** What of an invalid `settings` block is still used (validate.ts). */
import * as v from 'valibot';
import { Settings as SettingsSchema, type Settings } from './schema';

/**
 * The caps and theme values of invalid `settings` that are valid on their own: each is read
 * alone, as an unsafe theme value is dropped alone, so a typo in "colorScheme" does not change
 * how often interruptive help appears. The problems were reported from the whole parse.
 * `value` and the schemas' entries have null prototypes (depth.ts, proto-safe.ts): indexing
 * them reads own keys only.
 */
export function validSettings(value: unknown): Settings {
  const settings: Record<string, Record<string, unknown>> = {};
  for (const section of ['caps', 'theme'] as const) {
    const given = (value as Record<string, unknown> | null)?.[section];
    if (given === null || typeof given !== 'object') continue;
    const fields: Record<string, v.GenericSchema | undefined> = SettingsSchema.entries[section].wrapped.entries;
    const kept: Record<string, unknown> = (settings[section] = {});
    for (const [key, field] of Object.entries(given)) {
      const parsed = fields[key] && v.safeParse(fields[key], field);
      if (parsed?.success) kept[key] = parsed.output;
    }
  }
  return settings;
}
