import type { ParseError, ParseErrorCode } from 'jsonc-parser';

/**
 * The error-recovering parse of a plan with a syntax error, in one pass that builds the value
 * and notes where each value stands. It reads as jsonc-parser's tolerant parser reads (same
 * tokens, same recovery, same errors at the same places, comments and trailing commas
 * allowed), so the value is the one its tree holds; but it calls nothing per token, builds no
 * text for white space and no tree, and the places it notes (typed arrays, a few numbers a
 * value) let the diagnostics be placed without reading the text again.
 */

// Tokens, numbered as jsonc-parser's SyntaxKind.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const COMMA = 5;
const COLON = 6;
const NULL = 7;
const TRUE = 8;
const FALSE = 9;
const STRING = 10;
const NUMBER = 11;
const LINE_COMMENT = 12;
const BLOCK_COMMENT = 13;
const LINE_BREAK = 14;
const TRIVIA = 15;
const UNKNOWN = 16;
const EOF = 17;

// Scan errors, numbered as jsonc-parser's ScanError.
const END_OF_COMMENT = 1;
const END_OF_STRING = 2;
const END_OF_NUMBER = 3;
const INVALID_UNICODE = 4;
const INVALID_ESCAPE = 5;
const INVALID_CHARACTER = 6;

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

function isLineBreak(ch: number): boolean {
  return ch === 10 || ch === 13;
}

function isDigit(ch: number): boolean {
  return ch >= 48 && ch <= 57;
}

/** Characters of a bare word: anything but white space, line breaks and JSON's punctuation. */
function isWordCharacter(ch: number): boolean {
  switch (ch) {
    case 32:
    case 9:
    case 10:
    case 13:
    case 125:
    case 93:
    case 123:
    case 91:
    case 34:
    case 58:
    case 44:
    case 47:
      return false;
  }
  return true;
}

class TolerantParser {
  private readonly len: number;
  private pos = 0;
  private token = UNKNOWN;
  private tokenOffset = 0;
  /** A string token's decoded value, or a number token's text. */
  private tokenValue = '';
  private scanError = 0;
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

  constructor(private readonly text: string) {
    this.len = text.length;
    // A value takes about twenty characters of a pretty-printed plan.
    const capacity = Math.max(64, text.length >> 4);
    this.kind = new Uint8Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.keyStart = new Int32Array(capacity);
    this.keyLength = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
  }

  // ---- scanner (jsonc-parser's createScanner, without the text of trivia) ----

  private scanHexDigits(count: number): number {
    const text = this.text;
    let digits = 0;
    let value = 0;
    while (digits < count) {
      const ch = text.charCodeAt(this.pos);
      if (ch >= 48 && ch <= 57) value = value * 16 + ch - 48;
      else if (ch >= 65 && ch <= 70) value = value * 16 + ch - 65 + 10;
      else if (ch >= 97 && ch <= 102) value = value * 16 + ch - 97 + 10;
      else break;
      this.pos++;
      digits++;
    }
    return digits < count ? -1 : value;
  }

  private scanNumber(): string {
    const text = this.text;
    const len = this.len;
    const start = this.pos;
    let pos = this.pos;
    if (text.charCodeAt(pos) === 48) {
      pos++;
    } else {
      pos++;
      while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
    }
    if (pos < len && text.charCodeAt(pos) === 46) {
      pos++;
      if (pos < len && isDigit(text.charCodeAt(pos))) {
        pos++;
        while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
      } else {
        this.scanError = END_OF_NUMBER;
        this.pos = pos;
        return text.substring(start, pos);
      }
    }
    let end = pos;
    if (pos < len && (text.charCodeAt(pos) === 69 || text.charCodeAt(pos) === 101)) {
      pos++;
      // As jsonc-parser has it: a minus is taken even past the end's check.
      if ((pos < len && text.charCodeAt(pos) === 43) || text.charCodeAt(pos) === 45) pos++;
      if (pos < len && isDigit(text.charCodeAt(pos))) {
        pos++;
        while (pos < len && isDigit(text.charCodeAt(pos))) pos++;
        end = pos;
      } else {
        this.scanError = END_OF_NUMBER;
      }
    }
    this.pos = pos;
    return text.substring(start, end);
  }

