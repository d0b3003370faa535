/**
 * A small reader of the SDK's own stylesheets (src/ui/styles.ts, widget-styles.ts,
 * debug-styles.ts) for tests in Node: style rules with their declarations, inside at-rules
 * (@media, @keyframes) or not. Enough for those sheets (comments are dropped; no strings containing braces);
 * it throws on unbalanced braces, so a sheet it cannot read fails the test that reads it.
 */

export interface CssRule {
  /** The selector (or keyframe selector), trimmed. */
  selector: string;
  /** Declarations in order: [property, value, important]. */
  declarations: [property: string, value: string, important: boolean][];
  /** The enclosing at-rule's prelude ("@media (prefers-color-scheme:dark)"), if any. */
  within?: string;
}

function declarations(body: string): CssRule['declarations'] {
  return body
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean)
    .map((d) => {
      const colon = d.indexOf(':');
      if (colon < 1) throw new Error(`not a declaration: ${JSON.stringify(d)}`);
      const raw = d.slice(colon + 1).trim();
      const important = /!\s*important$/.test(raw);
      return [d.slice(0, colon).trim(), raw.replace(/\s*!\s*important$/, ''), important];
    });
}

/** The rules of `css`, in order. */
export function cssRules(source: string): CssRule[] {
  const css = source.replace(/\/\*[\s\S]*?\*\//g, '');
  const rules: CssRule[] = [];
  let i = 0;
  const readBlock = (start: number): [string, number] => {
    let depth = 0;
    for (let j = start; j < css.length; j++) {
      if (css[j] === '{') depth++;
      else if (css[j] === '}' && --depth === 0) return [css.slice(start + 1, j), j + 1];
    }
    throw new Error(`unbalanced braces after ${JSON.stringify(css.slice(start - 40, start))}`);
  };
  const readRules = (text: string, within?: string) => {
    let k = 0;
    while (k < text.length) {
      const open = text.indexOf('{', k);
      if (open === -1) {
        if (text.slice(k).trim()) throw new Error(`text outside a rule: ${JSON.stringify(text.slice(k))}`);
        return;
      }
      const selector = text.slice(k, open).trim();
      // A conditional rule inside another (@media inside @supports): its rules are within both.
      if (selector.startsWith('@')) {
        let depth = 0;
        let end = open;
        for (; end < text.length; end++) {
          if (text[end] === '{') depth++;
          else if (text[end] === '}' && --depth === 0) break;
        }
        if (depth !== 0) throw new Error('unbalanced braces');
        readRules(text.slice(open + 1, end), within ? `${within} ${selector}` : selector);
        k = end + 1;
        continue;
      }
      const close = text.indexOf('}', open);
      if (close === -1) throw new Error('unbalanced braces');
      if (text.slice(open + 1, close).includes('{')) throw new Error(`nested block in ${selector}`);
      rules.push({ selector, declarations: declarations(text.slice(open + 1, close)), within });
      k = close + 1;
    }
  };
  while (i < css.length) {
    const open = css.indexOf('{', i);
    if (open === -1) {
      if (css.slice(i).trim()) throw new Error(`text outside a rule: ${JSON.stringify(css.slice(i))}`);
      break;
    }
    const prelude = css.slice(i, open).trim();
    const [body, next] = readBlock(open);
    if (prelude.startsWith('@')) readRules(body, prelude);
    else {
      if (body.includes('{')) throw new Error(`nested block in ${prelude}`);
      rules.push({ selector: prelude, declarations: declarations(body) });
    }
    i = next;
  }
  if (css.split('{').length !== css.split('}').length) throw new Error('unbalanced braces');
  return rules;
}

/** The rules whose selector is exactly `selector` (outside at-rules unless `within` is given). */
export const rulesFor = (rules: CssRule[], selector: string, within?: string) => rules.filter((r) => r.selector === selector && r.within === within);

/** The value `property` gets in `rule` (the last declaration of it), or undefined. */
export const valueOf = (rule: CssRule | undefined, property: string) => rule?.declarations.filter(([p]) => p === property).at(-1)?.[1];
