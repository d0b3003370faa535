/** CSS selector syntax check for the CLI, where there is no browser to ask. */
import { parse } from 'css-what';

export function checkSelectorSyntax(selector: string): string | undefined {
  try {
    parse(selector);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
