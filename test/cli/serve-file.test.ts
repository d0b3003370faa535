/**
 * src/cli/serve-file.ts: `guidepost serve` streams static files instead of reading them whole.
 * Through startServer: HEAD answers a large file's length without opening it, GET sends its exact
 * bytes, the app shell likewise, a client that leaves mid-file does not stop the server. Through
 * sendFile alone, on a server of the test's own: what it resolves when the file vanished, is a
 * folder, cannot be opened, fails to read or shrinks once its headers are out.
 *
 * `open` from node:fs/promises is wrapped (the real one underneath) so that a test sees which
 * files were opened, and whether they were closed again, and can make a read fail or a file
 * shrink at the moment a server could not otherwise be made to meet.
 */
import { mkdir, truncate, writeFile, type FileHandle } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startServer, type RunningServer } from '../../src/cli/serve';
import { sendFile } from '../../src/cli/serve-file';
import { useTempDir } from '../support/cli-harness';
import { parseRawResponse, type RawHttpResponse } from '../support/raw-http';

const files = vi.hoisted(() => ({
  /** Every file handle opened, by the path it was opened with. */
  opened: new Map<string, FileHandle[]>(),
  /** Paths whose read stream fails (EIO) once it has given its first chunk. */
  failing: new Set<string>(),
  /** Paths cut to half their size right after the server has taken their size. */
  shrinking: new Set<string>(),
}));

vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  const open: typeof actual.open = async (...args) => {
    const file = await actual.open(...args);
    const path = String(args[0]);
    files.opened.set(path, [...(files.opened.get(path) ?? []), file]);
    if (files.shrinking.has(path)) {
      const stat = file.stat.bind(file);
      file.stat = (async () => {
        const stats = await stat();
        await actual.truncate(path, Math.floor(stats.size / 2));
        return stats;
      }) as typeof file.stat;
    }
    if (files.failing.has(path)) {
      const createReadStream = file.createReadStream.bind(file);
      file.createReadStream = (options) => {
        const stream = createReadStream(options);
        stream.once('data', () => stream.destroy(Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' })));
        return stream;
      };
    }
    return file;
  };
  return { ...actual, open };
});

const tempDir = useTempDir('guidepost-serve-file-');

const MB = 1024 * 1024;

type RawResponse = RawHttpResponse;


