import { visit } from 'jsonc-parser';
import { checkpointsOf, NO_CHECKPOINTS, type Frame } from './cursor-checkpoints';
import type { ParsedPlan } from './parse';
import { commentEnd, containerEnds, endsLiteral, QUOTE, skipContainer, SLASH, stringEnd } from './scan';

export { checkpointSpacing, textEdited } from './cursor-checkpoints';

export type Path = Array<string | number>;

/** A path with every array index as `*`: `hosts.*.vms.*.guest`, the key features look up by. */
export function shapeOf(path: ReadonlyArray<string | number>): string {
  return path.map((s) => (typeof s === 'number' ? '*' : s)).join('.');
}

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

/** Where the cursor is: on a token, or between tokens at a path where a key or a value goes. */
export interface CursorContext {
  token?: TokenAt;
  path: Path;
  /** A property name goes here (or the token is one). */
  isAtPropertyKey: boolean;
  /**
   * The cursor, or the token it is on, follows a finished value with no comma after it (a new
   * line typed after `"product": "hyperv-2008"`): what goes here is the next property or
   * item, and a comma must go at this offset, the end of that value.
   */
  commaBefore?: number;
  /** The cursor is inside a comment. */
  inComment?: boolean;
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

function finish(frame: Frame | undefined, end: number): void {
  if (frame && frame.state !== 'colon' && (frame.state !== 'key' || !frame.isObject)) {
    frame.state = 'after';
    frame.valueEnd = end;
  }
}

/** The context between tokens, from the innermost open container. */
function between(frames: Frame[]): CursorContext {
  const top = frames.length ? frames[frames.length - 1] : undefined;
  if (!top) return { path: [], isAtPropertyKey: false };
  const path = pathOf(frames);
  if (top.state !== 'after') return { path, isAtPropertyKey: top.isObject && top.state !== 'value' };
  path[path.length - 1] = top.isObject ? '' : top.index + 1;
  return { path, isAtPropertyKey: top.isObject, commaBefore: top.valueEnd };
}

/**
 * The context at `offset` in a text without syntax errors, when the scan to it starts within
 * `reach` characters of it (from the top or from a checkpoint); undefined when it would not.
 */
export function contextNear(text: string, offset: number, reach: number): CursorContext | undefined {
  const from = checkpointsOf(text).before(offset - 1)?.at ?? 0;
  return offset - from <= reach ? contextAt(text, offset, true) : undefined;
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
 * A token that starts or ends at the cursor is the token at the cursor; punctuation at the
 * cursor is after it (`{|}` is inside the object). Between tokens, the path is where a value
 * goes, ending in '' where a key goes.
 *
 * Exact on a plan without syntax errors; on a damaged one, {@link cursorContext} asks the
 * tolerant parser instead. With `resume`, only for a text without syntax errors, the scan
 * starts from the checkpoint before the cursor that an earlier scan of the same text kept
 * (see `Checkpoints`).
 */
export function contextAt(text: string, offset: number, resume = false): CursorContext {
  const saved = resume ? checkpointsOf(text) : NO_CHECKPOINTS;
  // Strictly before: a token that ends at the cursor, before a checkpoint there, is the one at the cursor.
  const from = saved.before(offset - 1);
  const frames: Frame[] = from ? from.frames.map((frame) => ({ ...frame })) : [];
  const length = text.length;
  let i = from ? from.at : 0;
  let next = saved.next();
  let ends: ReturnType<typeof containerEnds> | undefined;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) {
      i++;
      continue;
    }
    if (i >= next && i <= offset) next = saved.keep(i, frames);
    const punctuation = ch === 123 || ch === 91 || ch === 125 || ch === 93 || ch === 44 || ch === 58;
    if (i > offset || (i === offset && (punctuation || ch === SLASH))) break;
    const top = frames.length ? frames[frames.length - 1] : undefined;
    if (ch === 123 || ch === 91) {
      // Only whether it closes before the cursor matters: the scan stops at the cursor, so a
      // hover near the top of a large plan does not read the rest of it.
      // Once a container is found open at the cursor, the ends of those inside it come from one
      // pass (see containerEnds), not a scan each.
      let end = ends?.end(i);
      if (end === undefined) {
        end = skipContainer(text, i, offset);
        if (end === length) ends = containerEnds(text, i, offset);
      }
      // A container unclosed at the end of the text "ends" there too: only one that ends
      // before the text does is sure to be closed.
      if (end <= offset && end < length) {
        finish(top, end);
        i = end;
        continue;
      }
      frames.push({ isObject: ch === 123, key: undefined, index: 0, state: ch === 123 ? 'key' : 'value', valueEnd: 0 });
      i++;
      continue;
    }
    if (ch === 125 || ch === 93) {
      frames.pop();
      finish(frames[frames.length - 1], i + 1);
      i++;
      continue;
    }
    if (ch === 44) {
      if (top?.isObject) {
        top.state = 'key';
        top.key = undefined;
      } else if (top) {
        top.index++;
        top.state = 'value';
      }
      i++;
      continue;
    }
    if (ch === 58) {
      if (top?.isObject) top.state = 'value';
      i++;
      continue;
    }
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        // At the end of a line comment, what is typed still goes into the comment.
        if (offset < end || (offset === end && text.charCodeAt(i + 1) === SLASH)) return { path: pathOf(frames), isAtPropertyKey: false, inComment: true };
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
    const commaBefore = top?.state === 'after' ? top.valueEnd : undefined;
    // A string where a key or the next property goes is a key, as the parser reads it.
    const isKey = isString && !!top?.isObject && (top.state === 'key' || top.state === 'after');
    if (isKey) {
      top!.key = decode(raw) as string | undefined;
      top!.state = 'colon';
    }
    if (offset <= end) {
      const value = decode(raw);
      const type = isString ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : value === null ? 'null' : 'other';
      const token: TokenAt = { type, offset: i, length: end - i, value: type === 'other' ? raw : value, path: pathOf(frames), isKey };
      return { token, path: token.path, isAtPropertyKey: isKey, ...(commaBefore === undefined ? {} : { commaBefore }) };
    }
    if (!isKey) finish(top, end);
    i = end;
  }
  return between(frames);
}

