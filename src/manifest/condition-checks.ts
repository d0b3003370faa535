/**
 * Checks of a condition (`when`) that a schema cannot express. GrowthBook evaluates conditions
 * (engine/condition.ts) and never complains: an operator given the wrong kind of value silently
 * changes who matches. `{"$or": {"account.plan": "trial"}}` (an object where a list belongs) has
 * no `length`, so its evalOr returns true for everyone, as `$and` does; `{"$in": "eu"}` and most
 * other operators with the wrong kind of value never match. So each operator's value is checked
 * here, where it stands: a condition (the top level of `when`, the entries of `$and`/`$or`/`$nor`,
 * `$not`) holds attribute names and those combining operators; an attribute's value holds the
 * operators that compare it. Recursive: callers bound the depth first (depth.ts).
 */
import type { Check } from './checks';
import { describeValue, nearestWord, quote, type PathSegment } from './problems';
import { MAX_REGEX_LENGTH, regexProblem, type RegexProblem } from './safe-regex';

/** GrowthBook's condition operators (the engine evaluates conditions with GrowthBook). */
const OPERATORS = [
  '$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$veq', '$vne', '$vgt', '$vgte', '$vlt', '$vlte',
  '$exists', '$in', '$nin', '$ini', '$nini', '$all', '$alli', '$elemMatch', '$size', '$type',
  '$regex', '$regexi', '$not', '$and', '$or', '$nor', '$inGroup', '$notInGroup', '$savedGroup',
];
/** Operators that combine whole conditions: GrowthBook reads them only where attribute names stand. */
const LOGICAL = ['$and', '$or', '$nor'];
/** Operators whose value GrowthBook requires to be an array (anything else never matches). */
const LISTS = ['$in', '$nin', '$ini', '$nini', '$all', '$alli'];
/** What GrowthBook's `$type` compares with (mongrule getType; a missing attribute reads as null). */
const TYPES = ['string', 'number', 'boolean', 'array', 'object', 'null', 'undefined'];
/**
 * Operators whose place and value are left as they were: saved groups are not part of item
 * targeting (decide never passes any). The comparisons ($eq, $gt, $veq …) take any value.
 */
const UNCHECKED = ['$savedGroup', '$inGroup', '$notInGroup'];

/** What each refused shape of `$regex` pattern means, and how to write it instead (safe-regex.ts). */
const REGEX_PROBLEMS: Record<RegexProblem, string> = {
  'too-long': `at most ${MAX_REGEX_LENGTH} characters are allowed`,
  invalid: 'it does not compile',
  backreference: 'backreferences ("\\1", "\\k<name>") can take exponential time; match the text itself',
  lookbehind: 'lookbehind ("(?<=…)", "(?<!…)") is not supported',
  nested: 'a repeated group that contains a repetition or alternatives ("(a+)+", "(a|b)*") can take exponential time; repeat a character class instead, such as "[ab]*"',
  overlap: 'repetitions, optional parts or alternatives in a row that can match the same characters (".*.*x", "a.*b.*c", "a?a?a?…b") can take very long on long inputs; start the pattern with "^", drop a repetition, or separate them with a character they cannot match ("[^/]+/[^/]+")',
};

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
/** GrowthBook's isOperatorObject: a non-empty object whose keys all start with "$"; any other object is compared whole. */
const isOperatorObject = (value: unknown): value is Json => isRecord(value) && Object.keys(value).length > 0 && Object.keys(value).every((key) => key.startsWith('$'));

const CONDITION = '{"account.plan": "trial"}';

/** `"$in" needs …, found "eu": as written, it never matches`, at `path`. */
function needs(path: PathSegment[], operator: string, what: string, value: unknown, effect?: string): Check {
  return { code: 'invalid-operand', path, message: `${quote(operator)} needs ${what}, found ${describeValue(value)}${effect ? `: as written, ${effect}` : ''}` };
}

/**
 * Every problem of a condition: unknown operators, operators out of place or given the wrong
 * kind of value, and uncompilable or unsafe `$regex` / `$regexi` patterns.
 */
export function* conditionProblems(condition: unknown, base: PathSegment[]): Generator<Check> {
  if (isRecord(condition)) yield* clauses(condition, base);
  else yield* anywhere(condition, base);
}

/** A condition: attribute names, and the operators that combine conditions. */
function* clauses(condition: Json, base: PathSegment[]): Generator<Check> {
  for (const [key, value] of Object.entries(condition)) {
    const here = [...base, key];
    if (!key.startsWith('$')) yield* attributeValue(value, here);
    else if (!OPERATORS.includes(key)) yield unknownOperator(key, here);
    else if (LOGICAL.includes(key)) yield* combined(key, value, here);
    else if (key === '$not' && isRecord(value)) yield* clauses(value, here);
    else {
      if (key === '$not') yield needs(here, key, `a condition, such as ${CONDITION}`, value);
      // GrowthBook reads any other key here as an attribute's name: nobody has one called "$in".
      else if (!UNCHECKED.includes(key)) yield { code: 'misplaced-operator', path: here, message: `${quote(key)} compares an attribute's value, so it goes inside one: {"account.plan": {${quote(key)}: …}}; here it never matches` };
      yield* anywhere(value, here);
    }
  }
}

/**
 * `$and` / `$or` / `$nor`: a non-empty list of conditions. GrowthBook reads a value with no
 * `length` (an object, a number) as an empty list, where `$and` and `$or` hold for everyone and
 * `$nor` for nobody; a string as a list of one-character conditions that fail; null throws (false).
 * An object in place of the list is still walked, so every mistake inside it is reported.
 */
