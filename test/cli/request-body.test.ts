/**
 * The collector's request bodies (src/cli/request-body.ts): read whole within the bound, refused
 * as soon as they pass it (the rest of the stream discarded, not buffered), decoded strictly.
 */
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readBody, utf8 } from '../../src/cli/request-body';

const request = (chunks: Buffer[]) => Readable.from(chunks) as unknown as IncomingMessage;

describe('readBody', () => {
  it('returns every byte of a body within the bound', async () => {
    expect((await readBody(request([Buffer.from('{"a":'), Buffer.from('1}')]), 100))?.toString()).toBe('{"a":1}');
  });

  it('answers undefined once the bound is passed, and lets the rest flow by', async () => {
    let sent = 0;
    // 64 more bytes each time the reader asks, 64,000 in all: far past the bound.
    const long = new Readable({
      read() {
        this.push(sent++ < 1000 ? Buffer.alloc(64, 'a') : null);
      },
    });
    const ended = new Promise((resolve) => long.once('end', resolve));
    await expect(readBody(long as unknown as IncomingMessage, 100)).resolves.toBeUndefined();
    // Discarded, not left paused: the client's upload can finish and read the answer.
    await ended;
  });
});

describe('utf8', () => {
  it('decodes UTF-8 and refuses anything else rather than replace it', () => {
    expect(utf8(Buffer.from('{"name":"Žiak ✓"}'))).toBe('{"name":"Žiak ✓"}');
    expect(utf8(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]))).toBeUndefined();
  });
});
