import { commentEnd, endsLiteral, QUOTE, skipContainer, SLASH, stringEnd } from './scan';

export type Path = Array<string | number>;

/** The token under the cursor: a string, number or literal, with its place in the plan. */
export interface TokenAt {
  type: 'string' | 'number' | 'boolean' | 'null' | 'other';
  offset: number;
  length: number;
  value: unknown;
  /** The path of the value, or of the property whose key this is. */
  path: Path;
  /** The token is a property's key, not a value. */
  isKey: boolean;
}

interface Frame {
  isObject: boolean;
  key: string | undefined;
  index: number;
  expectingKey: boolean;
}

function decode(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function pathOf(frames: Frame[]): Path {
  return frames.map((f) => (f.isObject ? (f.key ?? '') : f.index));
}

/** Where the cursor is: on a token, or between tokens at a path where a key or a value goes. */
export interface CursorContext {
  token?: TokenAt;
  path: Path;
  /** A property name goes here (or the token is one). */
  isAtPropertyKey: boolean;
}

/** The token at `offset`, if the cursor is on one. */
export function tokenAt(text: string, offset: number): TokenAt | undefined {
  return contextAt(text, offset).token;
}

/**
 * What is at `offset`: the token and its path, found by scanning from the start while stepping over
 * every container that ends before the cursor: no tree is built, so a hover on a plan of
 * tens of thousands of VMs costs one pass over the text up to the cursor. Tolerant of
 * syntax errors and comments; iterative, so nesting depth cannot overflow the stack.
 * Between tokens, the path is where a value goes, ending in '' where a key goes.
 */
export function contextAt(text: string, offset: number): CursorContext {
  const frames: Frame[] = [];
  const length = text.length;
  let i = 0;
  while (i < length && i <= offset) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    const top = frames.length ? frames[frames.length - 1] : undefined;
    if (ch === 123 || ch === 91) {
      const end = skipContainer(text, i);
      if (end <= offset) {
        i = end;
        continue;
      }
      frames.push({ isObject: ch === 123, key: undefined, index: 0, expectingKey: ch === 123 });
      i++;
      continue;
    }
    if (ch === 125 || ch === 93) {
      frames.pop();
      i++;
      continue;
    }
    if (ch === 44) {
      if (top?.isObject) {
        top.expectingKey = true;
        top.key = undefined;
      } else if (top) {
        top.index++;
      }
      i++;
      continue;
    }
    if (ch === 58) {
      if (top?.isObject) top.expectingKey = false;
      i++;
      continue;
    }
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        if (offset < end) return { path: pathOf(frames), isAtPropertyKey: false };
        i = end;
        continue;
      }
    }
    const isString = ch === QUOTE;
    let end = isString ? stringEnd(text, i) : i + 1;
    if (isString) {
      // A string still being typed has no closing quote yet: it ends at its line's end.
      const lineEnd = text.slice(i, end).search(/[\r\n]/);
      if (lineEnd !== -1) end = i + lineEnd;
    }
    if (!isString) while (end < length && !endsLiteral(text.charCodeAt(end))) end++;
    const raw = text.slice(i, end);
    const isKey = isString && !!top?.isObject && top.expectingKey;
    if (isKey) top!.key = decode(raw) as string | undefined;
    if (offset <= end) {
      const value = decode(raw);
      const type = isString ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : value === null ? 'null' : 'other';
      const token: TokenAt = { type, offset: i, length: end - i, value: type === 'other' ? raw : value, path: pathOf(frames), isKey };
      return { token, path: token.path, isAtPropertyKey: isKey };
    }
    i = end;
  }
  const top = frames.length ? frames[frames.length - 1] : undefined;
  return { path: pathOf(frames), isAtPropertyKey: !!top?.isObject && top.expectingKey };
}
