/**
 * Event schema v1: one flat shape for exposures, UI interactions and goal events, so a
 * collector, a warehouse table and the analysis CLI read one format.
 */
export const EVENT_SCHEMA_VERSION = 1;

/** Event types the SDK emits; goal events from `track()` use `type: "goal"` and `name`. */
export type EventType =
  | 'exposure'
  | 'shown'
  | 'dismissed'
  | 'completed'
  | 'step_viewed'
  | 'step_next'
  | 'step_back'
  | 'feedback'
  | 'viewed'
  | 'link_clicked'
  | 'cta_clicked'
  | 'target_not_found'
  | 'goal'
  /** A unit entered an experiment (once per session): the intent-to-treat population. */
  | 'assignment';

export interface GuidepostEvent {
  event_id: string;
  type: EventType;
  /** ISO 8601 timestamp. */
  ts: string;
  schema_version: number;
  sdk_version: string;
  anonymous_id: string;
  user_id: string | null;
  account_id: string | null;
  session_id: string;
  revision: string | null;
  url: string | null;
  item_id?: string;
  item_type?: string;
  item_version?: number;
  /** For goal events: the name passed to `track()`. */
  name?: string;
  /** Experiment key, for items in an experiment. */
  experiment?: string;
  /** Variation key the unit is assigned to. */
  variation?: string;
  /** The experiment's bucketVersion at assignment. */
  bucket_version?: number;
  /** `user` or `account`: what the experiment randomizes. */
  unit?: string;
  /** The id that was hashed (user id, anonymous id, or account id). */
  unit_id?: string;
  /** True in a holdout/control arm: the item would have rendered but did not. */
  counterfactual?: boolean;
  /** True when the item actually rendered. */
  rendered?: boolean;
  /** True when the assignment was forced (QA override): excluded from analysis. */
  forced?: boolean;
  step?: number;
  /** How it happened: a dismissal (close, escape, overlay, cta), a step_next (next, route, event, click), a completed hotspot (open). */
  origin?: string;
  properties?: Record<string, unknown>;
}

const TYPES: readonly string[] = ['exposure', 'shown', 'dismissed', 'completed', 'step_viewed', 'step_next', 'step_back', 'feedback', 'viewed', 'link_clicked', 'cta_clicked', 'target_not_found', 'goal', 'assignment'];
const REQUIRED_STRINGS = ['event_id', 'type', 'ts', 'anonymous_id', 'session_id', 'sdk_version'] as const;

/**
 * Why `value` is not a valid v1 event, or undefined when it is. Shared by the SDK's tests
 * and the collector, so both agree on the format.
 */
/**
 * An ISO 8601 date and time with a zone designator (RE2 and JavaScript read it alike): the
 * collector accepts only these, so the analysis can place every event it stores in time.
 */
export const ZONED_TIMESTAMP = '^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)? ?([Zz]|[+-][0-9]{2}(:?[0-9]{2})?)$';
const ZONED = new RegExp(ZONED_TIMESTAMP);
/** An ISO 8601 date (then a time, or not): with no zone designator it names no instant. */
const ISO_DATE_TIME = /^[0-9]{4}-[0-9]{2}-[0-9]{2}(?![0-9])/;

/**
 * Why `ts` is not a timestamp the analysis can place in time, or undefined. A timestamp without
 * a zone names no instant: `guidepost analyze` would have to guess the zone (the same file gave
 * different conversions under TZ=UTC and TZ=Asia/Tokyo). The SDK always sends `toISOString()` (Z).
 */
export function timestampProblem(ts: string): string | undefined {
  if (!ISO_DATE_TIME.test(ts) || Number.isNaN(Date.parse(ts))) return '"ts" must be an ISO 8601 timestamp';
  if (ZONED.test(ts)) return undefined;
  return `"ts" must be an ISO 8601 time with a time zone, like 2026-01-05T09:30:00.000Z or 2026-01-05T10:30:00+01:00; found ${JSON.stringify(ts.slice(0, 40))}, whose moment depends on the reader's zone`;
}

export function eventProblem(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'an event must be a JSON object';
  const event = value as Record<string, unknown>;
  for (const key of REQUIRED_STRINGS) {
    if (typeof event[key] !== 'string' || event[key] === '') return `"${key}" must be a non-empty string`;
  }
  if (!TYPES.includes(event.type as string)) return `"type" must be one of ${TYPES.join(', ')}; found ${JSON.stringify(event.type)}`;
  if (event.schema_version !== EVENT_SCHEMA_VERSION) return `"schema_version" must be ${EVENT_SCHEMA_VERSION}`;
  const tsProblem = timestampProblem(event.ts as string);
  if (tsProblem) return tsProblem;
  if (event.type === 'goal' && typeof event.name !== 'string') return 'a goal event needs a "name"';
  if (event.type === 'assignment') {
    for (const key of ['experiment', 'variation', 'unit', 'unit_id'] as const) {
      if (typeof event[key] !== 'string') return `an assignment event needs "${key}"`;
    }
  } else if (event.type !== 'goal' && typeof event.item_id !== 'string') return `a ${String(event.type)} event needs an "item_id"`;
  return fieldTypeProblem(event);
}

