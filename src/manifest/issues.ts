/**
 * Turns valibot issues into writer-friendly problems: unions are searched for the branch
 * the writer meant, unknown keys and values get the nearest known word, and valibot's
 * terse expectations (">=1", "Object") become phrases ("a number of at least 1", "an object").
 */
import type { BaseIssue, GenericSchema } from 'valibot';
import { describeValue, formatPath, locationLabel, nearestWord, quote, type ManifestProblem, type PathSegment } from './problems';

export { locationLabel };

interface SchemaNode {
  type: string;
  entries?: Record<string, SchemaNode>;
  item?: SchemaNode;
  options?: unknown[];
  wrapped?: SchemaNode;
  value?: SchemaNode;
  key?: unknown;
  literal?: unknown;
}

type Issue = BaseIssue<unknown>;

/** An issue with its path made absolute (relative to the validated input). */
interface PlacedIssue {
  issue: Issue;
  path: PathSegment[];
}

const own = (object: object | undefined, key: PathSegment): boolean =>
  object !== undefined && Object.prototype.hasOwnProperty.call(object, key);

const childValue = (value: unknown, key: PathSegment): unknown =>
  value !== null && typeof value === 'object' && own(value, key) ? (value as Record<string, unknown>)[key as string] : undefined;

/** The schemas that could describe the value at `path`, following unions by the input's shape. */
function schemasAt(root: SchemaNode, input: unknown, path: readonly PathSegment[]): SchemaNode[] {
  let current = expand(root, input);
  let value: unknown = input;
  for (const segment of path) {
    value = childValue(value, segment);
    const next: SchemaNode[] = [];
    for (const schema of current) {
      // hasOwnProperty: a key such as "constructor" must not find Object.prototype's members.
      const child =
        (own(schema.entries, segment) ? schema.entries![segment as string] : undefined) ??
        (schema.type === 'array' ? schema.item : undefined) ??
        (schema.type === 'record' ? schema.value : undefined);
      if (child) next.push(...expand(child, value));
    }
    current = next;
  }
  return current;
}

function expand(schema: SchemaNode, value: unknown): SchemaNode[] {
  while (schema.type === 'optional' && schema.wrapped) schema = schema.wrapped;
  if (schema.type === 'union') {
    return (schema.options as SchemaNode[]).flatMap((option) => expand(option, value));
  }
  if (schema.type === 'variant') {
    const options = schema.options as SchemaNode[];
    const discriminator = schema.key as string;
    const tag = childValue(value, discriminator);
    const chosen = options.filter((o) => o.entries?.[discriminator]?.literal === tag);
    return (chosen.length ? chosen : options).flatMap((option) => expand(option, value));
  }
  return [schema];
}

function relativePath(issue: Issue): PathSegment[] {
  return (issue.path ?? []).map((p) => p.key as PathSegment);
}

/**
 * Valibot gives the sub-issues of a failed union paths relative to the union's value.
 * Flattens nested unions and makes every path absolute.
 */
function flattenUnion(issue: Issue, base: PathSegment[]): PlacedIssue[] {
  return (issue.issues ?? []).flatMap((sub) => {
    const path = [...base, ...relativePath(sub)];
    return sub.type === 'union' && sub.issues ? flattenUnion(sub, path) : [{ issue: sub, path }];
  });
}

/**
 * Within a failed union, find what the writer meant. Branches that rejected the value's
 * very type ("a string" when an object was written) say nothing; among the rest, a key no
 * branch knows is a typo, and a wrong value under a known key shows the intended branch.
 * When nothing points anywhere, the union's own message ("a string or an object ...") is best.
 */
function unionIssues(issue: Issue, base: PathSegment[], root: SchemaNode, input: unknown): PlacedIssue[] {
  const subs = flattenUnion(issue, base).filter((s) => s.path.length > base.length);
  const known = (path: PathSegment[]) => schemasAt(root, input, path.slice(0, -1)).some((s) => own(s.entries, path[path.length - 1]));
  const unknownKeys = subs.filter((s) => s.issue.expected === 'never' && !known(s.path));
  if (unknownKeys.length) return unknownKeys;
  const wrongValues = subs.filter((s) => s.issue.expected !== 'never' && s.issue.received !== 'undefined');
  if (wrongValues.length) {
    const depth = Math.max(...wrongValues.map((s) => s.path.length));
    return wrongValues.filter((s) => s.path.length === depth);
  }
  return [{ issue, path: base }];
}

