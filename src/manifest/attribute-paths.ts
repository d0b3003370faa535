/**
 * Is an attribute path one the SDK fills in? Conditions (`"acount.plan"`) and template
 * variables (`{{user.trait.firstName}}`) name attributes by dotted paths; a typo is not an
 * error to GrowthBook or to the template lookup, it just reads nothing, so the item never shows
 * or shows "Hi , …". Paths are checked here against the documented attribute context
 * (DOCUMENTED_ATTRIBUTES, kept beside `buildAttributes`) and against what the manifest declares
 * in `declare` (traits, events) or contains (item ids, experiment keys). CLI only: the SDK
 * never loads this file.
 */
import { DOCUMENTED_ATTRIBUTES } from '../engine/attributes';
import { nearestWord } from './problems';

/** A declared trait: its type, or the list of the values it can take. */
export type TraitType = 'string' | 'number' | 'boolean' | readonly string[];

/** What a path is checked against. A missing `traits`/`events` map means "not declared". */
export interface AttributeScope {
  userTraits?: Readonly<Record<string, TraitType>>;
  accountTraits?: Readonly<Record<string, TraitType>>;
  /** Declared events plus the events the manifest's own "track" buttons record. */
  events?: ReadonlySet<string>;
  itemIds: ReadonlySet<string>;
  experimentKeys: ReadonlySet<string>;
  /**
   * Work left for "did you mean" among ids, keys and events (names compared × characters), as
   * `References.budget` in checks.ts: a file with thousands of unknown names stays linear.
   * Unbounded when absent.
   */
  budget?: { left: number };
}

/** The known name nearest to `word`, within the scope's suggestion budget. */
export function nearestIn(word: string, known: ReadonlySet<string>, scope: AttributeScope): string | undefined {
  if (scope.budget) {
    const cost = known.size * (word.length + 1);
    if (scope.budget.left < cost) return undefined;
    scope.budget.left -= cost;
  }
  return nearestWord(word, [...known]);
}

export interface PathFinding {
  code: 'unknown-attribute' | 'undeclared-trait' | 'unknown-trait' | 'unknown-event' | 'unknown-reference' | 'unknown-experiment';
  severity: 'error' | 'warning';
  /** What is wrong and how to fix it, without the location. */
  message: string;
  /** The corrected whole path, when there is a likely one. */
  suggestion?: string;
  /** For `undeclared-trait`: which one, as "user.<name>" or "account.<name>" (both spellings of a user trait are one). */
  trait?: string;
}

const NAMESPACES = Object.keys(DOCUMENTED_ATTRIBUTES);
const own = (record: object | undefined, key: string) => record !== undefined && Object.prototype.hasOwnProperty.call(record, key);

const error = (code: PathFinding['code'], message: string, suggestion?: string): PathFinding => ({
  code,
  severity: 'error',
  message: suggestion ? `${message} — did you mean "${suggestion}"?` : message,
  suggestion,
});

/** `a.b.c` with segment `i` replaced by `word`. */
const replaced = (segments: readonly string[], i: number, word: string) => [...segments.slice(0, i), word, ...segments.slice(i + 1)].join('.');

/** A trait name: declared (fine), a typo of a declared one (error) or not declared at all (warning). */
function traitFinding(path: string, segments: string[], at: number, owner: 'user' | 'account', declared: Readonly<Record<string, TraitType>> | undefined): PathFinding | undefined {
  const name = segments[at];
  if (own(declared, name)) {
    return segments.length > at + 1 ? error('unknown-attribute', `"${path}": the ${owner} trait "${name}" is a single value, it has no ".${segments[at + 1]}"`) : undefined;
  }
  if (declared) {
    const near = nearestWord(name, Object.keys(declared));
    const known = Object.keys(declared).length ? ` (declared: ${Object.keys(declared).join(', ')})` : '';
    return error('unknown-trait', `"${path}": "${name}" is not a ${owner} trait declared in "declare.traits.${owner}"${near ? '' : known}; declare it there or fix the name`, near && replaced(segments, at, near));
  }
  return {
    code: 'undeclared-trait',
    severity: 'warning',
    trait: `${owner}.${name}`,
    message: `"${path}": the ${owner} trait "${name}" is not declared; list the traits your product passes in "declare.traits.${owner}" so that a misspelt one is an error`,
  };
}

/**
 * The problem with a condition's attribute path, or undefined when it names a documented
 * attribute (or a declared trait, event, item or experiment).
 */
