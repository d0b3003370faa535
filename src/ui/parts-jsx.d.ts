/**
 * Every `data-part` written in JSX under src/ is checked against the contract in parts.ts:
 * a misspelt or new, unlisted name is a type error. A .d.ts file so that the augmentation never
 * reaches dist/types (tsc does not emit .d.ts inputs): a host page's own Preact code keeps its
 * `data-part` attributes free.
 */
import type { Part } from './parts';

declare module 'preact' {
  interface HTMLAttributes<RefType extends EventTarget = EventTarget> {
    'data-part'?: Part;
  }
}
