import type { TextChange } from '../document';
import type { ParsedPlan, SyntaxProblem } from './parse';
import { contextNear } from './cursor';
import { endsLiteral, QUOTE } from './scan';
import { LineIndex } from './text';
import type { Places } from './tolerant';

const KIND_LITERAL = 0;
const KIND_ARRAY = 2;

/** A JSON number, whole: what the tolerant parser reads as one number token with no error. */
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * A plan with a syntax error read again after edits that only retyped the inside of strings
 * and numbers (a planner changing a count or a name while the plan is broken elsewhere),
 * from the earlier version's tolerant parse instead of from scratch: the tolerant parse of a
 * large plan costs several times a `JSON.parse`, this costs a copy of its places.
 *
 * Such edits leave every token where it was and of the same kind, so the parser takes the
 * same steps and reports the same errors; only the edited values and the places after each
 * edit change. Whenever that cannot be seen to hold, the answer is undefined and the text is
 * parsed afresh: an edit that is not `plain` or not inside one string or number value, a
 * number that is no longer one, a string that no longer decodes, an error on or next to an
 * edited value (it may be gone), a key written twice (which of its values counts), a value
 * stored under no key.
 */
export function reparse(previous: ParsedPlan, text: string, changes: readonly TextChange[], retyped?: (value: Retyped) => void): ParsedPlan | undefined {
  const before = previous.places;
  if (!before || before.count === 0 || previous.syntaxErrors.length === 0 || previous.keysStoredTwice !== 0) return undefined;
  const count = before.count;
  const start = before.start.slice(0, count);
  const end = before.end.slice(0, count);
  const keyStart = before.keyStart.slice(0, count);
  let errors: readonly SyntaxProblem[] = previous.syntaxErrors;
  /** Edited values, by record: whether each is a string. */
  const edited = new Map<number, boolean>();
  let length = previous.text.length;
  // The value edited last, and by how much its end has moved: the places after it move once
  // for a run of edits in one value, as typing makes them.
  let pending = -1;
  let moved = 0;
  const settle = () => {
    if (pending < 0 || moved === 0) return;
    const r = pending;
    const valueStart = start[r];
    const valueEnd = end[r];
    for (let j = 0; j < r; j++) if (end[j] > valueStart) end[j] += moved;
    end[r] += moved;
    for (let j = r + 1; j < count; j++) {
      start[j] += moved;
      end[j] += moved;
      if (keyStart[j] >= 0) keyStart[j] += moved;
    }
    // No error touches the value, so those after it are after its end.
    const by = moved;
    errors = errors.map((error) => (error.offset > valueEnd ? { ...error, offset: error.offset + by } : error));
    moved = 0;
  };
  const inside = (r: number, from: number, to: number, isString: boolean) => {
    const valueEnd = end[r] + (r === pending ? moved : 0);
    return isString ? from > start[r] && to < valueEnd : from >= start[r] && to <= valueEnd;
  };
  for (const change of changes) {
    if (!change.plain) return undefined;
    const from = change.offset;
    const to = from + change.removed;
    const delta = change.text.length - change.removed;
    length += delta;
    if (pending >= 0 && inside(pending, from, to, edited.get(pending)!)) {
      moved += delta;
      continue;
    }
    settle();
    // The value the change falls in: the last to begin at or before it.
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (start[mid] <= from) low = mid;
      else high = mid - 1;
    }
    const r = low;
    if (before.kind[r] !== KIND_LITERAL || start[r] > from) return undefined;
    let isString = edited.get(r);
    if (isString === undefined) {
      const first = previous.source.charCodeAt(before.start[r]);
      isString = first === QUOTE;
      // A string is edited between its quotes, so it must have both.
      if (isString && (before.end[r] - before.start[r] < 2 || previous.source.charCodeAt(before.end[r] - 1) !== QUOTE)) return undefined;
      if (!isString && first !== 45 && (first < 48 || first > 57)) return undefined;
      edited.set(r, isString);
    }
    if (!inside(r, from, to, isString)) return undefined;
    // Any error touching the value may be one the edit takes away.
    for (const error of errors) if (error.offset <= end[r] && error.offset + error.length >= start[r]) return undefined;
    pending = r;
    moved = delta;
  }
  settle();
  if (length !== text.length) return undefined;
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  let value = previous.value;
  let only: Retyped | undefined;
  for (const [r, isString] of edited) {
    const literal = readLiteral(source, start[r], end[r], isString);
    const path = pathTo(before, r);
    if (!literal || !path) return undefined;
    value = replaced(value, path, 0, literal.value);
    only = edited.size === 1 ? { path, offset: start[r], before: before.end[r] - before.start[r], after: end[r] - start[r] } : undefined;
  }
  if (only) retyped?.(only);
  const places: Places = { count, kind: before.kind, start, end, keyStart, keyLength: before.keyLength, next: before.next, keys: before.keys };
  return { text, source, value, syntaxErrors: errors, lines: new LineIndex(text), keysStoredTwice: 0, places };
}