const TYPE_PHRASES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  Object: 'an object { … }',
  Array: 'an array [ … ]',
  true: 'true',
  false: 'false',
};

/** Valibot's default messages start with "Invalid"; ours are written as "expected" phrases. */
function expectedPhrase(issue: Issue): string {
  if (!/^Invalid /.test(issue.message)) return issue.message;
  const requirement = (issue as { requirement?: unknown }).requirement;
  const isArray = Array.isArray(issue.input);
  switch (issue.type) {
    case 'min_value': return `a number of at least ${String(requirement)}`;
    case 'max_value': return `a number of at most ${String(requirement)}`;
    case 'integer': return 'a whole number';
    case 'min_length':
      if (!isArray && requirement === 1) return 'a non-empty string';
      return `at least ${String(requirement)} ${isArray ? 'entries' : 'characters'}`;
    case 'max_length': return `at most ${String(requirement)} ${isArray ? 'entries' : 'characters'}`;
  }
  const expected = issue.expected ?? '';
  if (Object.prototype.hasOwnProperty.call(TYPE_PHRASES, expected)) return TYPE_PHRASES[expected];
  return expected || 'a different value';
}

/** What was found: for a list that is too long or short, its length says more than its JSON. */
function receivedPhrase(issue: Issue): string {
  if (Array.isArray(issue.input) && (issue.type === 'min_length' || issue.type === 'max_length')) {
    const n = issue.input.length;
    return n === 0 ? 'an empty list' : `${n}`;
  }
  return describeValue(issue.input);
}

function knownValues(schemas: SchemaNode[]): string[] {
  const values: string[] = [];
  for (const s of schemas) {
    if (s.type === 'picklist') values.push(...(s.options as string[]));
    if (s.type === 'literal' && typeof s.literal === 'string') values.push(s.literal);
  }
  return values;
}

export interface IssueContext {
  schema: GenericSchema;
  input: unknown;
  /** Path of `input` within the manifest, e.g. `['items', 3]`. */
  basePath: PathSegment[];
  itemId?: string;
  /** How messages name what `input` is: `item` (default) or `experiment`. */
  kind?: 'item' | 'experiment';
}

/** One or more problems for one valibot issue. */
export function problemsFromIssue(issue: Issue, ctx: IssueContext): ManifestProblem[] {
  const root = ctx.schema as unknown as SchemaNode;
  const path = relativePath(issue);
  const placed = issue.type === 'union' ? unionIssues(issue, path, root, ctx.input) : [{ issue, path }];
  const seen = new Set<string>();
  const out: ManifestProblem[] = [];
  for (const one of placed) {
    for (const problem of problemsFromSingleIssue(one, ctx)) {
      const key = problem.path + problem.message;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(problem);
      }
    }
  }
  return out;
}

