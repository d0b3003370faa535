/**
 * The collector's request bodies (`guidepost serve`): read within a bound, decoded strictly.
 */
import type { IncomingMessage } from 'node:http';

/**
 * The body's bytes, or undefined as soon as they pass `maxBytes`: a chunked upload has no
 * length to refuse up front, and waiting for its end would leave an endless one unanswered
 * while the server kept reading it. What still comes is discarded (the stream keeps flowing,
 * so the client can read the 413 rather than a reset; Node's requestTimeout ends it).
 */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((ok, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      chunks.length = 0;
      req.off('data', onData);
      req.resume();
      ok(undefined);
    };
    req.on('data', onData);
    req.on('end', () => ok(Buffer.concat(chunks)));
    req.on('error', fail);
  });
}

/**
 * The body as text, or undefined when it is not UTF-8: decoded lossily, bad bytes would be
 * stored as U+FFFD in place of what was sent, and acknowledged. (`ignoreBOM`: the collector
 * drops a leading BOM itself.)
 */
export function utf8(body: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    return undefined;
  }
}
