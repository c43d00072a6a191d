import type { ParseError, ParseErrorCode } from 'jsonc-parser';
import {
  BLOCK_COMMENT, CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, END_OF_COMMENT, END_OF_NUMBER, END_OF_STRING, EOF, FALSE, INVALID_CHARACTER, INVALID_ESCAPE,
  INVALID_UNICODE, LINE_BREAK, LINE_COMMENT, NULL, NUMBER, OPEN_BRACE, OPEN_BRACKET, STRING, TolerantScanner, TRIVIA, TRUE, UNKNOWN,
} from './tolerant-scan';

/**
 * The error-recovering parse of a plan with a syntax error, in one pass that builds the value
 * and notes where each value stands. It reads as jsonc-parser's tolerant parser reads (same
 * tokens, same recovery, same errors at the same places, comments and trailing commas
 * allowed), so the value is the one its tree holds; but it calls nothing per token, builds no
 * text for white space and no tree, and the places it notes (typed arrays, a few numbers a
 * value) let the diagnostics be placed without reading the text again.
 */

// Parse errors, numbered as jsonc-parser's ParseErrorCode.
const INVALID_SYMBOL = 1;
const INVALID_NUMBER_FORMAT = 2;
const PROPERTY_NAME_EXPECTED = 3;
const VALUE_EXPECTED = 4;
const COLON_EXPECTED = 5;
const COMMA_EXPECTED = 6;
const CLOSE_BRACE_EXPECTED = 7;
const CLOSE_BRACKET_EXPECTED = 8;
const END_OF_FILE_EXPECTED = 9;
const UNEXPECTED_END_OF_COMMENT = 11;
const UNEXPECTED_END_OF_STRING = 12;
const UNEXPECTED_END_OF_NUMBER = 13;
const INVALID_UNICODE_ERROR = 14;
const INVALID_ESCAPE_ERROR = 15;
const INVALID_CHARACTER_ERROR = 16;

const KIND_LITERAL = 0;
const KIND_OBJECT = 1;
const KIND_ARRAY = 2;

const bit = (token: number) => 1 << token;
const TO_PROPERTY_END = bit(CLOSE_BRACE) | bit(COMMA);
const TO_ITEM_END = bit(CLOSE_BRACKET) | bit(COMMA);

/**
 * Where each value the parse stored stands, in the order the values begin (a container before
 * what it holds). Of value `r`: its text is `start[r]` to `end[r]`; as a property's value, its
 * key is written at `keyStart[r]` (-1 otherwise) for `keyLength[r]` and named `keys[r]`; the
 * values it holds are `r + 1` up to `next[r]`, each followed by its own `next`.
 */
export interface Places {
  readonly count: number;
  readonly kind: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly keyStart: Int32Array;
  readonly keyLength: Int32Array;
  readonly next: Int32Array;
  readonly keys: ReadonlyArray<string | undefined>;
}

export interface TolerantParse {
  value: unknown;
  errors: ParseError[];
  /** Values stored over an earlier one of the same key in the same object. */
  keysStoredTwice: number;
  places: Places;
}

type Container = unknown[] | Record<string, unknown>;

/** jsonc-parser's visit, building the value as parseTree's would hold it and noting each value's place. */
class TolerantParser extends TolerantScanner {
  readonly errors: ParseError[] = [];
  keysStoredTwice = 0;

  // The open containers, innermost last, with the key read for the value to come.
  private readonly containers: Container[] = [];
  private readonly isArray: boolean[] = [];
  private readonly pendingKey: Array<string | undefined> = [];
  private readonly pendingKeyStart: number[] = [];
  private readonly pendingKeyLength: number[] = [];
  private readonly openRecord: number[] = [];
  private depth = 0;
  root: unknown = undefined;
  private rooted = false;

  // Places, grown as needed.
  count = 0;
  kind: Uint8Array;
  start: Int32Array;
  end: Int32Array;
  keyStart: Int32Array;
  keyLength: Int32Array;
  next: Int32Array;
  readonly keys: Array<string | undefined> = [];