  private scanString(): string {
    const text = this.text;
    const len = this.len;
    let result = '';
    let start = this.pos;
    let pos = this.pos;
    for (;;) {
      if (pos >= len) {
        result += text.substring(start, pos);
        this.scanError = END_OF_STRING;
        break;
      }
      const ch = text.charCodeAt(pos);
      if (ch === 34) {
        result += text.substring(start, pos);
        pos++;
        break;
      }
      if (ch === 92) {
        result += text.substring(start, pos);
        pos++;
        if (pos >= len) {
          this.scanError = END_OF_STRING;
          break;
        }
        const escaped = text.charCodeAt(pos++);
        switch (escaped) {
          case 34:
            result += '"';
            break;
          case 92:
            result += '\\';
            break;
          case 47:
            result += '/';
            break;
          case 98:
            result += '\b';
            break;
          case 102:
            result += '\f';
            break;
          case 110:
            result += '\n';
            break;
          case 114:
            result += '\r';
            break;
          case 116:
            result += '\t';
            break;
          case 117: {
            this.pos = pos;
            const code = this.scanHexDigits(4);
            pos = this.pos;
            if (code >= 0) result += String.fromCharCode(code);
            else this.scanError = INVALID_UNICODE;
            break;
          }
          default:
            this.scanError = INVALID_ESCAPE;
        }
        start = pos;
        continue;
      }
      if (ch <= 0x1f) {
        if (isLineBreak(ch)) {
          result += text.substring(start, pos);
          this.scanError = END_OF_STRING;
          break;
        }
        // Marked, and read on.
        this.scanError = INVALID_CHARACTER;
      }
      pos++;
    }
    this.pos = pos;
    return result;
  }

  private scan(): number {
    const text = this.text;
    const len = this.len;
    this.tokenValue = '';
    this.scanError = 0;
    this.tokenOffset = this.pos;
    if (this.pos >= len) {
      this.tokenOffset = len;
      return (this.token = EOF);
    }
    let code = text.charCodeAt(this.pos);
    if (code === 32 || code === 9) {
      do code = text.charCodeAt(++this.pos);
      while (code === 32 || code === 9);
      return (this.token = TRIVIA);
    }
    if (isLineBreak(code)) {
      this.pos++;
      if (code === 13 && text.charCodeAt(this.pos) === 10) this.pos++;
      return (this.token = LINE_BREAK);
    }
    switch (code) {
      case 123:
        this.pos++;
        return (this.token = OPEN_BRACE);
      case 125:
        this.pos++;
        return (this.token = CLOSE_BRACE);
      case 91:
        this.pos++;
        return (this.token = OPEN_BRACKET);
      case 93:
        this.pos++;
        return (this.token = CLOSE_BRACKET);
      case 58:
        this.pos++;
        return (this.token = COLON);
      case 44:
        this.pos++;
        return (this.token = COMMA);
      case 34:
        this.pos++;
        this.tokenValue = this.scanString();
        return (this.token = STRING);
      case 47: {
        const next = text.charCodeAt(this.pos + 1);
        if (next === 47) {
          let pos = this.pos + 2;
          while (pos < len && !isLineBreak(text.charCodeAt(pos))) pos++;
          this.pos = pos;
          return (this.token = LINE_COMMENT);
        }
        if (next === 42) {
          const close = text.indexOf('*/', this.pos + 2);
          if (close !== -1) {
            this.pos = close + 2;
            return (this.token = BLOCK_COMMENT);
          }
          // Unclosed: where jsonc-parser's loop stops, then one past it.
          let pos = this.pos + 2;
          while (pos < len - 1) {
            const ch = text.charCodeAt(pos++);
            if (ch === 13 && text.charCodeAt(pos) === 10) pos++;
          }
          this.pos = pos + 1;
          this.scanError = END_OF_COMMENT;
          return (this.token = BLOCK_COMMENT);
        }
        this.pos++;
        return (this.token = UNKNOWN);
      }
      case 45:
        this.pos++;
        if (this.pos === len || !isDigit(text.charCodeAt(this.pos))) return (this.token = UNKNOWN);
        this.tokenValue = '-' + this.scanNumber();
        return (this.token = NUMBER);
      case 48:
      case 49:
      case 50:
      case 51:
      case 52:
      case 53:
      case 54:
      case 55:
      case 56:
      case 57:
        this.tokenValue = this.scanNumber();
        return (this.token = NUMBER);
      default: {
        let pos = this.pos;
        while (pos < len && isWordCharacter(code)) code = text.charCodeAt(++pos);
        if (pos !== this.tokenOffset) {
          this.pos = pos;
          switch (text.substring(this.tokenOffset, pos)) {
            case 'true':
              return (this.token = TRUE);
            case 'false':
              return (this.token = FALSE);
            case 'null':
              return (this.token = NULL);
          }
          return (this.token = UNKNOWN);
        }
        this.pos++;
        return (this.token = UNKNOWN);
      }
    }
  }

  // ---- parser (jsonc-parser's visit, building the value as parseTree's would hold it) ----

  private error(code: number): void {
    this.errors.push({ error: code as ParseErrorCode, offset: this.tokenOffset, length: this.pos - this.tokenOffset });
  }

  /** The next token that is not white space or a comment; scan errors and stray symbols are reported on the way. */
  private scanNext(): number {
    for (;;) {
      const token = this.scan();
      switch (this.scanError) {
        case INVALID_UNICODE:
          this.error(14);
          break;
        case INVALID_ESCAPE:
          this.error(15);
          break;
        case END_OF_NUMBER:
          this.error(13);
          break;
        case END_OF_COMMENT:
          this.error(11);
          break;
        case END_OF_STRING:
          this.error(12);
          break;
        case INVALID_CHARACTER:
          this.error(16);
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
