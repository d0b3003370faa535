/**
 * The keepalive requests in flight (src/track/keepalive-in-flight.ts), in Node: `bodyBytes` is
 * the exact size of the body the HTTP transport writes; a request counts (bytes and ids) until
 * its promise settles, resolved or rejected; two requests carrying one id keep it carried until
 * both settled; a body too large for keepalive is not counted.
 */
import { describe, expect, it } from 'vitest';
import { bodyBytes, createKeepaliveInFlight } from '../../src/track/keepalive-in-flight';
import { stringifyJson } from '../../src/track/json-text';
import { KEEPALIVE_LIMIT, utf8Length } from '../../src/track/transport';
import { eventAt } from '../support/delivery-config';

/** A promise and the means to settle it from the test. */
function settleable() {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('bodyBytes', () => {
  it.each([
    ['no event', []],
    ['one event', [eventAt(1)]],
    ['three events', [eventAt(1), eventAt(2), eventAt(3)]],
    ['non-ASCII properties (2-, 3- and 4-byte characters)', [{ ...eventAt(1), properties: { text: 'é€😀' } }, eventAt(2)]],
  ])('%s: the UTF-8 length of {"events":[...]} as the transport writes it', (_label, events) => {
    expect(bodyBytes(events)).toBe(utf8Length(stringifyJson({ events })));
  });

  it('undefined when an event cannot be written (nested past the bound)', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 1500; i++) deep = { v: deep };
    expect(bodyBytes([eventAt(1), { ...eventAt(2), properties: deep }])).toBeUndefined();
  });
});

describe('createKeepaliveInFlight', () => {
  it('counts a request until it resolves, and one until it rejects', async () => {
    const [bytes, carries, track] = createKeepaliveInFlight();
    const [a, b] = [settleable(), settleable()];
    track(['x', 'y'], 1_000, a.promise);
    track(['z'], 500, b.promise);
    expect([bytes(), carries('x'), carries('y'), carries('z'), carries('w')]).toEqual([1_500, true, true, true, false]);
    a.resolve();
    await a.promise;
    expect([bytes(), carries('x'), carries('z')]).toEqual([500, false, true]);
    b.reject(new Error('network'));
    await b.promise.catch(() => undefined);
    expect([bytes(), carries('z')]).toEqual([0, false]);
  });

  it('an id two requests carry stays carried until both settled', async () => {
    const [bytes, carries, track] = createKeepaliveInFlight();
    const [a, b] = [settleable(), settleable()];
    track(['x'], 100, a.promise);
    track(['x'], 200, b.promise);
    a.resolve();
    await a.promise;
    expect([bytes(), carries('x')]).toEqual([200, true]);
    b.resolve();
    await b.promise;
    expect([bytes(), carries('x')]).toEqual([0, false]);
  });

  it('a body over KEEPALIVE_LIMIT (sent without keepalive) or that cannot be written is not counted', () => {
    const [bytes, carries, track] = createKeepaliveInFlight();
    const never = new Promise<void>(() => undefined);
    track(['x'], KEEPALIVE_LIMIT + 1, never);
    track(['y'], undefined, never);
    expect([bytes(), carries('x'), carries('y')]).toEqual([0, false, false]);
    track(['z'], KEEPALIVE_LIMIT, never);
    expect([bytes(), carries('z')]).toEqual([KEEPALIVE_LIMIT, true]);
  });
});
