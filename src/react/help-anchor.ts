/** `<HelpAnchor name>`: names an element for the manifest's `target: { anchor }`. */
import { Children, cloneElement, type ReactElement } from 'react';

export interface HelpAnchorProps {
  /** The anchor name: `target: { "anchor": name }` in the manifest matches `[data-help=name]`. */
  name: string;
  /**
   * Exactly one element. A DOM element gets `data-help` directly; a component receives it as
   * a prop and must pass it on to the element it renders.
   */
  children: ReactElement;
}

/**
 * Sets `data-help={name}` on its only child, adding no element of its own, so layout, CSS
 * selectors and refs are unchanged.
 */
export function HelpAnchor({ name, children }: HelpAnchorProps): ReactElement {
  return cloneElement(Children.only(children) as ReactElement<{ 'data-help'?: string }>, { 'data-help': name });
}
