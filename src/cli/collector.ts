/**
 * The event collector: `POST /collect` takes `{"events": [...]}` (or a bare array), as
 * `application/json` or `text/plain` (beacons), checks every event against schema v1,
 * drops events whose `event_id` it already stored, and appends the rest as NDJSON.
 *
 * - All or nothing per request: a malformed event gets HTTP 400 with the reason and
 *   nothing of that request is stored, so a client never half-delivers a batch. Every
 *   problem with the body is a 4xx, never a 500: clients retry 5xx, and a bad body stays bad.
 * - `event_id`s are compared lower-cased (UUIDs are case-insensitive) and stored that way.
 * - Durable before acknowledged: the file is opened once, concurrent requests are
 *   group-committed (one append and one `fdatasync` for every batch waiting), and a
 *   request is answered 200 only after its events reached the disk.
 * - Exactly once in the file: an id is "seen" once its write is durable; a request
 *   carrying an id whose write is still in flight waits for that write and shares its
 *   fate (a failed write answers 500 to both, so both clients retry).
 * - A torn last line (crash mid-append) is repaired on start, never appended onto.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { eventProblem, timestampProblem, type GuidepostEvent } from '../track/event';

export const MAX_BODY_BYTES = 1_000_000;

export interface CollectResult {
  status: number;
  body: { accepted?: number; duplicates?: number; error?: string };
}

export interface Collector {
  /** Handles one request body (the raw text). Never rejects. */
  collect(bodyText: string): Promise<CollectResult>;
  readonly file: string;
  /** Waits for pending writes and closes the file. */
  close(): Promise<void>;
}

export interface CollectorOptions {
  /** `fdatasync` after each group of appends, before answering. @default true */
  durable?: boolean;
}

interface PendingAppend {
  text: string;
  done: (error?: Error) => void;
}

export async function createCollector(dataDir: string, options: CollectorOptions = {}): Promise<Collector> {
  const file = join(dataDir, 'events.ndjson');
  const durable = options.durable ?? true;
  const seen = await loadSeenIds(file);
  /** Ids whose write is in flight, with that write. */
  const inflight = new Map<string, Promise<void>>();
  let handle: FileHandle | undefined;
  let queue: PendingAppend[] = [];
  let draining: Promise<void> | undefined;

  const openHandle = async () => {
    if (!handle) {
      await mkdir(dataDir, { recursive: true });
      handle = await open(file, 'a');
    }
    return handle;
  };

  /** Group commit: everything queued while the previous write+sync ran goes out in one. */
  const drain = async () => {
    while (queue.length) {
      const group = queue;
      queue = [];
      try {
        const target = await openHandle();
        await target.appendFile(group.map((p) => p.text).join(''), 'utf8');
        if (durable) await target.datasync();
        group.forEach((p) => p.done());
      } catch (error) {
        // The file may now end in a torn line: reopen (and repair) before the next append.
        const broken = handle;
        handle = undefined;
        await broken?.close().catch(() => undefined);
        await repairTail(file).catch(() => undefined);
        group.forEach((p) => p.done(error as Error));
      }
    }
  };

  const append = (text: string) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ text, done: (error) => (error ? reject(error) : resolve()) });
      draining ??= drain().finally(() => {
        draining = undefined;
      });
    });

  return {
    file,
    async collect(bodyText) {
      const read = readEvents(bodyText);
      if ('error' in read) return { status: 400, body: { error: read.error } };
      const { events, lines } = read;
      const fresh: string[] = [];
      const ids = new Set<string>();
      const others = new Set<Promise<void>>();
      for (const [index, event] of events.entries()) {
        const id = event.event_id;
        if (seen.has(id) || ids.has(id)) continue;
        const pending = inflight.get(id);
        if (pending) {
          others.add(pending);
          continue;
        }
        ids.add(id);
        fresh.push(lines[index]);
      }
      let own: Promise<void> | undefined;
      if (fresh.length) {
        own = append(fresh.join('\n') + '\n').then(
          () => {
            // In the same continuation as the write's end: no moment where an id is neither seen nor in flight.
            for (const id of ids) {
              seen.add(id);
              inflight.delete(id);
            }
          },
          (error: Error) => {
            for (const id of ids) inflight.delete(id);
            throw error;
          },
        );
        for (const id of ids) inflight.set(id, own);
      }
      try {
        await Promise.all([own, ...others]);
      } catch (error) {
        return { status: 500, body: { error: `could not store events: ${(error as Error).message}` } };
      }
      return { status: 200, body: { accepted: fresh.length, duplicates: events.length - fresh.length } };
    },
    async close() {
      await draining;
      const current = handle;
      handle = undefined;
      await current?.close();
    },
  };
}

