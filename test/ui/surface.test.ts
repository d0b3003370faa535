/**
 * src/ui/surface.ts holds only types (what the controller hands the renderer): no runtime code.
 * These checks are type-level (tsc checks test/): the shapes the runtime and the renderer rely
 * on, and the values they must refuse.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Item } from '../../src/manifest/schema';
import type { Surface, TourState } from '../../src/ui/surface';

describe('Surface and TourState (types)', () => {
  it('a tour step: its position, placement, overlay and feedback choices, and how it advances', () => {
    expectTypeOf<TourState['step']>().toEqualTypeOf<number>();
    expectTypeOf<TourState['total']>().toEqualTypeOf<number>();
    expectTypeOf<TourState['allowClicksThrough']>().toEqualTypeOf<boolean>();
    expectTypeOf<TourState['feedback']>().toEqualTypeOf<boolean>();
    expectTypeOf<TourState['advance']>().toEqualTypeOf<'route' | 'event' | undefined>();
    // @ts-expect-error: a step advances on a page or an action, nothing else.
    const wrong: TourState = { step: 0, total: 1, allowClicksThrough: false, feedback: false, advance: 'click' };
    void wrong;
  });

  it('a surface: its item is required; target, tour, checklist and preview state are optional', () => {
    expectTypeOf<Surface['item']>().toEqualTypeOf<Item>();
    expectTypeOf<Surface['reference']>().toEqualTypeOf<Element | undefined>();
    expectTypeOf<Surface['notShown']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<NonNullable<Surface['checklist']>['done']>().toEqualTypeOf<ReadonlySet<string>>();
    // @ts-expect-error: a surface without its item is not one.
    const missing: Surface = { preview: true };
    void missing;
  });
});