/**
 * The one value a valid plan's edits retyped (`reparseValid`): its path, where its text starts,
 * and the length of its text before and after.
 */
export interface Retyped {
  path: ReadonlyArray<string | number>;
  offset: number;
  before: number;
  after: number;
}

/** How far the scan for the value an edit is in may read: about a twentieth of a 10,000-VM plan. */
const REACH = 200_000;

/**
 * A plan without syntax errors read again after edits that only retyped the inside of one
 * string or number value, from the earlier version's value instead of by `JSON.parse`: the
 * new value is the old one with that value replaced (the containers on its path copied, the
 * rest shared). The caller vouches that no key of the earlier text is written twice, so the
 * path names the one value `JSON.parse` keeps. Undefined, and the text is parsed afresh,
 * whenever that cannot be seen to hold: an edit that is not `plain`, edits in more than one
 * value, not inside a value (a key, white space), a value that no longer reads as one of its
 * kind, or a value found only by reading far from a checkpoint of the cursor scan.
 */
export function reparseValid(previous: ParsedPlan, text: string, changes: readonly TextChange[]): { parsed: ParsedPlan; retyped: Retyped } | undefined {
  if (previous.syntaxErrors.length || changes.length === 0 || !changes.every((change) => change.plain)) return undefined;
  const first = changes[0];
  const token = contextNear(previous.source, first.offset, REACH)?.token;
  if (!token || token.isKey || (token.type !== 'string' && token.type !== 'number')) return undefined;
  const isString = token.type === 'string';
  const start = token.offset;
  let end = token.offset + token.length;
  for (const change of changes) {
    const to = change.offset + change.removed;
    if (isString ? change.offset <= start || to >= end : change.offset < start || to > end) return undefined;
    end += change.text.length - change.removed;
    if (end <= start) return undefined;
  }
  if (text.length !== previous.text.length + end - (token.offset + token.length)) return undefined;
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const literal = readLiteral(source, start, end, isString);
  // A path through a key written twice may end in a value JSON.parse did not keep (the caller
  // then finds the duplicate and reads afresh): it must not be followed into nothing.
  if (literal === undefined || !reaches(previous.value, token.path)) return undefined;
  return {
    parsed: { text, source, value: replaced(previous.value, token.path, 0, literal.value), syntaxErrors: [], lines: new LineIndex(text) },
    retyped: { path: token.path, offset: start, before: token.length, after: end - start },
  };
}

/** The value written from `start` to `end`, when it is one string (`isString`) or number token. */
function readLiteral(source: string, start: number, end: number, isString: boolean): { value: unknown } | undefined {
  const token = source.slice(start, end);
  if (isString) {
    try {
      return { value: JSON.parse(token) };
    } catch {
      return undefined;
    }
  }
  if (!NUMBER.test(token) || (start > 0 && !endsLiteral(source.charCodeAt(start - 1))) || (end < source.length && !endsLiteral(source.charCodeAt(end)))) return undefined;
  return { value: Number(token) };
}

/** The keys and indices from the root to value `r`; undefined when one of them was stored under no key. */
function pathTo(places: Places, r: number): Array<string | number> | undefined {
  const path: Array<string | number> = [];
  let at = 0;
  while (at !== r) {
    let child = at + 1;
    let index = 0;
    while (places.next[child] <= r) {
      child = places.next[child];
      index++;
    }
    if (places.kind[at] === KIND_ARRAY) path.push(index);
    else {
      const key = places.keys[child];
      if (key === undefined) return undefined;
      path.push(key);
    }
    at = child;
  }
  return path;
}

/** Whether each step of `path` is an own key or index of the container before it. */
function reaches(value: unknown, path: ReadonlyArray<string | number>): boolean {
  let at = value;
  for (const step of path) {
    if (typeof at !== 'object' || at === null || !Object.hasOwn(at, step)) return false;
    at = (at as Record<string | number, unknown>)[step];
  }
  return true;
}

/** `value` with the value at `path` (from `depth` on) replaced, copying only the containers on the way. */
function replaced(value: unknown, path: ReadonlyArray<string | number>, depth: number, literal: unknown): unknown {
  if (depth === path.length) return literal;
  const step = path[depth];
  if (Array.isArray(value)) {
    const copy = value.slice();
    copy[step as number] = replaced(value[step as number], path, depth + 1, literal);
    return copy;
  }
  // Spread defines own properties, as the parser does: a key `__proto__` stays an own property.
  const object = value as Record<string, unknown>;
  return { ...object, [step]: replaced(object[step], path, depth + 1, literal) };
}