/**
 * Parses and validates a request body, and serializes each event (with its id normalised) into
 * the line it will be stored as. Every failure here is the request's fault, so it is a 400: a
 * client retries 5xx forever, and a body that cannot be read never becomes readable.
 */
function readEvents(bodyText: string): { events: GuidepostEvent[]; lines: string[] } | { error: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText.charCodeAt(0) === 0xfeff ? bodyText.slice(1) : bodyText);
  } catch (error) {
    // V8's JSON.parse does not recurse, but another engine's may throw a RangeError on deep input.
    return { error: `body is not valid JSON: ${(error as Error).message}` };
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { events?: unknown } | null)?.events;
  if (!Array.isArray(list)) return { error: 'expected {"events": [...]} or an array of events' };
  const events: GuidepostEvent[] = [];
  const lines: string[] = [];
  for (const [index, value] of list.entries()) {
    try {
      const problem = eventProblem(value) ?? timestampZoneProblem((value as GuidepostEvent).ts);
      if (problem) return { error: `events[${index}]: ${problem}` };
      const event = { ...(value as GuidepostEvent), event_id: normaliseId((value as GuidepostEvent).event_id) };
      lines.push(JSON.stringify(event));
      events.push(event);
    } catch (error) {
      return { error: `events[${index}]: cannot be stored: ${(error as Error).message}` };
    }
  }
  return { events, lines };
}

/** Why `ts` names no instant (track/event.ts, which eventProblem already applies), or undefined. */
export const timestampZoneProblem = (ts: string): string | undefined => timestampProblem(ts);

/**
 * Event ids are UUIDs, which are case-insensitive (RFC 9562); the SDK writes lower case. One
 * spelling per id, so `ABC…` and `abc…` de-duplicate, in the file as in memory.
 */
function normaliseId(id: string): string {
  return id.toLowerCase();
}

/**
 * Reads the ids already stored, streaming (the file can be large). A last line without
 * its newline (a crash mid-append) is kept if it is a whole event, else cut off, so the
 * next append starts on a line of its own.
 */
async function loadSeenIds(file: string): Promise<Set<string>> {
  const seen = new Set<string>();
  try {
    await stat(file);
  } catch {
    return seen;
  }
  const remember = (line: string) => {
    try {
      const id = (JSON.parse(line) as { event_id?: unknown }).event_id;
      if (typeof id === 'string') seen.add(normaliseId(id));
      return true;
    } catch {
      return false; // a torn line in the middle (from before repairs existed) is skipped, not fatal
    }
  };
  const tail = await scanLines(file, remember);
  if (tail.rest.length) {
    const handle = await open(file, 'r+');
    try {
      if (remember(tail.rest.toString('utf8'))) await handle.write('\n', tail.end + tail.rest.length);
      else await handle.truncate(tail.end);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  }
  return seen;
}

/** Cuts a torn last line off (after a failed append). */
async function repairTail(file: string): Promise<void> {
  const tail = await scanLines(file, () => true);
  if (tail.rest.length) await truncate(file, tail.end);
}

/** Calls `onLine` for each complete line; returns where the complete lines end and what follows. */
async function scanLines(file: string, onLine: (line: string) => unknown): Promise<{ end: number; rest: Buffer }> {
  let carry: Buffer = Buffer.alloc(0);
  let end = 0;
  for await (const chunk of createReadStream(file)) {
    const buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let start = 0;
    for (let newline = buffer.indexOf(10, start); newline !== -1; newline = buffer.indexOf(10, start)) {
      if (newline > start) onLine(buffer.toString('utf8', start, newline));
      start = newline + 1;
    }
    end += start;
    carry = buffer.subarray(start);
  }
  return { end, rest: carry };
}
