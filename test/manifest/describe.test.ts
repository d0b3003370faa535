/**
 * src/manifest/describe.ts: `d(text)`, a field's description for editors. It is metadata only:
 * valibot and the JSON Schema read it, validation never changes because of it.
 */
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { d } from '../../src/manifest/describe';
import { Placement } from '../../src/manifest/schema';

describe('d', () => {
  it('is a valibot description action carrying the text', () => {
    const action = d<string>('Heading.');
    expect(action).toMatchObject({ kind: 'metadata', type: 'description', description: 'Heading.' });
  });

  it('is read back by valibot from a pipe', () => {
    expect(v.getDescription(v.pipe(v.string(), d('A CSS selector.')))).toBe('A CSS selector.');
  });

  it('keeps the text exactly, quotes, unicode and all', () => {
    const text = 'Text shown to users, e.g. {"en": "Save", "es": "Guardar", "ja": "保存"} — "quoted".';
    expect(v.getDescription(v.pipe(v.string(), d(text)))).toBe(text);
  });

  it('changes nothing about what a schema accepts or outputs', () => {
    const plain = v.pipe(v.number(), v.minValue(0));
    const described = v.pipe(v.number(), v.minValue(0), d('Seconds.'));
    for (const value of [0, 5, -1, '5', null]) {
      const a = v.safeParse(plain, value);
      const b = v.safeParse(described, value);
      expect([b.success, b.output]).toEqual([a.success, a.output]);
    }
  });

  it('the last description of a pipe wins (a field re-described where it is used)', () => {
    expect(v.getDescription(v.pipe(v.string(), d('first'), d('second')))).toBe('second');
  });

  it('describes the manifest\'s fields', () => {
    expect(v.getDescription(Placement)).toMatch(/^Preferred side of the target\./);
  });
});
