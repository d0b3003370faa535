import { describe, expect, it, vi } from 'vitest';
import { openTabChannel, type TabMessage } from '../../src/store/tabs';

/** A BroadcastChannel stand-in recording what was posted, and a timer queue run by hand. */
function fakeScope() {
  const posted: TabMessage[] = [];
  const closed: number[] = [];
  class FakeChannel {
    onmessage: ((event: MessageEvent) => void) | null = null;
    postMessage(message: TabMessage) {
      posted.push(structuredClone(message));
    }
    close() {
      closed.push(posted.length);
    }
  }
  const timers = new Map<number, () => void>();
  let next = 1;
  const scope = {
    BroadcastChannel: FakeChannel as unknown as typeof BroadcastChannel,
    setTimeout: ((run: () => void) => {
      timers.set(next, run);
      return next++;
    }) as unknown as typeof setTimeout,
    clearTimeout: ((id: number) => timers.delete(id)) as unknown as typeof clearTimeout,
  };
  const runTimers = () => {
    const due = [...timers.values()];
    timers.clear();
    due.forEach((run) => run());
  };
  return { scope, posted, closed, timers, runTimers };
}

describe('openTabChannel', () => {
  it('sends what a task posted after the task, in order, with one timer', () => {
    const { scope, posted, timers, runTimers } = fakeScope();
    const channel = openTabChannel('guidepost', 'tab-a', scope)!;
    channel.post({ kind: 'progress', key: 'k', change: { items: { a: { status: 'dismissed' } } } as never });
    channel.post({ kind: 'tour', tab: 'tab-a', tour: 'intro' });
    expect(posted).toEqual([]);
    expect(timers.size).toBe(1);
    runTimers();
    expect(posted.map((m) => m.kind)).toEqual(['progress', 'tour']);
    channel.post({ kind: 'hello', tab: 'tab-a' });
    runTimers();
    expect(posted.map((m) => m.kind)).toEqual(['progress', 'tour', 'hello']);
  });

  it('sends what is still waiting when it closes, then nothing more', () => {
    const { scope, posted, closed, timers, runTimers } = fakeScope();
    const channel = openTabChannel('guidepost', 'tab-a', scope)!;
    channel.post({ kind: 'reset', key: 'k' });
    channel.close();
    expect(posted).toEqual([{ kind: 'reset', key: 'k' }]);
    // Sent before the channel closed, and the timer is gone.
    expect(closed).toEqual([1]);
    expect(timers.size).toBe(0);
    channel.post({ kind: 'hello', tab: 'tab-a' });
    runTimers();
    expect(posted).toHaveLength(1);
  });

  it('reports a failed send once and keeps sending the rest', () => {
    const { scope, runTimers } = fakeScope();
    const sent: string[] = [];
    class PickyChannel {
      onmessage = null;
      postMessage(message: TabMessage) {
        if (message.kind === 'hello') throw new DOMException('cannot post', 'DataCloneError');
        sent.push(message.kind);
      }
      close() {}
    }
    const report = vi.fn();
    const channel = openTabChannel('guidepost', 'tab-a', { ...scope, BroadcastChannel: PickyChannel as unknown as typeof BroadcastChannel }, report)!;
    channel.post({ kind: 'hello', tab: 'tab-a' });
    channel.post({ kind: 'reset', key: 'k' });
    channel.post({ kind: 'hello', tab: 'tab-a' });
    runTimers();
    expect(sent).toEqual(['reset']);
    expect(report).toHaveBeenCalledTimes(1);
    expect(String(report.mock.calls[0][0].message)).toMatch(/BroadcastChannel\.postMessage/);
  });

  it('carries messages between two real channels of one origin', async () => {
    const a = openTabChannel('guidepost-test', 'tab-a')!;
    const b = openTabChannel('guidepost-test', 'tab-b')!;
    const heard = new Promise<TabMessage>((resolve) => b.subscribe(resolve));
    a.post({ kind: 'tour', tab: 'tab-a', tour: 'intro' });
    expect(await heard).toEqual({ kind: 'tour', tab: 'tab-a', tour: 'intro' });
    a.close();
    b.close();
  });
});