/** Optional fields: absent or null, else of their type (so a warehouse column has one type). */
const NULLABLE_STRINGS = ['user_id', 'account_id', 'revision', 'url', 'item_id', 'item_type', 'name', 'experiment', 'variation', 'unit', 'unit_id', 'origin'] as const;
const OPTIONAL_NUMBERS = ['item_version', 'bucket_version', 'step'] as const;
const OPTIONAL_BOOLEANS = ['counterfactual', 'rendered', 'forced'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fieldTypeProblem(event: Record<string, unknown>): string | undefined {
  // Any UUID version is accepted (the SDK writes v7); the collector de-duplicates on this id.
  if (!UUID.test(event.event_id as string)) return `"event_id" must be a UUID; found ${JSON.stringify(event.event_id)}`;
  for (const key of NULLABLE_STRINGS) {
    if (event[key] != null && typeof event[key] !== 'string') return `"${key}" must be a string or null`;
  }
  for (const key of OPTIONAL_NUMBERS) {
    if (event[key] != null && (typeof event[key] !== 'number' || !Number.isFinite(event[key]))) return `"${key}" must be a number`;
  }
  for (const key of OPTIONAL_BOOLEANS) {
    if (event[key] != null && typeof event[key] !== 'boolean') return `"${key}" must be true or false`;
  }
  const properties = event.properties;
  if (properties != null && (typeof properties !== 'object' || Array.isArray(properties))) return '"properties" must be an object';
  if (event.counterfactual === true && event.rendered === true) return 'an event cannot be both "counterfactual" and "rendered"';
  // properties and unknown extra fields are free-form: bound them, or a deep value overflows the
  // stack of whoever serializes it next (JSON.stringify recurses) and a big one bloats every row.
  for (const key of Object.keys(event)) {
    if (KNOWN_FIELDS.has(key)) continue;
    const problem = boundedValueProblem(key, event[key]);
    if (problem) return problem;
  }
  return properties == null ? undefined : boundedValueProblem('properties', properties);
}

/** How deep `properties` (and any unknown field) may nest: `{"a": {"b": 1}}` is 2 levels. */
export const MAX_PROPERTIES_DEPTH = 16;
/** How large `properties` (and any unknown field) may be, as UTF-8 JSON text. */
export const MAX_PROPERTIES_BYTES = 16_384;

const KNOWN_FIELDS: ReadonlySet<string> = new Set([...REQUIRED_STRINGS, 'schema_version', 'properties', ...NULLABLE_STRINGS, ...OPTIONAL_NUMBERS, ...OPTIONAL_BOOLEANS]);

/**
 * Checks depth and JSON size of a free-form value without recursion (a 100,000-deep value from
 * JSON.parse, which does not recurse, must not overflow here either). Stops as soon as a limit
 * is passed, and every visited node adds at least one byte, so the walk is bounded by the size
 * limit whatever the input (even a cyclic or widely shared in-memory object).
 */
function boundedValueProblem(field: string, value: unknown): string | undefined {
  const name = field.length > 64 ? `${field.slice(0, 64)}…` : field; // an unknown field's name is input too
  const tooDeep = `"${name}" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels`;
  const tooLarge = `"${name}" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON`;
  const stack: [unknown, number][] = [[value, 1]];
  let bytes = 0;
  while (stack.length) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (node !== null && typeof node === 'object') {
      if (depth > MAX_PROPERTIES_DEPTH) return tooDeep;
      if (Array.isArray(node)) {
        bytes += 2 + Math.max(0, node.length - 1); // brackets and commas
        if (bytes > MAX_PROPERTIES_BYTES) return tooLarge;
        for (const item of node) stack.push([item, depth + 1]);
      } else {
        const keys = Object.keys(node);
        bytes += 2 + Math.max(0, keys.length - 1); // braces and commas
        for (const key of keys) {
          bytes += jsonStringBytes(key) + 1; // the key and its colon
          if (bytes > MAX_PROPERTIES_BYTES) return tooLarge;
        }
        for (const key of keys) stack.push([(node as Record<string, unknown>)[key], depth + 1]);
      }
    } else {
      bytes += typeof node === 'string' ? jsonStringBytes(node) : String(node).length;
    }
    if (bytes > MAX_PROPERTIES_BYTES) return tooLarge;
  }
  return undefined;
}

/** UTF-8 length of a string as JSON text (quotes and escapes included). */
function jsonStringBytes(text: string): number {
  if (text.length > MAX_PROPERTIES_BYTES) return text.length; // over the limit either way; skip the scan
  const json = JSON.stringify(text); // escapes control characters and lone surrogates
  let bytes = 0;
  for (let i = 0; i < json.length; i++) {
    const code = json.charCodeAt(i);
    // A surrogate pair is 4 bytes: 2 for each half.
    bytes += code < 0x80 ? 1 : code < 0x800 || (code >= 0xd800 && code <= 0xdfff) ? 2 : 3;
  }
  return bytes;
}
