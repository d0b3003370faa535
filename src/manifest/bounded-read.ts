/**
 * Reads a fetched manifest's body with a bound on its size. A manifest is the product's help
 * content: a few hundred kilobytes even in many languages. A response of tens of megabytes (a
 * misconfigured route, a hostile proxy) would otherwise be parsed and validated on the main
 * thread for seconds, freezing the host page and timing out its storage.
 */

/** The largest manifest the SDK reads, in bytes of its body (docs/manifest.md, "Limits"). */
export const MAX_MANIFEST_BYTES = 4_000_000;

const tooLarge = (bytes: number | string) => new Error(`larger than ${MAX_MANIFEST_BYTES.toLocaleString('en')} bytes (${typeof bytes === 'number' ? `${bytes.toLocaleString('en')} bytes` : bytes}); split the help into smaller manifests or compile it with "guidepost build"`);

/**
 * The body of `response` as text, or an error once it is over `max` bytes: refused from its
 * Content-Length when it says so, else while streaming (the rest is not downloaded).
 */
export async function readBoundedText(response: Response, max = MAX_MANIFEST_BYTES): Promise<string> {
  const declared = Number(response.headers?.get?.('content-length'));
  if (Number.isFinite(declared) && declared > max) {
    void response.body?.cancel().catch(() => undefined);
    throw tooLarge(declared);
  }
  const reader = response.body?.getReader?.();
  if (!reader) {
    // No stream (some test doubles): read, then check.
    const text = await response.text();
    if (text.length > max) throw tooLarge('more than that');
    return text;
  }
  const decoder = new TextDecoder();
  let received = 0;
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    received += value.byteLength;
    if (received > max) {
      void reader.cancel().catch(() => undefined);
      throw tooLarge('more than that');
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
