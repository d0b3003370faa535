/**
 * src/track/delivery-options.ts is types only (the code that reads the knobs is the lazily
 * loaded pipeline). What can drift is its documentation: every numeric `@default` there must
 * be the fallback the code applies — pipeline.ts for the send loop, and tracker.ts and
 * deferred-delivery.ts, which bound their own queues by `maxQueued` before the pipeline loads.
 * The applied values themselves are checked by behaviour in pipeline.dom.test.ts; this file
 * checks the words against the code, and the shapes the types accept (checked by tsc).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { DeliveryKnobs, DeliveryOptions, OutboxPlace } from '../../src/track/delivery-options';
import type { OutboxStore } from '../../src/track/outbox';
import { memoryOutbox } from '../../src/track/outbox';
import { memoryStorage } from '../../src/store/storage';
import { KEEPALIVE_LIMIT } from '../../src/track/transport';

const source = (path: string) => readFileSync(new URL(`../../src/track/${path}`, import.meta.url), 'utf8');
const docs = source('delivery-options.ts');
const pipeline = source('pipeline.ts');

/** The `@default` text written for knob `name` (the JSDoc just above its declaration). */
function documentedDefault(name: string): string {
  const declaration = docs.indexOf(`  ${name}?:`);
  expect(declaration, `knob ${name} is declared`).toBeGreaterThan(0);
  const comment = docs.slice(docs.lastIndexOf('/**', declaration), declaration);
  const match = /@default ([^\n*]+(?:\}|\w))/.exec(comment);
  expect(match, `knob ${name} documents a default`).not.toBeNull();
  return match![1].trim();
}

/** `{ a: 1, b: 2 }` as numbers. */
const numbersOf = (text: string) => Object.fromEntries([...text.matchAll(/(\w+): (\d+)/g)].map(([, key, value]) => [key, Number(value)]));

/** The fallback pipeline.ts applies to `expression` (`options.batchDelayMs`, `options.retry?.baseMs`...). */
function appliedFallback(code: string, expression: string): number {
  const escaped = expression.replace(/[.?]/g, (c) => `\\${c}`);
  const match = new RegExp(`${escaped} \\?\\? ([\\w_]+)`).exec(code);
  expect(match, `a fallback for ${expression}`).not.toBeNull();
  const value = match![1];
  return value === 'KEEPALIVE_LIMIT' ? KEEPALIVE_LIMIT : Number(value.replace(/_/g, ''));
}

describe('documented defaults are the applied ones', () => {
  it('batchDelayMs, batchSize, maxQueued', () => {
    for (const name of ['batchDelayMs', 'batchSize', 'maxQueued']) {
      expect([name, Number(documentedDefault(name))]).toEqual([name, appliedFallback(pipeline, `options.${name}`)]);
    }
  });

  it('retry { baseMs, maxMs, maxRetryAfterMs }', () => {
    const documented = numbersOf(documentedDefault('retry'));
    expect(Object.keys(documented)).toEqual(['baseMs', 'maxMs', 'maxRetryAfterMs']);
    for (const [key, value] of Object.entries(documented)) expect([key, value]).toEqual([key, appliedFallback(pipeline, `options.retry?.${key}`)]);
  });

  it('beacon { maxBytes, maxChunks, budgetBytes, graceMs }', () => {
    const documented = numbersOf(documentedDefault('beacon'));
    expect(Object.keys(documented)).toEqual(['maxBytes', 'maxChunks', 'budgetBytes', 'graceMs']);
    for (const [key, value] of Object.entries(documented)) expect([key, value]).toEqual([key, appliedFallback(pipeline, `options.beacon?.${key}`)]);
    // The documented budget is the browsers' keepalive limit less a margin, as the comment says.
    expect(documented.budgetBytes).toBe(64 * 1024 - 1024);
  });

  it('the queues that wait before the pipeline loads use the same maxQueued', () => {
    const documented = Number(documentedDefault('maxQueued'));
    expect(appliedFallback(source('tracker.ts'), 'options.maxQueued')).toBe(documented);
    expect(appliedFallback(source('deferred-delivery.ts'), 'options.maxQueued')).toBe(documented);
  });

  it('the lock and the outbox defaults are the ones described', () => {
    expect(documentedDefault('lock')).toContain('`guidepost-outbox` when an `outbox` is given, none otherwise');
    expect(pipeline).toContain("options.lock ?? (options.outbox ? webLock('guidepost-outbox') : noLock)");
    expect(documentedDefault('outbox')).toMatch(/^memory/);
    expect(pipeline).toMatch(/if \(!place\) return memoryOutbox\(\);/);
  });
});

describe('the shapes the types accept', () => {
  it('an outbox place is a store, a browser database, or a key-value storage', () => {
    const store: OutboxStore = memoryOutbox();
    const places: OutboxPlace[] = [store, { browser: {} }, { browser: { dbName: 'x', timeoutMs: 10, report: () => undefined } }, { keyValue: memoryStorage() }];
    expect(places).toHaveLength(4);
    expectTypeOf<{ keyValue: string }>().not.toMatchTypeOf<OutboxPlace>();
    expectTypeOf<{ browser: { dbName: number } }>().not.toMatchTypeOf<OutboxPlace>();
  });

  it('every knob is optional; the tracker adds a required clock and reporter', () => {
    expectTypeOf<{}>().toMatchTypeOf<DeliveryKnobs>();
    expectTypeOf<DeliveryKnobs>().not.toMatchTypeOf<DeliveryOptions>();
    expectTypeOf<DeliveryOptions['clock']>().toEqualTypeOf<() => number>();
    expectTypeOf<DeliveryOptions['report']>().toEqualTypeOf<(error: Error) => void>();
    expectTypeOf<{ retry: { baseMs: string } }>().not.toMatchTypeOf<DeliveryKnobs>();
  });
});
