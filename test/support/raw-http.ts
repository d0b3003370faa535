/**
 * Raw HTTP/1.1 responses, for tests that write requests on a socket themselves (request lines a
 * client library would normalise, HEAD, a download cut short). Not a test file itself.
 */

export interface RawHttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body: as received after the headers, or its chunks joined when it was chunked. */
  body: Buffer;
}

/** A whole response as read from the socket: status, headers, and the body (de-chunked). */
export function parseRawResponse(raw: Buffer): RawHttpResponse {
  const split = raw.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  let body = raw.subarray(split + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; ; ) {
      const lineEnd = body.indexOf('\r\n', at);
      const size = parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(lineEnd + 2, lineEnd + 2 + size));
      at = lineEnd + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status: Number(statusLine.split(' ')[1]), headers, body };
}

/** The same, its body as UTF-8 text. */
export function parseRawTextResponse(raw: Buffer): Omit<RawHttpResponse, 'body'> & { body: string } {
  const response = parseRawResponse(raw);
  return { ...response, body: response.body.toString('utf8') };
}
