/**
 * `guidepost build <manifest.json> --out <file>`: validates a manifest at build time and
 * writes the compiled copy the app serves. The SDK uses a manifest compiled by its own version
 * without running (or, in the ESM build, downloading) its validator. Items with errors are reported and left out of the output, as
 * the SDK would skip them. Exit codes: 0 built, 1 built with errors or refused, 2 usage error.
 */
import { mkdir, realpath, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { MAX_MANIFEST_BYTES } from '../manifest/bounded-read';
import { stampManifest } from '../manifest/compiled';
import { SDK_VERSION } from '../version';
import { parseArgs, UsageError } from './args';
import { inspectManifestFile, passes, printReport } from './validate';

export const BUILD_USAGE = 'usage: guidepost build <manifest.json> --out <compiled.json> [--strict]';

/** `--help`: the options and an example. */
export const BUILD_HELP = `${BUILD_USAGE}

Validates a manifest as "guidepost validate" does and writes the compiled copy your app
serves: the SDK then skips its validator. Items the SDK would skip are left out.

Options:
  --out <file>  where to write the compiled manifest (required; not the manifest itself)
  --strict      warnings fail too, with exit 1 (the file is still written): for CI
  -h, --help    show this help

Exit codes: 0 built, 1 built with errors (or refused whole: nothing written; with --strict,
or with warnings), 2 usage error.

Example:
  guidepost build help/manifest.json --out public/help.json --strict`;

/**
 * Whether `out` names the file `input` is: the same path once resolved (symbolic links too),
 * or the same file on disk (device and inode: a hard link, or a case-insensitive file system).
 * A file that does not exist yet is no input.
 */
async function sameFile(input: string, out: string): Promise<boolean> {
  const [a, b] = await Promise.all([stat(input).catch(() => undefined), stat(out).catch(() => undefined)]);
  if (!a || !b) return false;
  // Some file systems (FAT, some network drives) report inode 0 for every file: not evidence.
  if (a.dev === b.dev && a.ino === b.ino && a.ino !== 0) return true;
  const real = (file: string) => realpath(file).catch(() => resolve(file));
  return (await real(input)) === (await real(out));
}

export async function buildCommand(argv: string[], out: (line: string) => void): Promise<number> {
  const { positional, flags } = parseArgs(argv, ['out'], ['strict']);
  const strict = flags.strict === true;
  if (positional.length !== 1) throw new UsageError('build needs exactly one manifest file');
  if (typeof flags.out !== 'string' || flags.out === '') throw new UsageError('build needs --out <file> for the compiled manifest');
  const [file] = positional;
  // Written over its source, a manifest would be gone: the compiled copy drops what the SDK
  // skips and is stamped for one version, so it is not the file to edit any more.
  if (await sameFile(file, flags.out)) throw new UsageError(`--out ${flags.out} is the manifest being built (${file}): writing the compiled copy there would replace its source; choose another file`);
  // The source may be indented past the SDK's size limit: what is served is the output, checked below.
  const { report, manifest, itemsInFile } = await inspectManifestFile(file, [], { servedAsIs: false });
  printReport(report, out, strict);
  if (!manifest) {
    out(`${file}: refused, ${flags.out} not written`);
    return 1;
  }
  const compiled = `${JSON.stringify(stampManifest(manifest, SDK_VERSION))}\n`;
  const bytes = Buffer.byteLength(compiled);
  if (bytes > MAX_MANIFEST_BYTES) {
    // Written, it would be refused whole by every page that fetches it: they keep their last good copy.
    out(`${flags.out}: not written: the compiled manifest is ${bytes.toLocaleString('en')} bytes, more than the ${MAX_MANIFEST_BYTES.toLocaleString('en')} bytes the SDK reads, so it would refuse it whole (see "Limits" in docs/manifest.md); split the help into smaller manifests`);
    return 1;
  }
  await mkdir(dirname(flags.out), { recursive: true });
  await writeFile(flags.out, compiled);
  const left = (itemsInFile ?? manifest.items.length) - manifest.items.length;
  out(`${flags.out}: ${manifest.items.length} item${manifest.items.length === 1 ? '' : 's'} compiled${left ? `, ${left} with errors left out` : ''}`);
  return passes(report, strict) ? 0 : 1;
}
