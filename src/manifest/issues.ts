/**
 * Turns valibot issues into writer-friendly problems: unions are searched for the branch
 * the writer meant, unknown keys and values get the nearest known word.
 */
import type { BaseIssue, GenericSchema } from 'valibot';
import { describeValue, formatPath, nearestWord, type ManifestProblem, type PathSegment } from './problems';

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

/** The schemas that could describe the value at `path`, following unions by the input's shape. */
function schemasAt(root: SchemaNode, input: unknown, path: readonly PathSegment[]): SchemaNode[] {
  let current = expand(root, input);
  let value: unknown = input;
  for (const segment of path) {
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[segment as string] : undefined;
    const next: SchemaNode[] = [];
    for (const schema of current) {
      const child =
        schema.entries?.[segment as string] ??
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
    const tag = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[discriminator] : undefined;
    const chosen = options.filter((o) => o.entries?.[discriminator]?.literal === tag);
    return (chosen.length ? chosen : options).flatMap((option) => expand(option, value));
  }
  return [schema];
}

function issuePath(issue: Issue): PathSegment[] {
  return (issue.path ?? []).map((p) => p.key as PathSegment);
}

/** Within a failed union, keep the issues that got deepest: they show which branch the writer meant. */
function deepestIssues(issue: Issue): Issue[] {
  const base = issuePath(issue).length;
  const subs = (issue.issues ?? []).flatMap((sub) => (sub.type === 'union' && sub.issues ? deepestIssues(sub) : [sub]));
  const depth = Math.max(...subs.map((s) => issuePath(s).length));
  if (!subs.length || depth <= base) return [issue];
  return subs.filter((s) => issuePath(s).length === depth);
}

/** Valibot's default messages start with "Invalid"; ours are written as "expected" phrases. */
function expectedPhrase(issue: Issue): string {
  if (!/^Invalid /.test(issue.message)) return issue.message;
  return issue.expected ?? 'a different value';
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
}

/** One or more problems for one valibot issue. */
export function problemsFromIssue(issue: Issue, ctx: IssueContext): ManifestProblem[] {
  const issues = issue.type === 'union' || issue.type === 'variant' ? deepestIssues(issue) : [issue];
  const seen = new Set<string>();
  const out: ManifestProblem[] = [];
  for (const one of issues) {
    const problem = problemFromSingleIssue(one, ctx);
    const key = problem.path + problem.message;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

function problemFromSingleIssue(issue: Issue, ctx: IssueContext): ManifestProblem {
  const relative = issuePath(issue);
  const path = formatPath([...ctx.basePath, ...relative]);
  const root = ctx.schema as unknown as SchemaNode;
  const base = { path, itemId: ctx.itemId, severity: 'error' as const };
  const where = locationLabel(ctx.itemId, path);
  const last = relative[relative.length - 1];

  if (issue.expected === 'never' && typeof last === 'string') {
    const keys = schemasAt(root, ctx.input, relative.slice(0, -1)).flatMap((s) => Object.keys(s.entries ?? {}));
    const suggestion = nearestWord(last, keys);
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : keys.length ? ` (known keys: ${keys.join(', ')})` : '';
    return { ...base, code: 'unknown-key', message: `${where}: unknown key "${last}"${hint}`, received: last, suggestion };
  }
  if (issue.received === 'undefined' && typeof last === 'string') {
    return { ...base, code: 'missing-key', message: `${where}: missing required key "${last}"`, expected: expectedPhrase(issue) };
  }
  const values = knownValues(schemasAt(root, ctx.input, relative));
  const received = describeValue(issue.input);
  if (values.length) {
    const suggestion = typeof issue.input === 'string' ? nearestWord(issue.input, values) : undefined;
    const hint = suggestion ? ` — did you mean "${suggestion}"?` : '';
    const expected = `one of ${values.map((x) => `"${x}"`).join(', ')}`;
    return { ...base, code: 'invalid-value', message: `${where}: expected ${expected}, found ${received}${hint}`, expected, received, suggestion };
  }
  const expected = expectedPhrase(issue);
  return { ...base, code: 'invalid-value', message: `${where}: expected ${expected}, found ${received}`, expected, received };
}

/** `item "welcome" at items[3].steps[1]` or just the path when there is no item. */
export function locationLabel(itemId: string | undefined, path: string): string {
  const at = path || 'manifest';
  return itemId ? `item "${itemId}" at ${at}` : at;
}
