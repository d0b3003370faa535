/**
 * `declare`: what the product provides, so `guidepost validate` can tell a misspelt trait or
 * event from a real one. Its own file because the SDK ignores `declare` (schema.ts only knows
 * the key): the command line validates it (authoring.ts) and the JSON Schema includes it
 * (json-schema.ts), and the validator chunk the browser loads carries none of it.
 */
import * as v from 'valibot';
import { d } from './describe';
import { hardenSchemas } from './proto-safe';
import { EventName } from './schema';


/** Trait names are path segments of attributes (`user.traits.<name>`), so they cannot hold a ".". */
const TraitName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_$-]{1,100}$/, 'a trait name of letters, digits, "_", "-" (no ".")'));

export const TraitType = v.pipe(
  v.union([
    v.picklist(['string', 'number', 'boolean']),
    v.pipe(v.array(v.string()), v.minLength(1, 'at least one value')),
  ], '"string", "number", "boolean", or the list of values, e.g. ["trial", "pro"]'),
  d('The trait\'s type: "string", "number", "boolean", or the list of the values it can take, e.g. ["trial", "pro", "enterprise"].'),
);

const Traits = (who: string) => v.optional(v.pipe(v.record(TraitName, TraitType), d(`Traits of the ${who} your product passes to createGuidepost, by name, with their type.`)));

export const Declarations = v.pipe(
  v.strictObject({
    traits: v.optional(
      v.pipe(
        v.strictObject({ user: Traits('user (`user.traits`)'), account: Traits('account (`user.accountTraits`)') }),
        d('Traits your product passes. Once a list is declared, a condition or template naming a trait not in it is an error.'),
      ),
    ),
    events: v.optional(
      v.pipe(
        v.record(EventName, v.strictObject({ description: v.optional(v.pipe(v.string(), d('What the event means.'))) })),
        d('Events your product tracks (gp.track), by name. Once declared, "goal", "completeOn", triggers, "advanceOn" and "events.<name>" conditions must name one of them (or an event a "track" button records).'),
      ),
    ),
  }),
  d('What your product provides, for `guidepost validate`: the traits it passes and the events it tracks. Misspelt names in conditions, templates and events are then errors. The SDK ignores it.'),
);

// authoring.ts parses `declare` without loading json-schema.ts: harden it here (see proto-safe.ts).
hardenSchemas(Declarations);

export type Declarations = v.InferOutput<typeof Declarations>;
