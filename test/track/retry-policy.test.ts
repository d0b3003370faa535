// The delivery retry policy is pure: these run in Node, with no DOM, no clock and no timers.
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  capRetryAfter,
  classifyFailure,
  ENDPOINT_REFUSALS,
  isEndpointRefusal,
  isPermanentStatus,
  parseRetryAfter,
} from '../../src/track/retry-policy';
import * as transport from '../../src/track/transport';

describe('classifyFailure', () => {
  it('treats answers about the endpoint as refusals, not as malformed batches', () => {
    for (const status of [401, 403, 404, 405, 410]) {
      expect(classifyFailure(status)).toBe('refused');
      expect(isEndpointRefusal(status)).toBe(true);
      // isPermanentStatus covers them too: the refusal check must come first.
      expect(isPermanentStatus(status)).toBe(true);
    }
    expect([...ENDPOINT_REFUSALS].sort()).toEqual([401, 403, 404, 405, 410]);
  });

  it('treats any other 4xx except 408 and 429 as a malformed batch', () => {
    for (const status of [400, 402, 406, 409, 411, 413, 415, 422, 451, 499]) expect(classifyFailure(status)).toBe('malformed');
  });

  it('retries network errors, timeouts, rate limits and server errors', () => {
    for (const status of [undefined, 408, 429, 500, 502, 503, 504, 599, 302, 200]) expect(classifyFailure(status)).toBe('transient');
    expect(isEndpointRefusal(undefined)).toBe(false);
  });

  it('re-exports the transport decisions unchanged', () => {
    expect(isPermanentStatus).toBe(transport.isPermanentStatus);
    expect(parseRetryAfter).toBe(transport.parseRetryAfter);
  });
});

describe('backoffDelay', () => {
  it('doubles the ceiling per failure, capped at maxMs', () => {
    const ceiling = (failures: number) => backoffDelay(failures, 1000, 60_000, 1);
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(ceiling)).toEqual([1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000]);
    expect(ceiling(100)).toBe(60_000);
  });

  it('uses full jitter: the draw scales the whole delay, from zero up', () => {
    expect(backoffDelay(3, 1000, 60_000, 0)).toBe(0);
    expect(backoffDelay(3, 1000, 60_000, 0.5)).toBe(2000);
    expect(backoffDelay(3, 1000, 60_000, 0.999)).toBeCloseTo(3996);
    for (let i = 0; i < 50; i++) {
      const draw = i / 50;
      const delay = backoffDelay(5, 250, 10_000, draw);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(250 * 2 ** 4);
    }
  });
});

describe('capRetryAfter', () => {
  it('caps the collector’s Retry-After at the configured maximum', () => {
    expect(capRetryAfter(5000, 60_000)).toBe(5000);
    expect(capRetryAfter(86_400_000, 60_000)).toBe(60_000);
    expect(capRetryAfter(0, 60_000)).toBe(0);
  });

  it('is undefined without a Retry-After (the backoff applies instead)', () => {
    expect(capRetryAfter(undefined, 60_000)).toBeUndefined();
    expect(capRetryAfter('30', 60_000)).toBeUndefined();
  });

  it('composes with parseRetryAfter', () => {
    const now = Date.UTC(2026, 10, 22, 10, 0, 0);
    expect(capRetryAfter(parseRetryAfter('120', now), 60_000)).toBe(60_000);
    expect(capRetryAfter(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now), 60_000)).toBe(30_000);
    expect(capRetryAfter(parseRetryAfter('soon', now), 60_000)).toBeUndefined();
  });
});