export function conditionPathFinding(path: string, scope: AttributeScope): PathFinding | undefined {
  const segments = path.split('.');
  const [namespace, field] = segments;
  if (!own(DOCUMENTED_ATTRIBUTES, namespace)) {
    const near = nearestWord(namespace, NAMESPACES);
    return error('unknown-attribute', `"${path}" is not an attribute${near ? '' : ` (attributes start with ${NAMESPACES.map((n) => `"${n}"`).join(', ')}; see docs/targeting.md)`}`, near && replaced(segments, 0, near));
  }
  const spec = DOCUMENTED_ATTRIBUTES[namespace];
  if (field === undefined) return undefined;
  if (spec.leaf) return error('unknown-attribute', `"${path}": "${namespace}" is a single value, it has no ".${field}"`, namespace);
  const tooLong = (depth: number) => (segments.length > depth ? error('unknown-attribute', `"${path}": "${segments.slice(0, depth).join('.')}" is a single value, it has no ".${segments[depth]}"`, segments.slice(0, depth).join('.')) : undefined);
  switch (namespace) {
    case 'user':
    case 'account': {
      const declared = namespace === 'user' ? scope.userTraits : scope.accountTraits;
      if (namespace === 'user' && field === 'traits') return segments.length > 2 ? traitFinding(path, segments, 2, 'user', declared) : undefined;
      if (field === 'id' || (namespace === 'user' && field === 'accountId')) return tooLong(2);
      if (!own(declared, field)) {
        const typo = fixedFieldTypo(path, segments);
        if (typo) return typo;
      }
      return traitFinding(path, segments, 1, namespace, declared);
    }
    case 'page':
      if (field === 'query') return tooLong(3);
      if (field.startsWith('utm_') || spec.fields!.includes(field)) return tooLong(2);
      return unknownField(path, segments, 1, spec.fields!);
    case 'events':
      if (scope.events && !scope.events.has(field)) {
        const near = nearestIn(field, scope.events, scope);
        return error('unknown-event', `"${path}": no event "${field}" is declared in "declare.events"${near ? '' : '; declare it there or fix the name'}`, near && replaced(segments, 1, near));
      }
      return segments.length > 2 ? (spec.fields!.includes(segments[2]) ? tooLong(3) : unknownField(path, segments, 2, spec.fields!)) : undefined;
    case 'pages':
      return pagesFinding(path, spec.fields!);
    case 'items':
      if (!scope.itemIds.has(field)) {
        const near = nearestIn(field, scope.itemIds, scope);
        return error('unknown-reference', `"${path}": no item has the id "${field}"`, near && replaced(segments, 1, near));
      }
      return segments.length > 2 ? (spec.fields!.includes(segments[2]) ? tooLong(3) : unknownField(path, segments, 2, spec.fields!)) : undefined;
    case 'experiments':
      if (!scope.experimentKeys.has(field)) {
        const near = nearestIn(field, scope.experimentKeys, scope);
        return error('unknown-experiment', `"${path}": no experiment has the key "${field}"`, near && replaced(segments, 1, near));
      }
      return tooLong(2);
    default:
      return spec.fields!.includes(field) ? tooLong(2) : unknownField(path, segments, 1, spec.fields!);
  }
}

/**
 * `user.trait.firstName`, `user.ids`, `account.traits.plan`: a near miss of a fixed field is
 * the likelier meaning than a trait of that name (`user.<trait>` reads any trait).
 */
function fixedFieldTypo(path: string, segments: string[]): PathFinding | undefined {
  const [namespace, field] = segments;
  if (namespace === 'account' && field === 'traits' && segments.length > 2) {
    return error('unknown-attribute', `"${path}": account traits are read as "account.<trait>", without "traits."`, ['account', ...segments.slice(2)].join('.'));
  }
  const near = nearestWord(field, namespace === 'user' ? ['traits', 'id', 'accountId'] : ['id']);
  if (near === undefined || (near === 'traits') !== segments.length > 2) return undefined;
  return error('unknown-attribute', `"${path}" is not an attribute`, replaced(segments, 1, near));
}

function unknownField(path: string, segments: string[], at: number, fields: readonly string[]): PathFinding {
  const near = nearestWord(segments[at], fields);
  const owner = segments.slice(0, at).join('.');
  return error('unknown-attribute', `"${path}": "${owner}" has no "${segments[at]}"${near ? '' : ` (it has ${fields.join(', ')})`}`, near && replaced(segments, at, near));
}

/** `pages./pricing.last7Days`: the page path runs to the last ".", which starts the field. */
function pagesFinding(path: string, fields: readonly string[]): PathFinding | undefined {
  const rest = path.slice('pages.'.length);
  const dot = rest.lastIndexOf('.');
  const page = dot < 0 ? rest : rest.slice(0, dot);
  if (!page.startsWith('/')) return error('unknown-attribute', `"${path}": a page path starts with "/"`, `pages./${rest}`);
  if (page.length > 1 && page.endsWith('/')) return error('unknown-attribute', `"${path}": page paths are stored without a trailing "/"`, `pages.${page.slice(0, -1)}${dot < 0 ? '' : rest.slice(dot)}`);
  if (dot < 0) return undefined;
  const field = rest.slice(dot + 1);
  if (fields.includes(field)) return undefined;
  const near = nearestWord(field, fields);
  return error('unknown-attribute', `"${path}": a page has no "${field}" (it has ${fields.join(', ')}; a path containing "." cannot be addressed)`, near && `pages.${page}.${near}`);
}

/** What templates can read: the SDK's lookup holds the ids, `user.traits` and the account's traits. */
const TEMPLATE_FORMS = '"user.id", "user.accountId", "user.traits.<name>", "account.id" and "account.<name>"';

/** The problem with a template variable's path (`{{user.traits.firstName}}`), or undefined. */
export function templatePathFinding(path: string, scope: AttributeScope): PathFinding | undefined {
  const segments = path.split('.');
  const [namespace, field] = segments;
  if (namespace !== 'user' && namespace !== 'account') {
    const near = nearestWord(namespace, ['user', 'account']);
    const documented = own(DOCUMENTED_ATTRIBUTES, namespace);
    return error('unknown-attribute', `"${path}" ${documented ? 'cannot be used in a template' : 'is not an attribute'}: templates can use ${TEMPLATE_FORMS}`, near && replaced(segments, 0, near));
  }
  if (namespace === 'user' && field !== undefined && field !== 'id' && field !== 'accountId' && field !== 'traits') {
    // Conditions read `user.<trait>`; the template lookup does not, so that spelling shows the fallback.
    return fixedFieldTypo(path, segments) ?? error('unknown-attribute', `"${path}": templates read user traits as "user.traits.<name>"`, ['user', 'traits', ...segments.slice(1)].join('.'));
  }
  const finding = conditionPathFinding(path, scope);
  if (finding) return finding;
  if (field === undefined || (field === 'traits' && segments.length < 3)) {
    return error('unknown-attribute', `"${path}" is a group of values, not one: templates can use ${TEMPLATE_FORMS}`);
  }
  return undefined;
}
