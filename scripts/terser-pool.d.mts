import type { MinifyOptions, MinifyOutput } from 'terser';

/** A pool of terser worker threads (scripts/terser-pool.mjs). */
export interface TerserPool {
  /** Minifies `code` on a worker; rejects with terser's message and the place it names. */
  minify(code: string, options: MinifyOptions): Promise<Pick<MinifyOutput, 'code' | 'map'>>;
  /** Ends the workers. */
  close(): Promise<unknown>;
}

export function createTerserPool(size?: number): TerserPool;
