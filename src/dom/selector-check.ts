/**
 * A selector's syntax checked by the browser's own parser, for the validator when a manifest is
 * validated in the page. Its own module: the core passes it to the validator without loading
 * the target watchers (src/dom/targets.ts), which only a decision that shows something needs.
 */

/** Syntax check with the browser's own parser (used at runtime; the CLI has its own). */
export function checkSelectorInBrowser(selector: string): string | undefined {
  try {
    document.createDocumentFragment().querySelector(selector);
    return undefined;
  } catch (error) {
    return (error as Error).message.split('\n')[0];
  }
}
