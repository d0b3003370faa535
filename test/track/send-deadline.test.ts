/**
 * A send's deadline (src/track/send-deadline.ts): it rejects after its time with a message
 * naming it, not before; cancelled, it never rejects and leaves no timer; lost, it never becomes
 * an unhandled rejection.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SEND_GIVE_UP_MS, sendDeadline } from '../../src/track/send-deadline';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('sendDeadline', () => {
  it('rejects after SEND_GIVE_UP_MS (60 s), not a moment before, naming the time', async () => {
    expect(SEND_GIVE_UP_MS).toBe(60_000);
    const deadline = sendDeadline();
    let outcome: unknown;
    deadline.expired.catch((error: Error) => (outcome = error.message));
    await vi.advanceTimersByTimeAsync(SEND_GIVE_UP_MS - 1);
    expect(outcome).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(outcome).toBe('the transport did not answer within 60 s');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('cancelled, it never rejects and leaves no timer', async () => {
    const deadline = sendDeadline(1_000);
    let rejected = false;
    deadline.expired.catch(() => (rejected = true));
    expect(vi.getTimerCount()).toBe(1);
    deadline.cancel();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(rejected).toBe(false);
  });

  it('a send that answers first wins the race', async () => {
    const deadline = sendDeadline(1_000);
    await expect(Promise.race([Promise.resolve('sent'), deadline.expired])).resolves.toBe('sent');
    deadline.cancel();
  });

  it('lost (never raced), its rejection is not unhandled', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      sendDeadline(10);
      await vi.advanceTimersByTimeAsync(10);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });
});
