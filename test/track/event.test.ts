/**
 * src/track/event.ts on its own: `eventProblem`, the v1 event schema's validation. Covers the
 * required fields, the known and unknown types (and what goal, assignment and item events
 * need), the types of optional fields, the id and timestamp formats, and the depth and size
 * bounds of `properties` and unknown fields at their exact limits. The property-based size
 * checks and cyclic values are in test/cli/collector.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_SCHEMA_VERSION, eventProblem, MAX_PROPERTIES_BYTES, MAX_PROPERTIES_DEPTH, type EventType } from '../../src/track/event';

const ID = '01890a5d-ac96-774b-bcce-b302099a8057';

/** A valid `shown` event with `extra` on top (an `undefined` value removes the field). */
function event(extra: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    event_id: ID, type: 'shown', ts: '2026-03-02T10:00:00.000Z', schema_version: EVENT_SCHEMA_VERSION, sdk_version: '0.1.0',
    anonymous_id: 'anon-1', user_id: null, account_id: null, session_id: 'sess-1', revision: 'r1', url: null,
    item_id: 'welcome', item_type: 'banner', item_version: 1,
  };
  const out = { ...base, ...extra };
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return out;
}

/** `{"v": {"v": ... 1}}` with `levels` objects. */
const nested = (levels: number): unknown => (levels === 0 ? 1 : { v: nested(levels - 1) });

describe('eventProblem: the envelope', () => {
  it('accepts a complete event, and the minimal one (optional fields absent)', () => {
    expect(eventProblem(event())).toBeUndefined();
    expect(eventProblem(event({ user_id: undefined, account_id: undefined, revision: undefined, url: undefined, item_type: undefined, item_version: undefined }))).toBeUndefined();
  });

  it.each([null, undefined, 'event', 42, [event()]])('refuses %j: not a JSON object', (value) => {
    expect(eventProblem(value)).toBe('an event must be a JSON object');
  });

  it.each(['event_id', 'type', 'ts', 'anonymous_id', 'session_id', 'sdk_version'])('"%s" is required and a non-empty string', (key) => {
    const message = `"${key}" must be a non-empty string`;
    expect(eventProblem(event({ [key]: undefined }))).toBe(message);
    expect(eventProblem(event({ [key]: '' }))).toBe(message);
    expect(eventProblem(event({ [key]: 7 }))).toBe(message);
  });

  it(`"schema_version" must be exactly ${EVENT_SCHEMA_VERSION}`, () => {
    for (const version of [undefined, 2, '1', 0]) expect(eventProblem(event({ schema_version: version }))).toBe(`"schema_version" must be ${EVENT_SCHEMA_VERSION}`);
  });

  it('"event_id" must be a UUID (any version, either case)', () => {
    expect(eventProblem(event({ event_id: ID.toUpperCase() }))).toBeUndefined();
    expect(eventProblem(event({ event_id: 'not-a-uuid' }))).toBe('"event_id" must be a UUID; found "not-a-uuid"');
    expect(eventProblem(event({ event_id: `${ID}0` }))).toMatch(/^"event_id" must be a UUID/);
  });

  it('"ts" must parse as a timestamp', () => {
    expect(eventProblem(event({ ts: '2026-03-02T10:00:00+09:00' }))).toBeUndefined();
    expect(eventProblem(event({ ts: 'yesterday' }))).toBe('"ts" must be an ISO 8601 timestamp');
  });
});

describe('eventProblem: types', () => {
  it('an unknown type is refused, naming the known ones and what it found', () => {
    expect(eventProblem(event({ type: 'clicked' }))).toBe(
      '"type" must be one of exposure, shown, dismissed, completed, step_viewed, step_next, step_back, feedback, viewed, link_clicked, cta_clicked, target_not_found, goal, assignment; found "clicked"',
    );
    expect(eventProblem(event({ type: 'Shown' }))).toMatch(/found "Shown"$/);
  });

  it('every item event needs an "item_id"', () => {
    const itemTypes: EventType[] = ['exposure', 'shown', 'dismissed', 'completed', 'step_viewed', 'step_next', 'step_back', 'feedback', 'viewed', 'link_clicked', 'cta_clicked', 'target_not_found'];
    for (const type of itemTypes) {
      expect(eventProblem(event({ type }))).toBeUndefined();
      expect(eventProblem(event({ type, item_id: undefined }))).toBe(`a ${type} event needs an "item_id"`);
    }
  });

  it('a goal event needs a "name" and no item', () => {
    expect(eventProblem(event({ type: 'goal', item_id: undefined, name: 'saved' }))).toBeUndefined();
    expect(eventProblem(event({ type: 'goal', item_id: undefined }))).toBe('a goal event needs a "name"');
    expect(eventProblem(event({ type: 'goal', name: 3 }))).toBe('a goal event needs a "name"');
  });

  it('an assignment needs experiment, variation, unit and unit_id, not an item', () => {
    const assignment = { type: 'assignment', item_id: undefined, experiment: 'x', variation: 'a', unit: 'user', unit_id: 'u1', bucket_version: 1 };
    expect(eventProblem(event(assignment))).toBeUndefined();
    for (const key of ['experiment', 'variation', 'unit', 'unit_id']) {
      expect(eventProblem(event({ ...assignment, [key]: undefined }))).toBe(`an assignment event needs "${key}"`);
    }
  });
});

