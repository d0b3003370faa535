/**
 * The HTTP transport (src/track/transport.ts) against a real HTTP server on 127.0.0.1, with
 * Node's own fetch: a collector that answers with a redirect has not taken the events. Followed,
 * the POST to /collect would become a GET of the login page (200 HTML) and the events would be
 * deleted from the outbox without arriving. Fake-fetch cases are in transport.dom.test.ts.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createDelivery } from '../../src/track/delivery';
import { DeliveryError, httpTransport } from '../../src/track/transport';
import { deliveryConfig, eventAt } from '../support/delivery-config';

interface Seen {
  method: string;
  url: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A collector whose POST /collect answers `collectStatus` (a redirect to /login unless 2xx); anything else is a 200 HTML page. */
async function collector(initialStatus: number) {
  const seen: Seen[] = [];
  const state = { collectStatus: initialStatus };
  const server = createServer((request: IncomingMessage, response) => {
    request.resume();
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '' });
      if (request.method === 'POST' && request.url === '/collect' && state.collectStatus >= 300) {
        response.writeHead(state.collectStatus, { location: '/login' }).end();
      } else if (request.method === 'POST' && request.url === '/collect') {
        response.writeHead(state.collectStatus).end();
      } else {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Sign in</title>');
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/collect`;
  return { url, seen, state };
}

describe('httpTransport: a collector that answers with a redirect', () => {
  it.each([301, 302, 303, 307, 308])('%i: rejects (retry later), naming the URL and the redirect, and follows it nowhere', async (status) => {
    const { url, seen } = await collector(status);
    const sending = httpTransport(url).send([eventAt(1)]);
    await expect(sending).rejects.toBeInstanceOf(DeliveryError);
    const error = (await sending.catch((e: unknown) => e)) as DeliveryError;
    expect(error.message).toContain(url);
    expect(error.message).toContain(`redirect (${status})`);
    // No status that reads as malformed (dropped) or as the endpoint refusing (the page stops).
    expect(error.status).toBeUndefined();
    expect(error.permanent).toBe(false);
    expect(seen).toEqual([{ method: 'POST', url: '/collect' }]);
  });

  it('through delivery: the events stay in the outbox, the report names the URL, and they arrive once the collector answers', async () => {
    const { url, seen, state } = await collector(302);
    // random 0.5: every retry 100 ms after the failure before it.
    const { config, reports } = deliveryConfig({ transport: httpTransport(url), retryBaseMs: 200, retryMaxMs: 200, batchDelayMs: 0 });
    const delivery = createDelivery(config);
    try {
      await delivery.ready;
      const event = eventAt(1);
      delivery.enqueue(event);
      // Two refused attempts: the first failure, and the retry that came after its backoff.
      await expect.poll(() => seen.length).toBeGreaterThanOrEqual(2);
      expect(delivery.stats().failures).toBeGreaterThanOrEqual(1);
      expect(delivery.pending()).toBe(1);
      expect((await config.outbox.list(10)).map((r) => r.id)).toEqual([event.event_id]);
      expect(reports).toEqual([`Guidepost could not deliver 1 event(s), will retry: collector ${url} answered with a redirect (302): events kept, not delivered`]);
      expect(seen.some((s) => s.url === '/login')).toBe(false);
      // The collector is fixed: the backoff's retry delivers.
      state.collectStatus = 204;
      await expect.poll(() => delivery.pending()).toBe(0);
      expect(await config.outbox.count()).toBe(0);
      expect(seen.every((s) => s.method === 'POST' && s.url === '/collect')).toBe(true);
    } finally {
      delivery.dispose();
    }
  });
});
