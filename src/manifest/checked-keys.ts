/**
 * Where validated manifests are kept (checked-cache.ts): the storage keys of its slots. Apart
 * from the cache itself, which loads lazily, so that `reset()` can forget them without it.
 */

/** How many validated manifests one browser keeps. */
export const CHECKED_SLOTS = 8;

/** The storage key of slot `slot` (0 to CHECKED_SLOTS - 1). */
export const checkedKey = (slot: number) => `manifest-checked:${slot}`;

/** Every slot's key. */
export const checkedKeys = () => Array.from({ length: CHECKED_SLOTS }, (_, slot) => checkedKey(slot));
