/**
 * The scanner of the tolerant parse: jsonc-parser's createScanner, token for token, but
 * without the text of white space and comments, and with a string's value decoded as it is
 * read. The parser (tolerant.ts) extends it and reads its fields directly: one call per token.
 */

// Tokens, numbered as jsonc-parser's SyntaxKind.
export const OPEN_BRACE = 1;
export const CLOSE_BRACE = 2;
export const OPEN_BRACKET = 3;
export const CLOSE_BRACKET = 4;
export const COMMA = 5;
export const COLON = 6;
export const NULL = 7;
export const TRUE = 8;
export const FALSE = 9;
export const STRING = 10;
export const NUMBER = 11;
export const LINE_COMMENT = 12;
export const BLOCK_COMMENT = 13;
export const LINE_BREAK = 14;
export const TRIVIA = 15;
export const UNKNOWN = 16;
export const EOF = 17;

// Scan errors, numbered as jsonc-parser's ScanError.
export const END_OF_COMMENT = 1;
export const END_OF_STRING = 2;
export const END_OF_NUMBER = 3;
export const INVALID_UNICODE = 4;
export const INVALID_ESCAPE = 5;
export const INVALID_CHARACTER = 6;

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

export class TolerantScanner {
  protected readonly len: number;
  protected pos = 0;
  protected token = UNKNOWN;
  protected tokenOffset = 0;
  /** A string token's decoded value, or a number token's text. */
  protected tokenValue = '';
  protected scanError = 0;

  constructor(protected readonly text: string) {
    this.len = text.length;
  }

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

  protected scan(): number {
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
}