function* combined(operator: string, value: unknown, here: PathSegment[]): Generator<Check> {
  if (!Array.isArray(value) || value.length === 0) {
    const fails = value === null || (typeof value === 'string' && value !== '');
    const everyone = operator === '$nor' ? fails && value !== null : !fails;
    yield needs(here, operator, `a non-empty list of conditions, such as [${CONDITION}, {"account.plan": "pro"}]`, value, `${everyone ? 'everyone' : 'nobody'} passes it`);
  }
  if (isRecord(value)) return yield* clauses(value, here);
  if (!Array.isArray(value)) return;
  for (const [i, entry] of value.entries()) {
    if (isRecord(entry)) yield* clauses(entry, [...here, i]);
    else {
      yield needs([...here, i], operator, `conditions in its list, such as ${CONDITION}`, entry);
      yield* anywhere(entry, [...here, i]);
    }
  }
}

/** An attribute's value: compared whole, unless it is an object of operators. */
function* attributeValue(value: unknown, here: PathSegment[]): Generator<Check> {
  if (!isOperatorObject(value)) return yield* anywhere(value, here);
  for (const [operator, operand] of Object.entries(value)) yield* comparison(operator, operand, [...here, operator]);
}

/** One operator on an attribute's value, and its operand. */
function* comparison(operator: string, operand: unknown, here: PathSegment[]): Generator<Check> {
  if (!OPERATORS.includes(operator)) return yield unknownOperator(operator, here);
  const wrong = (what: string, effect = 'it never matches') => needs(here, operator, what, operand, effect);
  if (LOGICAL.includes(operator)) {
    yield { code: 'misplaced-operator', path: here, message: `${quote(operator)} combines conditions, so it goes beside attribute names: {${quote(operator)}: [${CONDITION}, …]}; here it never matches` };
  } else if (LISTS.includes(operator)) {
    // GrowthBook returns false for anything but an array. $all's entries are value tests themselves ({"$all": [{"$gt": 1}]}).
    if (!Array.isArray(operand)) yield wrong('a list of values, such as ["trial", "pro"]');
    else if (operator.startsWith('$all')) return yield* operand.flatMap((entry, i) => [...attributeValue(entry, [...here, i])]);
  } else if (operator === '$exists') {
    if (typeof operand !== 'boolean') yield wrong('true or false', `it counts as ${String(Boolean(operand))}`);
  } else if (operator === '$type') {
    const near = typeof operand === 'string' ? nearestWord(operand, TYPES) : undefined;
    if (!TYPES.includes(operand as string)) yield wrong(`one of ${TYPES.map((type) => `"${type}"`).join(', ')}`, `it never matches${near ? ` — did you mean "${near}"?` : ''}`);
  } else if (operator === '$regex' || operator === '$regexi') {
    if (typeof operand === 'string') return yield* pattern(operator, operand, here);
    yield wrong('a pattern in a string, such as "^/projects/"');
  } else if (operator === '$not' || ((operator === '$size' || operator === '$elemMatch') && isOperatorObject(operand))) {
    // A value test in its turn: what $not negates, operators on $size's count or on each entry.
    return yield* attributeValue(operand, here);
  } else if (operator === '$elemMatch') {
    // Any other object is a condition on the fields of each entry.
    if (isRecord(operand)) return yield* clauses(operand, here);
    yield needs(here, operator, 'an object: a condition on each entry, such as {"id": "a"}, or operators, such as {"$gt": 1}', operand);
  } else if (operator === '$size' && !(Number.isInteger(operand) && (operand as number) >= 0)) {
    yield needs(here, operator, 'a whole number, or operators on it such as {"$gte": 1}', operand);
  }
  yield* anywhere(operand, here);
}

function unknownOperator(key: string, here: PathSegment[]): Check {
  const suggestion = nearestWord(key, OPERATORS);
  return { code: 'unknown-operator', path: here, message: `unknown condition operator ${quote(key)}${suggestion ? ` — did you mean "${suggestion}"?` : ''}` };
}

/** A `$regex` / `$regexi` pattern that does not compile, or whose shape is unsafe (safe-regex.ts). */
function* pattern(operator: string, value: string, here: PathSegment[]): Generator<Check> {
  try {
    new RegExp(value, operator === '$regexi' ? 'i' : undefined);
  } catch (error) {
    // V8 says 'Invalid regular expression: /(/: Unterminated group'; keep the reason only.
    const reason = (error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
    return yield { code: 'invalid-regex', path: here, message: `invalid regular expression ${describeValue(value)}: ${reason}` };
  }
  const unsafe = regexProblem(value, operator === '$regexi');
  if (unsafe) yield { code: 'unsafe-regex', path: here, message: `regular expression ${describeValue(value)} is not allowed: ${REGEX_PROBLEMS[unsafe]}` };
}

/**
 * A value no operator reads as a condition (compared whole, or one GrowthBook does not read):
 * only unknown operators and patterns inside it are reported, as before operands were checked.
 */
function* anywhere(value: unknown, base: PathSegment[]): Generator<Check> {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value as Json)) {
    const here = [...base, Array.isArray(value) ? Number(key) : key];
    if (!Array.isArray(value) && key.startsWith('$') && !OPERATORS.includes(key)) yield unknownOperator(key, here);
    else if ((key === '$regex' || key === '$regexi') && typeof child === 'string') yield* pattern(key, child, here);
    else yield* anywhere(child, here);
  }
}
