/**
 * The manifest's global settings: pacing caps and the theme. Part of the manifest schema
 * (schema.ts, which re-exports them), in a file of its own to keep each file readable.
 */
import * as v from 'valibot';
import { d } from './describe';
import { MAX_THEME_VALUE_LENGTH } from './theme-hazard';

/**
 * A CSS value of the theme: checked token by token (theme-values.ts); url(), var() and the like
 * are refused. Its description is written d('…') at each call: browser builds empty only texts
 * written so (stripSchemaDescriptions in scripts/rollup-plugins.mjs).
 */
const themeValue = (description: v.DescriptionAction<string, string>) => v.optional(v.pipe(v.string(), v.maxLength(MAX_THEME_VALUE_LENGTH), description));

export const Theme = v.pipe(
  v.strictObject({
    accent: themeValue(d('Accent colour (buttons, beacons): "#2357d9", "rgb(35 87 217)", "hsl(…)", a colour name, "transparent" or "currentColor". url(), var() and other functions are refused.')),
    background: themeValue(d('Popover background colour, written as for "accent".')),
    text: themeValue(d('Text colour, written as for "accent".')),
    radius: themeValue(d('Corner radius: one to four lengths, e.g. "8px" (px, rem, em, %, vh, vw, or 0).')),
    font: themeValue(d('Font family list, e.g. "Inter, \'Segoe UI\', sans-serif": names, quoted or not, separated by commas.')),
    spacing: themeValue(d('Base spacing: one length, e.g. "12px".')),
    shadow: themeValue(d('Box shadow: two to four lengths, an optional colour and "inset", e.g. "0 8px 24px rgba(0,0,0,.18)"; or "none".')),
    colorScheme: v.optional(v.pipe(v.picklist(['light', 'dark', 'auto']), d('Light, dark, or follow the system. Default "auto".'))),
  }),
  d('Look and feel; the host page can override the same CSS custom properties. Only colours, lengths, font names and shadows are accepted.'),
);

export const Caps = v.pipe(
  v.strictObject({
    perPageView: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), d('Interruptive items per page view. Default 1.'))),
    perSession: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), d('Interruptive items per session. Default 3.'))),
    minGapSeconds: v.optional(v.pipe(v.number(), v.minValue(0), d('Seconds between two interruptive items. Default 0.'))),
    includePassive: v.optional(v.pipe(v.boolean(), d('Count help links and tooltips against the caps too. Default false.'))),
  }),
  d('Pacing shared by every surface.'),
);

export const Settings = v.pipe(
  v.strictObject({ caps: v.optional(Caps), theme: v.optional(Theme) }),
  d('Global settings.'),
);
