/**
 * The HTTP transport (with fake fetch and sendBeacon), Retry-After parsing, and the
 * Web Locks runner (with a fake LockManager).
 */
import { describe, expect, it, vi } from 'vitest';
import type { GuidepostEvent } from '../../src/track/event';
import { webLock, type LockManagerLike } from '../../src/track/lock';
import { DeliveryError, httpTransport, KEEPALIVE_LIMIT, parseRetryAfter, utf8Length } from '../../src/track/transport';

const event = (padding = ''): GuidepostEvent => ({
  event_id: '0193f0c2-7a00-7000-8000-000000000001',
  type: 'goal',
  name: 'x',
  ts: '2026-11-22T10:00:00.000Z',
  schema_version: 1,
  sdk_version: '0.1.0',
  anonymous_id: 'a',
  user_id: null,
  account_id: null,
  session_id: 's',
  revision: null,
  url: null,
  ...(padding ? { properties: { padding } } : {}),
});

function fakeFetch(respond: () => Response | Promise<Response>) {
  const requests: { url: string; init: RequestInit }[] = [];
  const fetchFn = (async (url: string, init: RequestInit) => {
    requests.push({ url, init });
    return respond();
  }) as unknown as typeof fetch;
  return { fetchFn, requests };
}

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-22T10:00:00Z');
  it('reads delay-seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('30', now)).toBe(30_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});

describe('httpTransport: a request that never answers', () => {
  /** A fetch that answers only when aborted (as a hung collector would, until the timeout). */
  function hangingFetch() {
    const signals: (AbortSignal | undefined)[] = [];
    const fetchFn = ((_url: string, init: RequestInit) => {
      signals.push(init.signal ?? undefined);
      return new Promise<Response>((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    }) as unknown as typeof fetch;
    return { fetchFn, signals };
  }

  it.each([[{}], [{ keepalive: true }], [{ beacon: true }]])('is aborted after timeoutMs, also with %o (keepalive), and rejects to be retried', async (sendOptions) => {
    const { fetchFn, signals } = hangingFetch();
    const transport = httpTransport('/collect', { fetch: fetchFn, sendBeacon: () => false, timeoutMs: 20 });
    await expect(transport.send([event()], sendOptions)).rejects.toBeInstanceOf(DeliveryError);
    expect(signals[0]?.aborted).toBe(true);
  });

  it('a refusal whose body never comes (503 headers, then nothing) is bounded by timeoutMs too: aborted, the attempt fails to be retried', async () => {
    // As fetch does: the answer's body errors when the request is aborted (Fetch standard, "abort fetch").
    const { fetchFn, requests } = fakeFetch(() => {
      const signal = requests[0].init.signal!;
      const body = new ReadableStream<Uint8Array>({ start: (stream) => signal.addEventListener('abort', () => stream.error(signal.reason)) });
      return new Response(body, { status: 503 });
    });
    const transport = httpTransport('/c', { fetch: fetchFn, timeoutMs: 20 });
    await expect(transport.send([event()])).rejects.toMatchObject({ status: 503, permanent: false, message: 'collector /c answered 503' });
    expect(requests[0].init.signal?.aborted).toBe(true);
  });
});

describe('httpTransport on a page that changed Array.prototype.toJSON (Prototype.js 1.6)', () => {
  it('still posts {"events": [...]}, an array, and leaves a Date in properties to its own toJSON', async () => {
    const { fetchFn, requests } = fakeFetch(() => new Response('{}', { status: 200 }));
    const proto = Array.prototype as unknown as { toJSON?: () => string };
    proto.toJSON = function (this: unknown[]) {
      return JSON.stringify(Array.from(this));
    };
    try {
      const withDate = { ...event(), properties: { list: [1, 2], when: new Date('2026-11-22T10:00:00.000Z') } } as unknown as GuidepostEvent;
      await httpTransport('/collect', { fetch: fetchFn }).send([event(), withDate]);
    } finally {
      delete proto.toJSON;
    }
    const body = JSON.parse(requests[0].init.body as string);
    expect(Array.isArray(body.events)).toBe(true);
    expect(body.events).toHaveLength(2);
    expect(body.events[1].properties).toEqual({ list: [1, 2], when: '2026-11-22T10:00:00.000Z' });
  });
});

describe('httpTransport', () => {
  it('POSTs JSON and resolves acknowledged on 2xx', async () => {
    const { fetchFn, requests } = fakeFetch(() => new Response('{"accepted":1}', { status: 200 }));
    const result = await httpTransport('/collect', { fetch: fetchFn }).send([event()]);
    expect(result).toEqual({ acknowledged: true });
    expect(requests[0].url).toBe('/collect');
    expect(requests[0].init).toMatchObject({ method: 'POST', keepalive: false });
    expect(JSON.parse(requests[0].init.body as string).events[0].event_id).toBe(event().event_id);
  });

  it("lets go of a 2xx answer's body (its connection is not held open), and reads only the start of a refusal's", async () => {
    const chunks = (count: number, size: number) => {
      let pulled = 0;
      let canceled = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled++ < count) controller.enqueue(new TextEncoder().encode('x'.repeat(size)));
          else controller.close();
        },
        cancel() {
          canceled = true;
        },
      });
      return { body, pulls: () => pulled, canceled: () => canceled };
    };
    const ok = chunks(3, 10);
    await httpTransport('/c', { fetch: fakeFetch(() => new Response(ok.body, { status: 200 })).fetchFn }).send([event()]);
    await vi.waitFor(() => expect(ok.canceled()).toBe(true));
    // A megabyte-sized refusal: one chunk read, the rest canceled; the reason is 200 characters.
    const refusal = chunks(1_000, 1_000);
    const error = (await httpTransport('/c', { fetch: fakeFetch(() => new Response(refusal.body, { status: 500 })).fetchFn }).send([event()]).catch((e: DeliveryError) => e)) as DeliveryError;
    expect(error.message).toBe(`collector /c answered 500: ${'x'.repeat(200)}`);
    await vi.waitFor(() => expect(refusal.canceled()).toBe(true));
    expect(refusal.pulls()).toBeLessThan(5);
  });

  it('rejects with the status, the reason, and Retry-After (seconds or date) on 429/503', async () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    const limited = fakeFetch(() => new Response('slow down', { status: 429, headers: { 'retry-after': '12' } }));
    const error = await httpTransport('/collect', { fetch: limited.fetchFn, now: () => now }).send([event()]).catch((e: DeliveryError) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 12_000, permanent: false });
    expect((error as Error).message).toContain('429: slow down');
    const unavailable = fakeFetch(() => new Response('', { status: 503, headers: { 'retry-after': 'Sun, 22 Nov 2026 10:00:30 GMT' } }));
    await expect(httpTransport('/collect', { fetch: unavailable.fetchFn, now: () => now }).send([event()])).rejects.toMatchObject({ status: 503, retryAfterMs: 30_000 });
  });

  it('classifies 4xx (but 408/429) as permanent, network errors as transient', async () => {
    for (const [status, permanent] of [[400, true], [413, true], [422, true], [408, false], [429, false], [500, false], [503, false]] as const) {
      const { fetchFn } = fakeFetch(() => new Response('no', { status }));
      await expect(httpTransport('/c', { fetch: fetchFn }).send([event()])).rejects.toMatchObject({ status, permanent });
    }
    const offline = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    await expect(httpTransport('/c', { fetch: offline }).send([event()])).rejects.toMatchObject({ status: undefined, permanent: false });
  });

  it('beacons as text/plain (no preflight) and reports no acknowledgement', async () => {
    const beacons: { url: string; data: Blob }[] = [];
    const { fetchFn, requests } = fakeFetch(() => new Response('', { status: 200 }));
    const transport = httpTransport('/collect', { fetch: fetchFn, sendBeacon: (url, data) => (beacons.push({ url, data }), true) });
    await expect(transport.send([event()], { beacon: true })).resolves.toEqual({ acknowledged: false });
    expect(beacons[0].data.type).toBe('text/plain');
    expect(requests).toHaveLength(0);
  });

  it('falls back to fetch with keepalive when the browser refuses the beacon', async () => {
    const { fetchFn, requests } = fakeFetch(() => new Response('', { status: 200 }));
    const transport = httpTransport('/collect', { fetch: fetchFn, sendBeacon: () => false });
    await expect(transport.send([event()], { beacon: true })).resolves.toEqual({ acknowledged: true });
    expect(requests[0].init.keepalive).toBe(true);
  });

  it('never asks for keepalive above the browsers\' 64 KiB limit', async () => {
    const { fetchFn, requests } = fakeFetch(() => new Response('', { status: 200 }));
    const big = [event('z'.repeat(KEEPALIVE_LIMIT))];
    await httpTransport('/collect', { fetch: fetchFn }).send(big, { keepalive: true });
    expect(requests[0].init.keepalive).toBe(false);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    expect(utf8Length('aé€😀')).toBe(1 + 2 + 3 + 4);
    expect(utf8Length('😀')).toBe(new TextEncoder().encode('😀').length);
  });
});

