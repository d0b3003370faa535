/**
 * Writers' checks across the languages of one text (`guidepost validate`, `build`, `check`, the
 * authoring panel; manifest/authoring.ts calls them): a translation that lost a template variable
 * or a link of its source text, or added a variable, and ICU message syntax, which the SDK does
 * not read. The SDK shows such texts as written, so only a writer's check can catch them before
 * readers do.
 *
 * Variables and links are found by the renderer's own parser (richtext.ts), so the check and
 * what readers see cannot disagree. Linear in the length of the texts.
 */
import { chooseLocale, isFilled, isTranslationFor } from './localize';
import { nearestWord } from './problems';
import { parseRichText, substituteVariables, type Inline } from './richtext';

/** One translation of a text that differs from its source text in what it shows. */
export interface TranslationFinding {
  code: 'translation-variables' | 'translation-added-variables' | 'translation-links';
  /** The key of the translation in the text (as written). */
  locale: string;
  message: string;
}

/** What is compared in a text: its variables when the SDK fills them in here, its links in bodies. */
export interface ComparedParts {
  variables: boolean;
  links: boolean;
  /** A variable name that is a mistake reported on its own (a misspelt attribute): not asked of translations. */
  isMistake?: (name: string) => boolean;
  /** The translations compared: those serving one of these tags (as `--locales` names them), or all (the default). */
  locales?: readonly string[] | 'all';
  /**
   * Also report the variables a translation adds (`translation-added-variables`): its readers see
   * what the source's readers do not, often a variable left from an older source text. Default false.
   */
  added?: boolean;
}

/** Most names quoted in one message: a translation that lost 40 variables needs no list of 40. */
const MOST_NAMES = 5;

/**
 * Where `{count, plural, one {…} other {…}}` (or `select`, `selectordinal`) starts in `text`,
 * or -1. The SDK fills in `{{variables}}` only: readers would see ICU syntax as written.
 */
export function icuMessageAt(text: string): number {
  // Code spans and escaped braces show as written on purpose: blanked (same length, so the index holds).
  const shown = text.replace(/`[^`]*`/g, (span) => ' '.repeat(span.length)).replace(/\\\{/g, '  ');
  return shown.search(/\{\s*[\p{L}\p{N}_.-]+\s*,\s*(?:plural|select|selectordinal)\s*,/u);
}

/**
 * The translations in `texts` (a localized text: locale tag → text) that leave out a template
 * variable of the source text (or misspell it), or have fewer links. The source text
 * is the one readers without their language get: `defaultLocale`'s, chosen as the SDK chooses.
 */
export function translationProblems(texts: Readonly<Record<string, unknown>>, defaultLocale: string, compare: ComparedParts): TranslationFinding[] {
  const { locales = 'all' } = compare;
  if ((!compare.variables && !compare.links) || locales.length === 0) return [];
  const filled = Object.keys(texts).filter((tag) => isFilled(texts[tag]));
  if (filled.length < 2) return [];
  const source = chooseLocale(defaultLocale, filled, defaultLocale)!;
  const sourceParts = partsOf(texts[source] as string, compare);
  const findings: TranslationFinding[] = [];
  for (const tag of filled) {
    if (tag === source || (locales !== 'all' && !locales.some((locale) => isTranslationFor(tag, locale)))) continue;
    const parts = partsOf(texts[tag] as string, compare);
    // Only what readers would miss: a translation may name the reader where the source does not.
    const left = sourceParts.variables.filter((name) => !parts.variables.includes(name) && !compare.isMistake?.(name));
    if (left.length) {
      const message = `the "${tag}" text leaves out ${names(left)} of the "${source}" text: readers in "${tag}" would not see ${left.length === 1 ? 'it' : 'them'}`;
      findings.push({ code: 'translation-variables', locale: tag, message });
    }
    // A misspelling of a variable left out is told with it (among the first few: bounded work); a
    // name that is a mistake of its own, on its own.
    const sourceNames = new Set(sourceParts.variables);
    const misspelt = left.slice(0, 2 * MOST_NAMES);
    const added = compare.added ? parts.variables.filter((name) => !sourceNames.has(name) && !compare.isMistake?.(name) && !nearestWord(name, misspelt)) : [];
    if (added.length) {
      const message = `the "${tag}" text adds ${names(added)}, which the "${source}" text does not have: readers in "${tag}" would see what readers of "${source}" do not; take ${added.length === 1 ? 'it' : 'them'} out, or add ${added.length === 1 ? 'it' : 'them'} to the "${source}" text too`;
      findings.push({ code: 'translation-added-variables', locale: tag, message });
    }
    if (parts.links < sourceParts.links) {
      const lost = sourceParts.links - parts.links;
      findings.push({
        code: 'translation-links',
        locale: tag,
        message: `the "${tag}" text has ${count(parts.links, 'link')} where the "${source}" text has ${sourceParts.links}: readers in "${tag}" would miss ${lost === 1 ? 'one' : lost}; write it as [words](address)`,
      });
    }
  }
  return findings;
}

interface Parts {
  /** The variables' names, each once, in order. */
  variables: string[];
  links: number;
}

/** The variables and links of one text, as the renderer reads them (titles substitute variables; bodies are rich text). */
function partsOf(text: string, compare: ComparedParts): Parts {
  const variables = new Set<string>();
  let links = 0;
  const lookup = (name: string) => {
    if (compare.variables) variables.add(name);
    return undefined;
  };
  if (!compare.links) {
    substituteVariables(text, lookup);
    return { variables: [...variables], links };
  }
  const countLinks = (nodes: Inline[]): void => {
    for (const node of nodes) {
      if (typeof node === 'string' || node.kind === 'br') continue;
      if (node.kind === 'link') links++;
      countLinks(node.children);
    }
  };
  // A link refused for its address is still one the writer wrote: it is counted, and reported on its own (unsafe-link).
  const blocks = parseRichText(text, lookup, { onUnsafeLink: () => links++ });
  for (const block of blocks) {
    if (block.kind === 'p') countLinks(block.children);
    else block.items.forEach(countLinks);
  }
  return { variables: [...variables], links };
}

const names = (list: string[]) =>
  list.slice(0, MOST_NAMES).map((name) => `{{${name}}}`).join(', ') + (list.length > MOST_NAMES ? ` and ${list.length - MOST_NAMES} more` : '');

const count = (n: number, noun: string) => (n === 0 ? `no ${noun}` : `${n} ${noun}${n === 1 ? '' : 's'}`);
