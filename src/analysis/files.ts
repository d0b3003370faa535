/**
 * Input files as the engines need them. A UTF-8 byte-order mark (Windows tools write one)
 * makes DuckDB's JSON reader drop the first event, so a file that starts with one is copied,
 * without those three bytes, to a temporary file; files without a mark are read in place.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pipeline } from 'node:stream/promises';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

async function startsWithBom(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head.equals(BOM);
  } finally {
    await handle.close();
  }
}

/** The files with any leading byte-order mark removed, and a cleanup for the copies made. */
export async function withoutByteOrderMarks(files: readonly string[]): Promise<{ files: string[]; cleanup: () => Promise<void> }> {
  let dir: string | undefined;
  const out: string[] = [];
  for (const [index, file] of files.entries()) {
    if (!(await startsWithBom(file))) {
      out.push(file);
      continue;
    }
    dir ??= await mkdtemp(join(tmpdir(), 'guidepost-bom-'));
    const copy = join(dir, `${index}-${basename(file)}`);
    await pipeline(createReadStream(file, { start: 3 }), createWriteStream(copy));
    out.push(copy);
  }
  return { files: out, cleanup: async () => (dir ? rm(dir, { recursive: true, force: true }) : undefined) };
}
