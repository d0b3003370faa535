/**
 * The event collector: `POST /collect` takes `{"events": [...]}` (or a bare array), checks
 * every event against schema v1, drops events whose `event_id` it already stored, and
 * appends the rest as NDJSON. A malformed batch gets HTTP 400 with the reason and nothing
 * of it is stored, so a client never half-delivers a batch.
 */
import { createReadStream } from 'node:fs';
import { appendFile, mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { eventProblem, type GuidepostEvent } from '../track/event';

export const MAX_BODY_BYTES = 1_000_000;

export interface CollectResult {
  status: number;
  body: { accepted?: number; duplicates?: number; error?: string };
}

export interface Collector {
  /** Handles one request body (the raw text). */
  collect(bodyText: string): Promise<CollectResult>;
  readonly file: string;
}

export async function createCollector(dataDir: string): Promise<Collector> {
  const file = join(dataDir, 'events.ndjson');
  const seen = await loadSeenIds(file);
  let writing: Promise<unknown> = Promise.resolve();
  let dirReady = false;

  return {
    file,
    async collect(bodyText) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(bodyText);
      } catch (error) {
        return { status: 400, body: { error: `body is not valid JSON: ${(error as Error).message}` } };
      }
      const events = Array.isArray(parsed) ? parsed : (parsed as { events?: unknown } | null)?.events;
      if (!Array.isArray(events)) return { status: 400, body: { error: 'expected {"events": [...]} or an array of events' } };
      for (const [index, event] of events.entries()) {
        const problem = eventProblem(event);
        if (problem) return { status: 400, body: { error: `events[${index}]: ${problem}` } };
      }
      const fresh: GuidepostEvent[] = [];
      for (const event of events as GuidepostEvent[]) {
        if (seen.has(event.event_id)) continue;
        seen.add(event.event_id);
        fresh.push(event);
      }
      if (fresh.length) {
        // Appends are serialized so concurrent batches never interleave within a line.
        writing = writing.then(async () => {
          if (!dirReady) {
            await mkdir(dataDir, { recursive: true });
            dirReady = true;
          }
          await appendFile(file, fresh.map((e) => JSON.stringify(e)).join('\n') + '\n');
        });
        try {
          await writing;
        } catch (error) {
          fresh.forEach((e) => seen.delete(e.event_id));
          writing = Promise.resolve();
          return { status: 500, body: { error: `could not store events: ${(error as Error).message}` } };
        }
      }
      return { status: 200, body: { accepted: fresh.length, duplicates: events.length - fresh.length } };
    },
  };
}

async function loadSeenIds(file: string): Promise<Set<string>> {
  const seen = new Set<string>();
  try {
    await stat(file);
  } catch {
    return seen;
  }
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    try {
      const id = (JSON.parse(line) as { event_id?: unknown }).event_id;
      if (typeof id === 'string') seen.add(id);
    } catch {
      // A torn last line (crash mid-write) is skipped, not fatal.
    }
  }
  return seen;
}
