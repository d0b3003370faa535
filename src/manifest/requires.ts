/**
 * `requires` cycles, found in time linear in items plus references. The old check searched
 * from every item and copied its trail at every step: a chain of 1,500 items took seconds.
 * Here one iterative Tarjan pass finds the strongly connected components (no recursion, so
 * no stack overflow on long chains); every item in a component with more than one item (or
 * requiring itself) is on a cycle. Each gets a closed walk through it, built from two
 * breadth-first trees per component, and shown shortened when long.
 */
import type { Item } from './schema';
import type { Located } from './checks';

/** Cycles longer than this are shown as their first ids, "…", and a count. */
const SHOWN = 8;

const requiresOf = (byId: Map<string, Located<Item>>, id: string): readonly string[] => byId.get(id)?.value.requires ?? [];

/** Counts the steps taken (items opened, references followed), for tests that check the work is linear. */
export interface StepCounter {
  steps: number;
}

/** Strongly connected components of the `requires` graph over `byId` (iterative Tarjan). */
function components(byId: Map<string, Located<Item>>, counter: StepCounter): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  const open = (id: string) => {
    counter.steps++;
    index.set(id, next);
    low.set(id, next++);
    stack.push(id);
    onStack.add(id);
  };
  for (const start of byId.keys()) {
    if (index.has(start)) continue;
    open(start);
    const work: { id: string; next: number }[] = [{ id: start, next: 0 }];
    while (work.length) {
      const frame = work[work.length - 1];
      const requires = requiresOf(byId, frame.id);
      if (frame.next < requires.length) {
        counter.steps++;
        const required = requires[frame.next++];
        if (!byId.has(required)) continue;
        if (!index.has(required)) {
          open(required);
          work.push({ id: required, next: 0 });
        } else if (onStack.has(required)) {
          low.set(frame.id, Math.min(low.get(frame.id)!, index.get(required)!));
        }
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].id;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.id)!));
      }
      if (low.get(frame.id) === index.get(frame.id)) {
        const component: string[] = [];
        let id: string;
        do {
          id = stack.pop()!;
          onStack.delete(id);
          component.push(id);
        } while (id !== frame.id);
        found.push(component);
      }
    }
  }
  return found;
}

/** Breadth-first tree from `root` inside `members`, along `edges`: parent (toward root) and distance. */
function tree(root: string, members: ReadonlySet<string>, edges: (id: string) => readonly string[], counter: StepCounter) {
  const toward = new Map<string, string>();
  const distance = new Map<string, number>([[root, 0]]);
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head];
    for (const next of edges(id)) {
      counter.steps++;
      if (!members.has(next) || distance.has(next)) continue;
      distance.set(next, distance.get(id)! + 1);
      toward.set(next, id);
      queue.push(next);
    }
  }
  return { toward, distance };
}

/**
 * For every item on a `requires` cycle, the cycle through it as shown to writers, e.g.
 * "a → b → a", or "a → b → c → d → … → a (1500 items)" when long.
 */
export function requiresCycles(byId: Map<string, Located<Item>>, counter: StepCounter = { steps: 0 }): Map<string, string> {
  const shown = new Map<string, string>();
  for (const component of components(byId, counter)) {
    const root = component[component.length - 1];
    if (component.length === 1) {
      if (requiresOf(byId, root).includes(root)) shown.set(root, `${root} → ${root}`);
      continue;
    }
    const members = new Set(component);
    const reverse = new Map<string, string[]>();
    for (const id of component) {
      for (const next of requiresOf(byId, id)) {
        counter.steps++;
        if (!members.has(next)) continue;
        const into = reverse.get(next);
        if (into) into.push(id);
        else reverse.set(next, [id]);
      }
    }
    // forward: root → x (x's parent is the item before it); back: x → root (x's parent is the next step).
    const forward = tree(root, members, (id) => requiresOf(byId, id), counter);
    const back = tree(root, members, (id) => reverse.get(id) ?? [], counter);
    for (const id of component) {
      counter.steps++;
      // The walk: id, then along `back` to the root, then along `forward` back to id.
      const start = id === root ? requiresOf(byId, root).find((next) => members.has(next))! : id;
      const length = (id === root ? 1 : 0) + back.distance.get(start)! + forward.distance.get(id === root ? root : id)!;
      const walk = id === root ? [root, start] : [id];
      for (let at = start; at !== root && walk.length <= SHOWN; ) walk.push((at = back.toward.get(at)!));
      if (length <= SHOWN) {
        // Short: the whole walk, the forward path from the root listed by walking it backwards.
        const tail: string[] = [];
        for (let at = id; at !== root; at = forward.toward.get(at)!) tail.push(at);
        shown.set(id, [...walk, ...tail.reverse()].join(' → '));
      } else {
        shown.set(id, `${walk.slice(0, 4).join(' → ')} → … → ${id} (${length} items)`);
      }
    }
  }
  return shown;
}