  constructor(text: string) {
    super(text);
    // A value takes about twenty characters of a pretty-printed plan.
    const capacity = Math.max(64, text.length >> 4);
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.keyStart = new Int32Array(capacity);
    this.keyLength = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  private error(code: number): void {
    this.errors.push({ error: code as ParseErrorCode, offset: this.tokenOffset, length: this.pos - this.tokenOffset });
  }

  /** The next token that is not white space or a comment; scan errors and stray symbols are reported on the way. */
  private scanNext(): number {
    const text = this.text;
    for (;;) {
      // White space and line breaks come to nothing here: stepped over without a token each.
      let pos = this.pos;
      let ch = text.charCodeAt(pos);
      while (ch === 32 || ch === 10 || ch === 9 || ch === 13) ch = text.charCodeAt(++pos);
      this.pos = pos;
      const token = this.scan();
      switch (this.scanError) {
        case INVALID_UNICODE:
          this.error(INVALID_UNICODE_ERROR);
          break;
        case INVALID_ESCAPE:
          this.error(INVALID_ESCAPE_ERROR);
          break;
        case END_OF_NUMBER:
          this.error(UNEXPECTED_END_OF_NUMBER);
          break;
        case END_OF_COMMENT:
          this.error(UNEXPECTED_END_OF_COMMENT);
          break;
        case END_OF_STRING:
          this.error(UNEXPECTED_END_OF_STRING);
          break;
        case INVALID_CHARACTER:
          this.error(INVALID_CHARACTER_ERROR);
          break;
      }
      switch (token) {
        case LINE_COMMENT:
        case BLOCK_COMMENT:
        case TRIVIA:
        case LINE_BREAK:
          break;
        case UNKNOWN:
          this.error(INVALID_SYMBOL);
          break;
        default:
          return token;
      }
    }
  }

  /** Reports an error, then skips to (`until`) or past (`after`) the first token of those given. */
  private handleError(code: number, after = 0, until = 0): void {
    this.error(code);
    if (after === 0 && until === 0) return;
    let token = this.token;
    while (token !== EOF) {
      if (after & bit(token)) {
        this.scanNext();
        break;
      }
      if (until & bit(token)) break;
      token = this.scanNext();
    }
  }

  /**
   * Stores a value beginning at the current token in the open container, and notes its place.
   * A value with no key to store it under (which the grammar does not let happen) is noted
   * without a key, so that no pointer finds it.
   */
  private store(value: unknown, kind: number): number {
    const depth = this.depth;
    let keyStart = -1;
    let keyLength = 0;
    let key: string | undefined;
    if (depth === 0) {
      if (!this.rooted) {
        this.root = value;
        this.rooted = true;
      }
    } else if (this.isArray[depth - 1]) {
      (this.containers[depth - 1] as unknown[]).push(value);
    } else if ((key = this.pendingKey[depth - 1]) !== undefined) {
      const object = this.containers[depth - 1] as Record<string, unknown>;
      if (Object.prototype.hasOwnProperty.call(object, key)) this.keysStoredTwice++;
      // Assigning __proto__ would run its setter; JSON.parse defines an own property.
      if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
      else object[key] = value;
      keyStart = this.pendingKeyStart[depth - 1];
      keyLength = this.pendingKeyLength[depth - 1];
      this.pendingKey[depth - 1] = undefined;
    }
    const r = this.count;
    if (r === this.start.length) this.grow();
    this.count = r + 1;
    this.kind[r] = kind;
    this.start[r] = this.tokenOffset;
    this.end[r] = this.pos;
    this.keyStart[r] = keyStart;
    this.keyLength[r] = keyLength;
    this.next[r] = r + 1;
    this.keys[r] = key;
    return r;
  }

  private grow(): void {
    const size = this.start.length * 2;
    const widen = <T extends Int32Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const copy = make(size);
      copy.set(old);
      return copy;
    };
    this.kind = widen(this.kind, (n) => new Uint8Array(n));
    this.start = widen(this.start, (n) => new Int32Array(n));
    this.end = widen(this.end, (n) => new Int32Array(n));
    this.keyStart = widen(this.keyStart, (n) => new Int32Array(n));
    this.keyLength = widen(this.keyLength, (n) => new Int32Array(n));
    this.next = widen(this.next, (n) => new Int32Array(n));
  }

  private open(container: Container, isArray: boolean): void {
    const r = this.store(container, isArray ? KIND_ARRAY : KIND_OBJECT);
    const depth = this.depth++;
    this.containers[depth] = container;
    this.isArray[depth] = isArray;
    this.pendingKey[depth] = undefined;
    this.openRecord[depth] = r;
  }

  /** Closes the innermost container where the current token ends (one past the text after an unclosed comment: clamped). */
  private close(): void {
    const depth = --this.depth;
    const r = this.openRecord[depth];
    this.containers[depth] = undefined as unknown as Container;
    this.end[r] = Math.min(this.pos, this.len);
    this.next[r] = this.count;
  }

