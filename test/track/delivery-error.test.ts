/**
 * The public `DeliveryError` (src/track/delivery-error.ts): what a transport rejects with, and
 * the one decision it carries — `permanent` (a 4xx other than 408 and 429: the batch itself is
 * wrong) versus "retry later" (network error, timeout, rate limit, 5xx). It is exported by the
 * package: hosts writing their own transport construct it and the tracker reads it back.
 */
import { describe, expect, it } from 'vitest';
import { DeliveryError, isPermanentStatus } from '../../src/track/delivery-error';
import * as publicApi from '../../src/index';
import { DeliveryError as fromTransport, isPermanentStatus as permanentFromTransport } from '../../src/track/transport';

describe('DeliveryError', () => {
  it('is an Error named DeliveryError with its message, status and Retry-After', () => {
    const error = new DeliveryError('collector https://c.test/e answered 503', 503, 30_000);
    expect(error).toBeInstanceOf(Error);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.name).toBe('DeliveryError');
    expect(error.message).toBe('collector https://c.test/e answered 503');
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(30_000);
    expect(String(error)).toBe('DeliveryError: collector https://c.test/e answered 503');
    expect(error.stack?.split('\n')[0]).toBe('DeliveryError: collector https://c.test/e answered 503');
  });

  it('has no status and no Retry-After for a network error or a timeout', () => {
    const error = new DeliveryError('collector unreachable: Failed to fetch');
    expect(error.status).toBeUndefined();
    expect(error.retryAfterMs).toBeUndefined();
    expect(error.permanent).toBe(false);
  });

  it('is the class the package exports and the transport re-exports (instanceof works across them)', () => {
    expect(publicApi.DeliveryError).toBe(DeliveryError);
    expect(fromTransport).toBe(DeliveryError);
    expect(permanentFromTransport).toBe(isPermanentStatus);
    expect(new publicApi.DeliveryError('x', 400)).toBeInstanceOf(fromTransport);
  });

  it('can be thrown and caught like any error, keeping its fields', async () => {
    const send = async () => {
      throw new DeliveryError('collector answered 429', 429, 1500);
    };
    await expect(send()).rejects.toMatchObject({ name: 'DeliveryError', status: 429, retryAfterMs: 1500, permanent: false });
  });

  it('permanent: a 4xx other than 408 and 429', () => {
    const permanent = (status: number | undefined) => new DeliveryError('x', status).permanent;
    expect([400, 401, 403, 404, 405, 409, 410, 413, 415, 422, 451, 499].map(permanent)).toEqual(Array(12).fill(true));
    expect([408, 429].map(permanent)).toEqual([false, false]);
    expect([500, 502, 503, 504, 599].map(permanent)).toEqual(Array(5).fill(false));
    expect([200, 204, 301, 304, 399].map(permanent)).toEqual(Array(5).fill(false));
    expect(permanent(undefined)).toBe(false);
  });

  it('permanent follows the status it was made with (a getter, not a snapshot of another field)', () => {
    const error = new DeliveryError('x', 404);
    expect(error.permanent).toBe(true);
    expect(Object.getOwnPropertyDescriptor(DeliveryError.prototype, 'permanent')?.get).toBeTypeOf('function');
  });
});

describe('isPermanentStatus', () => {
  it('draws the line exactly at 400 and 500', () => {
    expect([399, 400, 499, 500].map(isPermanentStatus)).toEqual([false, true, true, false]);
  });

  it('never treats a missing or nonsensical status as permanent (a custom transport may pass junk)', () => {
    for (const status of [undefined, 0, -404, NaN, Infinity, -Infinity]) expect([status, isPermanentStatus(status)]).toEqual([status, false]);
  });

  it('408 (timeout) and 429 (rate limit) are worth retrying', () => {
    expect(isPermanentStatus(408)).toBe(false);
    expect(isPermanentStatus(429)).toBe(false);
  });
});
