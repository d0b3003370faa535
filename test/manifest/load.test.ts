/** A manifest fetched from a URL: the last good copy is kept and used when a new one fails. */
import { describe, expect, it, vi } from 'vitest';
import { loadManifest } from '../../src/manifest/load';
import { memoryStorage } from '../../src/store/storage';

const good = { schemaVersion: 1, revision: 'r1', items: [{ id: 'b', type: 'banner', body: 'Hi' }] };

function fakeFetch(responses: (() => Response)[]): typeof fetch {
  let call = 0;
  return (async () => {
    const next = responses[Math.min(call++, responses.length - 1)];
    return next();
  }) as typeof fetch;
}

describe('loadManifest from a URL', () => {
  it('caches a good copy and falls back to it when the server fails, the JSON breaks or validation refuses it', async () => {
    const storage = memoryStorage();
    const first = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify(good))]) });
    expect(first.manifest?.revision).toBe('r1');
    expect(first.fromCache).toBeUndefined();

    const serverDown = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response('oops', { status: 503 })]) });
    expect(serverDown).toMatchObject({ fromCache: true, manifest: { revision: 'r1' } });
    expect(serverDown.loadError).toBe('manifest /m.json could not be used (HTTP 503); using the last good copy');

    const broken = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response('{"schemaVersion": 1,')]) });
    expect(broken.fromCache).toBe(true);
    expect(broken.loadError).toContain('not valid JSON');

    const refused = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify({ ...good, schemaVersion: 2 }))]) });
    expect(refused.fromCache).toBe(true);
    expect(refused.loadError).toContain('reads schemaVersion 1, found 2');

    const offline = await loadManifest('/m.json', storage, { fetch: (async () => { throw new TypeError('Failed to fetch'); }) as typeof fetch });
    expect(offline.manifest?.revision).toBe('r1');
  });

  it('without a cached copy, reports why nothing could be loaded', async () => {
    const result = await loadManifest('/m.json', memoryStorage(), { fetch: fakeFetch([() => new Response('nope', { status: 404 })]) });
    expect(result.manifest).toBeNull();
    expect(result.loadError).toBe('manifest /m.json could not be loaded: HTTP 404');
  });

  it('a newer good copy replaces the cached one', async () => {
    const storage = memoryStorage();
    await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify(good))]) });
    await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify({ ...good, revision: 'r2' }))]) });
    const fallback = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response('', { status: 500 })]) });
    expect(fallback.manifest?.revision).toBe('r2');
  });

  it('does not wait for the copy to be written (on a first visit that waits for the database to be created)', async () => {
    const storage = memoryStorage();
    // A write that never answers: loading still resolves, with the manifest.
    const set = vi.spyOn(storage, 'set').mockImplementation(() => new Promise<void>(() => {}));
    const result = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify(good))]) });
    expect(result.manifest?.revision).toBe('r1');
    expect(set).toHaveBeenCalledWith('manifest:/m.json', good);
  });

  it('a copy that cannot be written changes nothing for the manifest in hand', async () => {
    const storage = memoryStorage();
    vi.spyOn(storage, 'set').mockRejectedValue(new Error('QuotaExceededError'));
    const result = await loadManifest('/m.json', storage, { fetch: fakeFetch([() => new Response(JSON.stringify(good))]) });
    expect(result.manifest?.revision).toBe('r1');
    expect(result.loadError).toBeUndefined();
  });
});