  private parseProperty(): boolean {
    if (this.token !== STRING) {
      this.handleError(PROPERTY_NAME_EXPECTED, 0, TO_PROPERTY_END);
      return false;
    }
    const depth = this.depth - 1;
    this.pendingKey[depth] = this.tokenValue;
    this.pendingKeyStart[depth] = this.tokenOffset;
    this.pendingKeyLength[depth] = this.pos - this.tokenOffset;
    this.scanNext();
    if ((this.token as number) === COLON) {
      this.scanNext();
      if (!this.parseValue()) this.handleError(VALUE_EXPECTED, 0, TO_PROPERTY_END);
    } else {
      this.handleError(COLON_EXPECTED, 0, TO_PROPERTY_END);
    }
    return true;
  }

  private parseObject(): void {
    this.open({}, false);
    this.scanNext();
    let needsComma = false;
    while (this.token !== CLOSE_BRACE && this.token !== EOF) {
      if (this.token === COMMA) {
        if (!needsComma) this.handleError(VALUE_EXPECTED);
        this.scanNext();
        if ((this.token as number) === CLOSE_BRACE) break;
      } else if (needsComma) {
        this.handleError(COMMA_EXPECTED);
      }
      if (!this.parseProperty()) this.handleError(VALUE_EXPECTED, 0, TO_PROPERTY_END);
      needsComma = true;
    }
    this.close();
    if (this.token !== CLOSE_BRACE) this.handleError(CLOSE_BRACE_EXPECTED, bit(CLOSE_BRACE));
    else this.scanNext();
  }

  private parseArray(): void {
    this.open([], true);
    this.scanNext();
    let needsComma = false;
    while (this.token !== CLOSE_BRACKET && this.token !== EOF) {
      if (this.token === COMMA) {
        if (!needsComma) this.handleError(VALUE_EXPECTED);
        this.scanNext();
        if ((this.token as number) === CLOSE_BRACKET) break;
      } else if (needsComma) {
        this.handleError(COMMA_EXPECTED);
      }
      if (!this.parseValue()) this.handleError(VALUE_EXPECTED, 0, TO_ITEM_END);
      needsComma = true;
    }
    this.close();
    if (this.token !== CLOSE_BRACKET) this.handleError(CLOSE_BRACKET_EXPECTED, bit(CLOSE_BRACKET));
    else this.scanNext();
  }

  private parseValue(): boolean {
    switch (this.token) {
      case OPEN_BRACKET:
        this.parseArray();
        return true;
      case OPEN_BRACE:
        this.parseObject();
        return true;
      case STRING:
        this.store(this.tokenValue, KIND_LITERAL);
        break;
      case NUMBER: {
        let value = Number(this.tokenValue);
        if (isNaN(value)) {
          this.handleError(INVALID_NUMBER_FORMAT);
          value = 0;
        }
        this.store(value, KIND_LITERAL);
        break;
      }
      case NULL:
        this.store(null, KIND_LITERAL);
        break;
      case TRUE:
        this.store(true, KIND_LITERAL);
        break;
      case FALSE:
        this.store(false, KIND_LITERAL);
        break;
      default:
        return false;
    }
    this.scanNext();
    return true;
  }

  run(): void {
    this.scanNext();
    if (this.token === EOF) {
      this.handleError(VALUE_EXPECTED);
      return;
    }
    if (!this.parseValue()) {
      this.handleError(VALUE_EXPECTED);
      return;
    }
    if (this.token !== EOF) this.handleError(END_OF_FILE_EXPECTED);
  }
}

/**
 * Reads a plan as jsonc-parser's tolerant parser does (comments and trailing commas allowed):
 * the value its tree holds, built as JSON.parse builds it (of a key written twice the last
 * one that has a value counts, and every key, `__proto__` too, is an ordinary own property),
 * its errors, and where each value stands. Recursive as jsonc-parser is: throws RangeError
 * on nesting too deep for the stack.
 */
export function parseTolerantly(source: string): TolerantParse {
  const parser = new TolerantParser(source);
  parser.run();
  const places: Places = {
    count: parser.count,
    kind: parser.kind,
    start: parser.start,
    end: parser.end,
    keyStart: parser.keyStart,
    keyLength: parser.keyLength,
    next: parser.next,
    keys: parser.keys,
  };
  return { value: parser.root, errors: parser.errors, keysStoredTwice: parser.keysStoredTwice, places };
}