describe('eventProblem: optional fields', () => {
  it.each(['user_id', 'account_id', 'revision', 'url', 'item_type', 'experiment', 'variation', 'origin'])('"%s" is a string, null or absent', (key) => {
    expect(eventProblem(event({ [key]: null }))).toBeUndefined();
    expect(eventProblem(event({ [key]: 'x' }))).toBeUndefined();
    expect(eventProblem(event({ [key]: 1 }))).toBe(`"${key}" must be a string or null`);
  });

  it.each(['item_version', 'bucket_version', 'step'])('"%s" is a finite number', (key) => {
    expect(eventProblem(event({ [key]: 0 }))).toBeUndefined();
    for (const bad of ['1', Number.NaN, Infinity]) expect(eventProblem(event({ [key]: bad }))).toBe(`"${key}" must be a number`);
  });

  it.each(['counterfactual', 'rendered', 'forced'])('"%s" is true or false', (key) => {
    expect(eventProblem(event({ [key]: false }))).toBeUndefined();
    expect(eventProblem(event({ [key]: 'true' }))).toBe(`"${key}" must be true or false`);
  });

  it('an event is never both counterfactual and rendered', () => {
    expect(eventProblem(event({ counterfactual: true, rendered: false }))).toBeUndefined();
    expect(eventProblem(event({ counterfactual: true, rendered: true }))).toBe('an event cannot be both "counterfactual" and "rendered"');
  });

  it('"properties" is an object (or null), never an array or a scalar', () => {
    expect(eventProblem(event({ properties: null }))).toBeUndefined();
    expect(eventProblem(event({ properties: { rating: 5 } }))).toBeUndefined();
    for (const bad of [[1], 'x', 3]) expect(eventProblem(event({ properties: bad }))).toBe('"properties" must be an object');
  });
});

describe('eventProblem: free-form values are bounded', () => {
  it(`"properties" may nest ${MAX_PROPERTIES_DEPTH} levels, not one more`, () => {
    expect(eventProblem(event({ properties: nested(MAX_PROPERTIES_DEPTH) }))).toBeUndefined();
    expect(eventProblem(event({ properties: nested(MAX_PROPERTIES_DEPTH + 1) }))).toBe(`"properties" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels`);
  });

  it('unknown fields are kept but bounded like properties, their long names cut in the message', () => {
    expect(eventProblem(event({ context: { page: '/x' } }))).toBeUndefined();
    expect(eventProblem(event({ context: nested(MAX_PROPERTIES_DEPTH + 1) }))).toBe(`"context" is nested deeper than ${MAX_PROPERTIES_DEPTH} levels`);
    const long = 'k'.repeat(100);
    expect(eventProblem(event({ [long]: 'x'.repeat(MAX_PROPERTIES_BYTES) }))).toBe(`"${'k'.repeat(64)}…" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON`);
  });

  it(`an unknown string field of exactly ${MAX_PROPERTIES_BYTES} bytes of JSON passes, one more byte does not`, () => {
    const exact = 'x'.repeat(MAX_PROPERTIES_BYTES - 2); // plus its two quotes
    expect(eventProblem(event({ note: exact }))).toBeUndefined();
    expect(eventProblem(event({ note: `${exact}x` }))).toBe(`"note" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON`);
    // Escapes count as written: a newline is two bytes of JSON.
    expect(eventProblem(event({ note: `${'x'.repeat(MAX_PROPERTIES_BYTES - 4)}\n` }))).toBeUndefined();
    expect(eventProblem(event({ note: `${'x'.repeat(MAX_PROPERTIES_BYTES - 3)}\n` }))).toMatch(/larger than/);
  });

  it('a "__proto__" field from JSON is checked like any unknown field and changes nothing', () => {
    const hostile = JSON.parse(`{"__proto__": {"polluted": ${JSON.stringify('x'.repeat(MAX_PROPERTIES_BYTES))}}}`) as Record<string, unknown>;
    expect(eventProblem({ ...event(), ...hostile })).toBe(`"__proto__" is larger than ${MAX_PROPERTIES_BYTES} bytes as JSON`);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('"ts" that is not an ISO 8601 timestamp with a zone', () => {
  // Date.parse alone also takes RFC 2822 dates, bare years, free text with a number in it and
  // zoneless times (local time); the analysis reads only zoned ISO (ZONED_TIMESTAMP).
  it.each(['1', 'hello 2020', 'March 7, 2026', 'Sat, 07 Mar 2026 10:00:00 GMT'])('refuses ts %j', (ts) => {
    expect(eventProblem(event({ ts }))).toBe('"ts" must be an ISO 8601 timestamp');
  });

  it.each(['2026-03-02T10:00:00', '2026-03-02'])('refuses the zoneless %j, saying how to write it', (ts) => {
    expect(eventProblem(event({ ts }))).toMatch(/^"ts" must be an ISO 8601 time with a time zone, like 2026-01-05T09:30:00.000Z/);
  });
});
