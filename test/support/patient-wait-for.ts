// vi.waitFor gives up after 1 s by default. On a busy 2-core machine the first load of a lazy
// chunk (which vitest transforms then), a child process or a file write can take longer. Tests
// wait for a positive signal; this bound is only the backstop for one that never comes.
import { vi } from 'vitest';

const waitFor = vi.waitFor;
vi.waitFor = ((callback, options) => waitFor(callback, typeof options === 'number' ? options : { timeout: 15_000, ...options })) as typeof vi.waitFor;