/** One request (Connection: close) on a fresh socket; resolves with all that came back before the socket closed. */
function request(port: number, target: string, method = 'GET'): Promise<RawResponse> {
  return new Promise((ok, fail) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', fail);
    socket.on('close', () => ok(parseRawResponse(Buffer.concat(chunks))));
    socket.write(`${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
  });
}

/** The handles opened for `path` so far. */
const openedFor = (path: string) => files.opened.get(path) ?? [];

beforeEach(() => {
  files.opened.clear();
});

describe('guidepost serve streams static files', () => {
  let server: RunningServer;
  let port = 0;
  let root = '';
  const large = randomBytes(3 * MB);
  const shell = '<!doctype html><title>shell</title>';

  beforeAll(async () => {
    root = join(tempDir(), 'site');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'index.html'), shell);
    await writeFile(join(root, 'app.js'), 'console.log(1);');
    await writeFile(join(root, 'large.bin'), large);
    await writeFile(join(root, 'empty.txt'), '');
    // Sparse: 256 MB that take no room on disk, and more than any socket buffers can hold.
    await writeFile(join(root, 'huge.bin'), '');
    await truncate(join(root, 'huge.bin'), 256 * MB);
    server = await startServer({ port: 0, host: '127.0.0.1', root, dataDir: join(tempDir(), 'data') });
    port = Number(new URL(server.url).port);
  });

  afterAll(async () => {
    await server?.close();
  });

  it('answers HEAD on a large file with its Content-Length and the headers of a GET, no body, and does not open the file', async () => {
    const response = await request(port, '/large.bin', 'HEAD');
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(large.length));
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.body.length).toBe(0);
    expect(openedFor(join(root, 'large.bin'))).toEqual([]);
  });

  it('sends a large file byte for byte with its Content-Length, and closes the file after', async () => {
    const response = await request(port, '/large.bin');
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe(String(large.length));
    expect(response.headers['content-type']).toBe('application/octet-stream');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['transfer-encoding']).toBeUndefined();
    expect(response.body.equals(large)).toBe(true);
    const [file] = openedFor(join(root, 'large.bin'));
    await expect.poll(() => file.fd).toBe(-1);
  });

  it('streams the app shell for a route without an extension: its length for HEAD, its bytes for GET', async () => {
    const head = await request(port, '/projects/42/settings', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength(shell)));
    expect(head.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(head.headers['x-content-type-options']).toBe('nosniff');
    expect(head.body.length).toBe(0);
    expect(openedFor(join(root, 'index.html'))).toEqual([]);
    const get = await request(port, '/projects/42/settings');
    expect(get.status).toBe(200);
    expect(get.headers['content-length']).toBe(String(Buffer.byteLength(shell)));
    expect(get.body.toString('utf8')).toBe(shell);
  });

  it('sends an empty file as an empty 200 with Content-Length 0', async () => {
    const response = await request(port, '/empty.txt');
    expect(response.status).toBe(200);
    expect(response.headers['content-length']).toBe('0');
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(response.body.length).toBe(0);
  });

  it('still answers 404 to a missing file, GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await request(port, '/missing.js', method);
      expect(response.status, method).toBe(404);
      expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(response.headers['x-content-type-options']).toBeUndefined();
      expect(response.body.toString('utf8')).toBe(method === 'GET' ? 'not found' : '');
    }
  });

  it('closes the file of a client that leaves in the middle of a large download, and answers the next request', async () => {
    const path = join(root, 'huge.bin');
    const openWhenLeft = await new Promise<number>((ok, fail) => {
      const socket = connect(port, '127.0.0.1');
      let received = 0;
      socket.on('error', fail);
      socket.on('data', (chunk) => {
        received += chunk.length;
        // Headers and the first part of the body are in: the server is mid-file. Leave.
        if (received > 64 * 1024 && !socket.destroyed) {
          const [file] = openedFor(path);
          socket.destroy();
          ok(file?.fd ?? -1);
        }
      });
      socket.write('GET /huge.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    });
    expect(openWhenLeft).toBeGreaterThanOrEqual(0);
    const [file] = openedFor(path);
    await expect.poll(() => file.fd).toBe(-1);
    const next = await request(port, '/app.js');
    expect(next.status).toBe(200);
    expect(next.body.toString('utf8')).toBe('console.log(1);');
  });
});

describe('sendFile', () => {
  let server: Server;
  let port = 0;
  let dir = '';
  /** What sendFile resolved (or rejected with) for the last request. */
  let outcome: Promise<boolean> = Promise.resolve(false);

  beforeAll(async () => {
    dir = join(tempDir(), 'files');
    await mkdir(join(dir, 'folder'), { recursive: true });
    // Sends the file named by the request path; answers 404 "gone" if sendFile resolves false.
    server = createServer((req, res) => {
      outcome = sendFile(req, res, join(dir, decodeURIComponent(req.url ?? '/')), { 'content-type': 'application/octet-stream' });
      outcome.then(
        (sent) => {
          if (!sent) res.writeHead(404).end('gone');
        },
        (error: NodeJS.ErrnoException) => {
          if (!res.headersSent) res.writeHead(500).end(String(error.code));
        },
      );
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : 0;
  });

  afterAll(async () => {
    server?.closeAllConnections();
    await new Promise((ok) => server?.close(ok));
  });

  it('resolves false, having sent nothing, for a file gone since it was found, GET and HEAD', async () => {
    for (const method of ['GET', 'HEAD']) {
      const response = await request(port, '/vanished.bin', method);
      expect(await outcome, method).toBe(false);
      expect(response.status, method).toBe(404);
      expect(response.headers['content-type'], method).toBeUndefined();
    }
    expect((await request(port, '/nothing/under/it.bin')).status).toBe(404);
  });

  it('resolves false for a folder where the file was, and closes what it opened', async () => {
    for (const method of ['GET', 'HEAD']) {
      expect((await request(port, '/folder', method)).status, method).toBe(404);
      expect(await outcome, method).toBe(false);
    }
    const [handle] = openedFor(join(dir, 'folder'));
    expect(handle.fd).toBe(-1);
  });

  it('rejects, having sent nothing, when the file cannot be opened for another reason', async () => {
    const response = await request(port, `/${'n'.repeat(300)}.bin`);
    await expect(outcome).rejects.toMatchObject({ code: 'ENAMETOOLONG' });
    expect(response.status).toBe(500);
    expect(response.body.toString('utf8')).toBe('ENAMETOOLONG');
  });

  it('destroys the response when a read fails after the headers, resolves, and closes the file', async () => {
    const path = join(dir, 'failing.bin');
    await writeFile(path, randomBytes(MB));
    files.failing.add(path);
    try {
      const response = await request(port, '/failing.bin');
      expect(await outcome).toBe(true);
      expect(response.status).toBe(200);
      expect(response.headers['content-length']).toBe(String(MB));
      expect(response.body.length).toBeLessThan(MB);
      const [file] = openedFor(path);
      await expect.poll(() => file.fd).toBe(-1);
    } finally {
      files.failing.delete(path);
    }
  });

  it('cuts the connection when the file shrinks while it is read, instead of ending a short response as if complete', async () => {
    const path = join(dir, 'shrinking.bin');
    const bytes = randomBytes(MB);
    await writeFile(path, bytes);
    await writeFile(join(dir, 'next.txt'), 'NEXT-RESPONSE');
    files.shrinking.add(path);
    try {
      // Two requests on one keep-alive connection: a response ended as if complete would let
      // the second be answered on it; a cut one closes the connection before that.
      const received = await new Promise<Buffer>((ok, fail) => {
        const socket = connect(port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('error', fail);
        socket.on('close', () => ok(Buffer.concat(chunks)));
        socket.write('GET /shrinking.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /next.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      });
      expect(await outcome).toBe(true);
      const response = parseRawResponse(received);
      expect(response.status).toBe(200);
      expect(response.headers['content-length']).toBe(String(MB));
      expect(response.body.equals(bytes.subarray(0, MB / 2))).toBe(true);
      expect(received.includes('NEXT-RESPONSE')).toBe(false);
    } finally {
      files.shrinking.delete(path);
    }
  });
});