function tokenType(value: unknown): TokenAt['type'] {
  if (value === null) return 'null';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' ? type : 'other';
}

/**
 * The same context read by jsonc-parser's tolerant parser, whose recovery from a syntax
 * error (a missing colon skips to the next comma or close, a stray bracket closes nothing)
 * is what every other feature sees in a damaged plan. It steps through the parser's events
 * as `getLocation` does, and also notes a finished value that no comma follows.
 */
export function tolerantContextAt(text: string, offset: number): CursorContext {
  const frames: Frame[] = [];
  let token: TokenAt | undefined;
  let commaBefore: number | undefined;
  let inComment = false;
  // As getLocation keeps it: set by `{` and `,`, cleared by `:`. Between a key and its colon
  // after a missing comma (`"a": 1 "b" |`) it stays cleared, and so does the answer here.
  let keyExpected = false;
  const stop = new Error('stop');
  const top = () => (frames.length ? frames[frames.length - 1] : undefined);
  try {
    visit(text, {
      onObjectBegin: (at) => {
        if (offset <= at) throw stop;
        keyExpected = true;
        frames.push({ isObject: true, key: undefined, index: 0, state: 'key', valueEnd: 0 });
      },
      onArrayBegin: (at) => {
        if (offset <= at) throw stop;
        frames.push({ isObject: false, key: undefined, index: 0, state: 'value', valueEnd: 0 });
      },
      onObjectEnd: (at, length) => {
        if (offset <= at) throw stop;
        frames.pop();
        finish(top(), at + length);
      },
      onArrayEnd: (at, length) => {
        if (offset <= at) throw stop;
        frames.pop();
        finish(top(), at + length);
      },
      onObjectProperty: (name, at, length) => {
        if (offset < at) throw stop;
        const frame = top()!;
        if (frame.state === 'after') commaBefore = frame.valueEnd;
        frame.key = name;
        frame.state = 'colon';
        if (offset <= at + length) {
          token = { type: 'string', offset: at, length, value: name, path: pathOf(frames), isKey: true };
          throw stop;
        }
      },
      onLiteralValue: (value: unknown, at, length) => {
        if (offset < at) throw stop;
        if (offset <= at + length) {
          token = { type: tokenType(value), offset: at, length, value, path: pathOf(frames), isKey: false };
          if (top()?.state === 'after') commaBefore = top()!.valueEnd;
          throw stop;
        }
        finish(top(), at + length);
      },
      onComment: (at, length) => {
        if (offset <= at) throw stop;
        if (offset < at + length || (offset === at + length && text.charCodeAt(at + 1) === SLASH)) {
          inComment = true;
          throw stop;
        }
      },
      onSeparator: (separator, at) => {
        if (offset <= at) throw stop;
        const frame = top();
        if (!frame) return;
        if (separator === ':' && frame.state === 'colon') {
          frame.state = 'value';
          keyExpected = false;
        } else if (separator === ',') {
          if (frame.isObject) {
            frame.state = 'key';
            frame.key = undefined;
            keyExpected = true;
          } else {
            frame.index++;
            frame.state = 'value';
          }
        }
      },
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  if (commaBefore !== undefined && !onlySpaceBetween(text, commaBefore, token?.offset ?? offset)) commaBefore = undefined;
  if (token) return { token, path: token.path, isAtPropertyKey: token.isKey, ...(commaBefore === undefined ? {} : { commaBefore }) };
  if (inComment) return { path: pathOf(frames), isAtPropertyKey: false, inComment };
  const context = between(frames);
  // Characters the parser skipped (a stray bracket) between the value and the cursor: a comma
  // after the value would not make the text whole, so none is offered.
  if (context.commaBefore !== undefined && !onlySpaceBetween(text, context.commaBefore, offset)) delete context.commaBefore;
  return top()?.state === 'colon' ? { ...context, isAtPropertyKey: keyExpected } : context;
}

/** Whether only white space and comments lie from `from` to `to` (no strings there: the parser would have read them). */
function onlySpaceBetween(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const ch = text.charCodeAt(i);
    if (ch <= 32) continue;
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        i = end - 1;
        continue;
      }
    }
    return false;
  }
  return true;
}

/** The cursor context in a parsed plan: the fast scan where the text is sound, else the parser's reading. */
export function cursorContext(parsed: ParsedPlan, offset: number): CursorContext {
  if (!parsed.syntaxErrors.length) return contextAt(parsed.source, offset, true);
  try {
    return tolerantContextAt(parsed.source, offset);
  } catch (error) {
    // The parser recurses once per nesting level; the scan does not.
    if (!(error instanceof RangeError)) throw error;
    return contextAt(parsed.source, offset);
  }
}