describe('httpTransport: redirects (real server cases in transport.test.ts)', () => {
  /** What a browser's fetch answers with `redirect: 'manual'`: an opaque redirect, status 0, no headers. */
  const opaqueRedirect = () => ({ type: 'opaqueredirect', status: 0, ok: false, redirected: false, body: null, headers: new Headers() }) as unknown as Response;

  it("asks fetch not to follow redirects, and rejects an opaque redirect (a browser's answer) as not delivered, to be retried", async () => {
    const { fetchFn, requests } = fakeFetch(opaqueRedirect);
    const error = (await httpTransport('https://c.test/collect', { fetch: fetchFn }).send([event()]).catch((e: unknown) => e)) as DeliveryError;
    expect(requests[0].init.redirect).toBe('manual');
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.message).toBe('collector https://c.test/collect answered with a redirect: events kept, not delivered');
    expect([error.status, error.permanent]).toEqual([undefined, false]);
  });

  it('rejects a 2xx that a host fetch reached by following a redirect anyway (the POST became a GET elsewhere)', async () => {
    const followed = () => Object.defineProperty(new Response('<html>Sign in</html>', { status: 200 }), 'redirected', { value: true });
    const { fetchFn } = fakeFetch(followed);
    await expect(httpTransport('https://c.test/collect', { fetch: fetchFn }).send([event()])).rejects.toThrow('collector https://c.test/collect answered with a redirect: events kept');
  });
});

