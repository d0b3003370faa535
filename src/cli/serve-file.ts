/**
 * How `guidepost serve` sends a static file: streamed from disk, never read whole, so a large
 * file left in the served folder (a video, a database dump) costs a read buffer per request
 * instead of its size, and a HEAD request does not read it at all.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { open, stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';

/**
 * Answers `req` with the file at `path` (found and checked by the caller): status 200, `headers`
 * and the file's Content-Length, then its bytes for GET, nothing for HEAD (which only stats it).
 *
 * Resolves false, having sent nothing, when the file is gone, or is no longer a file, since the
 * caller found it: the caller then answers as for a missing file. Any other error before the
 * headers (EACCES, EMFILE) rejects, with nothing sent.
 *
 * Once the headers are out it never rejects. A read error, or a file that turns out shorter than
 * its Content-Length, destroys the response: the client sees a cut-off download, never one that
 * looks complete. A client that goes away mid-file destroys the file stream, which closes the
 * file. A file that grows meanwhile is sent only up to the size announced.
 */
export async function sendFile(req: IncomingMessage, res: ServerResponse, path: string, headers: Record<string, string>): Promise<boolean> {
  if (req.method === 'HEAD') {
    const stats = await stat(path).catch(unlessGone);
    if (!stats?.isFile()) return false;
    res.writeHead(200, { ...headers, 'content-length': String(stats.size) });
    res.end();
    return true;
  }
  const file = await open(path).catch(unlessGone);
  if (!file) return false;
  const stats = await file.stat().catch(async (error: unknown) => {
    await file.close();
    throw error;
  });
  const size = stats.size;
  if (!stats.isFile()) {
    await file.close();
    return false; // replaced by a folder meanwhile: as gone
  }
  res.writeHead(200, { ...headers, 'content-length': String(size) });
  if (size === 0) {
    await file.close(); // nothing to read (and a read stream cannot be asked for bytes 0 to -1)
    res.end();
    return true;
  }
  // autoClose (the default) closes the file when the stream ends or is destroyed.
  const source = file.createReadStream({ start: 0, end: size - 1 });
  try {
    // Not ended by pipeline: only this function knows whether every announced byte was read.
    // It still destroys the file stream if the response closes first (the client went away).
    await pipeline(source, res, { end: false });
  } catch {
    res.destroy();
    return true;
  }
  if (source.bytesRead < size) res.destroy(); // the file shrank while it was read
  else res.end();
  return true;
}

/** A file that is not there (any more) resolves undefined; any other error is thrown on. */
function unlessGone(error: NodeJS.ErrnoException): undefined {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
  throw error;
}
