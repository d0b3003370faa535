/** `<HelpAnchor name>`: names an element for the manifest's `target: { anchor }`. */
import { Children, cloneElement, createElement, Fragment, isValidElement, type ReactElement, type ReactNode } from 'react';

export interface HelpAnchorProps {
  /** The anchor name: `target: { "anchor": name }` in the manifest matches `[data-help=name]`. */
  name: string;
  /**
   * Exactly one element. A DOM element gets `data-help` directly; a component receives it as
   * a prop and must pass it on to the element it renders.
   */
  children: ReactElement;
}

/** Whitespace JSX keeps as text (spaces before a comment on the tag's line): not content. */
const isBlank = (node: ReactNode) => typeof node === 'string' && node.trim() === '';

/**
 * Sets `data-help={name}` on its only child, adding no element of its own, so layout, CSS
 * selectors and refs are unchanged. Whitespace beside the child is ignored. With no element or
 * several, it renders its children unchanged and warns: a help anchor never breaks the host's
 * render (React's `Children.only` would throw).
 */
export function HelpAnchor({ name, children }: HelpAnchorProps): ReactElement {
  const nodes = Children.toArray(children as ReactNode).filter((node) => !isBlank(node));
  const [only] = nodes;
  if (nodes.length === 1 && isValidElement(only)) return cloneElement(only as ReactElement<{ 'data-help'?: string }>, { 'data-help': name });
  if (typeof console !== 'undefined') console.warn(`[guidepost] <HelpAnchor name="${name}"> needs exactly one element child (found ${nodes.length} nodes): the anchor is not set`);
  return createElement(Fragment, null, children);
}
