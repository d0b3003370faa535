/**
 * src/manifest/bounded-read.ts and its use by loadManifest: a manifest response over the size
 * bound is refused from its Content-Length, or while streaming without downloading the rest;
 * the page then keeps its last good copy, and the error says what and how to fix it.
 */
import { describe, expect, it } from 'vitest';
import { MAX_MANIFEST_BYTES, readBoundedText } from '../../src/manifest/bounded-read';
import { loadManifest } from '../../src/manifest/load';
import { memoryStorage } from '../../src/store/storage';

/** A streamed body of `chunks` chunks of `size` bytes, counting how many were pulled and whether it was cancelled. */
function streamed(chunks: number, size: number) {
  const state = { pulled: 0, cancelled: false };
  const chunk = new TextEncoder().encode(' '.repeat(size));
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (state.pulled === chunks) return controller.close();
      state.pulled++;
      controller.enqueue(chunk);
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { body, state };
}

describe('readBoundedText', () => {
  it('reads a body within the bound, multi-byte characters split across chunks included', async () => {
    const bytes = new TextEncoder().encode('{"a":"Привет 你好"}');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 3) controller.enqueue(bytes.slice(i, i + 3));
        controller.close();
      },
    });
    expect(await readBoundedText(new Response(body))).toBe('{"a":"Привет 你好"}');
  });

  it('refuses a response whose Content-Length is over the bound, without reading it', async () => {
    const { body, state } = streamed(10, 1000);
    const response = new Response(body, { headers: { 'content-length': String(MAX_MANIFEST_BYTES + 1) } });
    await expect(readBoundedText(response)).rejects.toThrow(/larger than 4,000,000 bytes \(4,000,001 bytes\)/);
    expect(state.pulled).toBeLessThanOrEqual(1);
  });

  it('refuses a streamed body once it passes the bound, and stops downloading it', async () => {
    const { body, state } = streamed(1000, 64 * 1024);
    await expect(readBoundedText(new Response(body))).rejects.toThrow(/larger than 4,000,000 bytes/);
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(100);
  });
});

describe('loadManifest with a manifest over the bound', () => {
  const good = { schemaVersion: 1, revision: 'r1', items: [{ id: 'b', type: 'banner', body: 'Hello' }] };

  it('reports a manifest-load error naming the URL and the bound, and keeps the last good copy', async () => {
    const memory = memoryStorage();
    const writes: Promise<void>[] = [];
    const storage = { ...memory, set: (key: string, value: unknown) => (writes.push(memory.set(key, value)), writes[writes.length - 1]) };
    const first = await loadManifest('/help.json', storage, { fetch: async () => new Response(JSON.stringify(good)) });
    expect(first.manifest?.items.map((i) => i.id)).toEqual(['b']);
    // (loadManifest does not wait for the good copy's write: it is waited for here.)
    expect(writes).toHaveLength(1);
    await Promise.all(writes);
    const huge = () => new Response(streamed(100, 64 * 1024).body);
    const later = await loadManifest('/help.json', storage, { fetch: async () => huge() });
    expect(later.loadError).toMatch(/^manifest \/help\.json could not be used \(larger than 4,000,000 bytes/);
    expect(later.manifest?.items.map((i) => i.id)).toEqual(['b']);
  });
});
