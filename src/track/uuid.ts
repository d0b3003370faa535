/**
 * UUID version 7 (RFC 9562): 48 bits of Unix milliseconds then random bits, so ids sort
 * by creation time and stay unique across tabs and devices.
 */

/** The UUID text of 16 bytes whose first six are `ms` (big-endian), with version 7 and the RFC variant set. */
function format(ms: number, bytes: Uint8Array): string {
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC variant
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const randomBytes = () => crypto.getRandomValues(new Uint8Array(16));

export function uuidv7(now: number = Date.now()): string {
  return format(Math.max(0, Math.floor(now)), randomBytes());
}

/**
 * A source of UUID v7 ids that sort in the order they were made (RFC 9562, section 6.2,
 * method 1): within one millisecond, or when the clock steps back, the 12 bits after the
 * version count up from a random start instead of being random, so the outbox, which orders
 * events by id, keeps an exposure after the assignment emitted in the same millisecond.
 */
export function uuidv7Sequence(): (now?: number) => string {
  let lastMs = -1;
  let counter = 0;
  return (now = Date.now()) => {
    const ms = Math.max(0, Math.floor(now));
    const bytes = randomBytes();
    if (ms > lastMs) {
      lastMs = ms;
      // A random start in the lower half leaves room for 2048 more ids in this millisecond.
      counter = ((bytes[6] & 0x07) << 8) | bytes[7];
    } else if (++counter > 0xfff) {
      // 4096 ids in one millisecond: borrow the next one (the clock catches up).
      lastMs++;
      counter = 0;
    }
    bytes[6] = counter >> 8;
    bytes[7] = counter & 0xff;
    return format(lastMs, bytes);
  };
}

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