function problemsFromSingleIssue({ issue, path: relative }: PlacedIssue, ctx: IssueContext): ManifestProblem[] {
  const root = ctx.schema as unknown as SchemaNode;
  const absolute = (segments: PathSegment[]) => formatPath([...ctx.basePath, ...segments]);
  const path = absolute(relative);
  // `itemId` names items only; an experiment's key appears in the message alone.
  const base = { path, itemId: ctx.kind === 'experiment' ? undefined : ctx.itemId, severity: 'error' as const };
  const where = locationLabel(ctx.itemId, path, ctx.kind);
  const last = relative[relative.length - 1];

  if (issue.expected === 'never' && typeof last === 'string') {
    const parentPath = relative.slice(0, -1);
    const { keys, unknown, parent } = unknownKeys(root, ctx.input, parentPath, last);
    return unknown.map((key) => {
      const keyPath = absolute([...parentPath, key]);
      const suggestion = nearestWord(key, keys);
      const owners = parentPath.length === 0 ? itemTypesWithKey(root, key) : [];
      const hint = suggestion
        ? ` — did you mean "${suggestion}"?`
        : owners.length
          ? ` for a ${String(childValue(parent, 'type'))}; only ${owners.join(', ')} items have it`
          : keys.length ? ` (known keys: ${keys.join(', ')})` : '';
      return { ...base, path: keyPath, code: 'unknown-key', message: `${locationLabel(ctx.itemId, keyPath, ctx.kind)}: unknown key ${quote(key)}${hint}`, received: key, suggestion };
    });
  }
  const values = knownValues(schemasAt(root, ctx.input, relative));
  if (issue.received === 'undefined' && typeof last === 'string') {
    const choices = values.length ? ` (one of ${values.map((x) => `"${x}"`).join(', ')})` : '';
    return [{ ...base, code: 'missing-key', message: `${where}: missing required key "${last}"${choices}`, expected: expectedPhrase(issue) }];
  }
  const received = receivedPhrase(issue);
  // A refused record key (a locale tag, a trait name): the words the record's values may be say nothing about it.
  const keyRefused = (issue.path?.[issue.path.length - 1] as { origin?: string } | undefined)?.origin === 'key';
  // A list of words is the clearest expectation, unless a union also allows objects and
  // the writer wrote something other than a word, or the value has the right shape and breaks
  // a rule of its own (a list of trait values that is empty: "at least one value").
  const ownRule = issue.kind === 'validation' && typeof issue.input !== 'string';
  if (values.length && !keyRefused && !ownRule && (typeof issue.input === 'string' || issue.type !== 'union')) {
    const suggestion = typeof issue.input === 'string' ? nearestWord(issue.input, values) : undefined;
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
    const expected = values.length === 1 ? `"${values[0]}"` : `one of ${values.map((x) => `"${x}"`).join(', ')}`;
    return [{ ...base, code: 'invalid-value', message: `${where}: expected ${expected}, found ${received}${hint}`, expected, received, suggestion }];
  }
  const expected = expectedPhrase(issue);
  return [{ ...base, code: 'invalid-value', message: `${where}: expected ${expected}, found ${received}`, expected, received }];
}

/**
 * Every unknown key of the object at `parentPath`, not only the first (`first`), where valibot
 * stops: a writer fixes every typo of an item in one pass; and the keys the object may have.
 */
function unknownKeys(root: SchemaNode, input: unknown, parentPath: PathSegment[], first: string): { keys: string[]; unknown: string[]; parent: unknown } {
  const keys = schemasAt(root, input, parentPath).flatMap((s) => Object.keys(s.entries ?? {}));
  const parent = parentPath.reduce<unknown>(childValue, input);
  const unknown = parent !== null && typeof parent === 'object' ? Object.keys(parent).filter((k) => !keys.includes(k)) : [];
  return { keys, unknown: unknown.length ? unknown : [first], parent };
}

/**
 * Where valibot's `issues` on `input` are, relative to it, as the problems name them: each unknown
 * key of an object, the branch of a union the writer meant. For salvage.ts, which leaves out
 * no more than these.
 */
export function issuePaths(issues: readonly BaseIssue<unknown>[] | undefined, schema: GenericSchema, input: unknown): PathSegment[][] {
  const root = schema as unknown as SchemaNode;
  return (issues ?? []).flatMap((issue) => {
    const path = relativePath(issue);
    const placed = issue.type === 'union' ? unionIssues(issue, path, root, input) : [{ issue, path }];
    return placed.flatMap(({ issue: one, path: at }) => {
      const last = at[at.length - 1];
      if (one.expected !== 'never' || typeof last !== 'string') return [at];
      const parentPath = at.slice(0, -1);
      return unknownKeys(root, input, parentPath, last).unknown.map((key) => [...parentPath, key]);
    });
  });
}

/** For an item (a variant on "type"), the types whose items have `key`, e.g. ["banner"]. */
function itemTypesWithKey(root: SchemaNode, key: string): string[] {
  if (root.type !== 'variant') return [];
  const discriminator = root.key as string;
  return (root.options as SchemaNode[])
    .filter((option) => own(option.entries, key))
    .map((option) => option.entries?.[discriminator]?.literal)
    .filter((type): type is string => typeof type === 'string');
}

/** Problems for valibot's issues on `input`, placed at `basePath` in the manifest. */
export function issueProblems(
  issues: readonly BaseIssue<unknown>[] | undefined,
  schema: GenericSchema,
  input: unknown,
  basePath: PathSegment[],
  itemId?: string,
  kind?: 'item' | 'experiment',
): ManifestProblem[] {
  return (issues ?? []).flatMap((issue) => problemsFromIssue(issue, { schema, input, basePath, itemId, kind }));
}
