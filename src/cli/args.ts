/** A small argument parser: positional arguments, `--flag`, `--key value` and `--key=value`. */
export interface ParsedArgs {
  positional: string[];
  flags: Record<string, string | true>;
}

export class UsageError extends Error {}

/**
 * A bare `--` ends the options: everything after it is positional, so a file named `--json`
 * can still be passed (the POSIX convention).
 */
export function parseArgs(argv: string[], valueFlags: readonly string[], booleanFlags: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (booleanFlags.includes(name)) {
      // `--strict=false` must not silently mean `--strict`.
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags[name] = true;
    } else if (valueFlags.includes(name)) {
      if (inline !== undefined) {
        // Explicit `--key=value`: the value is whatever follows "=", even if it starts with "--".
        flags[name] = inline;
        continue;
      }
      // From the next argument, an option is more likely a forgotten value than the value itself.
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
      flags[name] = value;
      i++;
    } else {
      throw new UsageError(`unknown option --${name}`);
    }
  }
  return { positional, flags };
}