describe('webLock', () => {
  function fakeLocks() {
    const held = new Set<string>();
    const manager: LockManagerLike = {
      async request(name, _options, callback) {
        if (held.has(name)) return callback(null);
        held.add(name);
        try {
          return await callback({ name });
        } finally {
          held.delete(name);
        }
      },
    };
    return manager;
  }

  it('runs one holder at a time; the other is told the lock is taken (ifAvailable)', async () => {
    const locks = fakeLocks();
    const a = webLock('guidepost-outbox', locks);
    const b = webLock('guidepost-outbox', locks);
    let release!: () => void;
    const first = a(() => new Promise<string>((resolve) => (release = () => resolve('a'))));
    await expect(b(async () => 'b')).resolves.toEqual({ acquired: false });
    release();
    await expect(first).resolves.toEqual({ acquired: true, value: 'a' });
    await expect(b(async () => 'b')).resolves.toEqual({ acquired: true, value: 'b' });
  });

  it('flushes anyway without Web Locks, or when the lock manager throws', async () => {
    await expect(webLock('x', null)(async () => 1)).resolves.toEqual({ acquired: true, value: 1 });
    const throwing: LockManagerLike = {
      request: () => Promise.reject(new DOMException('opaque origin', 'SecurityError')),
    };
    await expect(webLock('x', throwing)(async () => 2)).resolves.toEqual({ acquired: true, value: 2 });
  });

  it('passes the task\'s own failure up', async () => {
    const run = webLock('x', fakeLocks());
    await expect(run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  });
});
