import { printParseErrorCode, visit, type Node, type ParseError } from 'jsonc-parser';
import { blankComments, blankTrailingCommas } from './strip';
import { LineIndex } from './text';

export interface SyntaxProblem {
  offset: number;
  length: number;
  message: string;
}

/** One version of a plan document, parsed once and shared by every feature. */
export interface ParsedPlan {
  readonly text: string;
  /** The text as parsers see it: a leading byte-order mark becomes a space, so offsets stay put. */
  readonly source: string;
  /** The plan as far as it could be read: undefined when nothing could. */
  readonly value: unknown;
  readonly syntaxErrors: readonly SyntaxProblem[];
  readonly lines: LineIndex;
  /**
   * How many values the tolerant parser stored over an earlier value of the same key, when it
   * read the plan: 0 says at once that no key is written twice, where the count of properties
   * in the text would differ from the value's anyway (a key whose value an error swallowed).
   */
  readonly keysStoredTwice?: number;
}

const friendly: Record<string, string> = {
  InvalidSymbol: 'Unexpected character',
  InvalidNumberFormat: 'Invalid number',
  PropertyNameExpected: 'Expected a property name in double quotes',
  ValueExpected: 'Expected a value',
  ColonExpected: 'Expected a colon after the property name',
  CommaExpected: 'Expected a comma',
  CloseBraceExpected: 'Expected a closing brace "}"',
  CloseBracketExpected: 'Expected a closing bracket "]"',
  EndOfFileExpected: 'Expected the end of the file after the plan object',
  InvalidCommentToken: 'Invalid comment',
  UnexpectedEndOfComment: 'Unclosed block comment',
  UnexpectedEndOfString: 'Unclosed string',
  UnexpectedEndOfNumber: 'Incomplete number',
  InvalidUnicode: 'Invalid unicode escape',
  InvalidEscapeCharacter: 'Invalid escape character in a string',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped)',
};

function describe(error: ParseError): string {
  const code = printParseErrorCode(error.error);
  return friendly[code] ?? code;
}

/**
 * Plain JSON takes the fast path (JSON.parse builds compact objects, and most plans have no
 * comments); anything else goes through jsonc-parser, which accepts comments and trailing
 * commas and recovers from errors so the readable part is still checked.
 */
export function parsePlan(text: string): ParsedPlan {
  const lines = new LineIndex(text);
  // A byte-order mark is not part of the plan; a space keeps every offset where it was.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  try {
    return { text, source, value: JSON.parse(source), syntaxErrors: [], lines };
  } catch {
    // Not plain JSON: comments, trailing commas or a real syntax error.
  }
  // Comments and trailing commas blanked out keep every offset, so the fast parser can still
  // read the plan; only a real syntax error needs the tolerant one.
  const withoutComments = blankComments(source) ?? source;
  const plain = blankTrailingCommas(withoutComments) ?? withoutComments;
  if (plain !== source) {
    try {
      return { text, source, value: JSON.parse(plain), syntaxErrors: [], lines };
    } catch {
      // A real syntax error as well.
    }
  }
  let recovered: Recovered;
  try {
    recovered = parseTolerant(source);
  } catch (error) {
    // jsonc-parser recurses once per nesting level; JSON.parse above did not, but it also
    // found an error. Report the depth rather than fail.
    if (!(error instanceof RangeError)) throw error;
    return { text, source, value: undefined, syntaxErrors: [{ offset: 0, length: Math.min(text.length, 1), message: 'The plan is nested too deeply to read, and is not valid JSON' }], lines };
  }
  const { value, errors, keysStoredTwice } = recovered;
  // jsonc-parser can place an error at the end of the text with a length past it: clamp.
  const syntaxErrors = errors.map((error) => {
    const offset = Math.min(error.offset, text.length);
    return { offset, length: Math.max(0, Math.min(error.length, text.length - offset)), message: describe(error) };
  });
  if (source.trim() === '') {
    return { text, source, value: undefined, syntaxErrors: [{ offset: 0, length: text.length, message: 'The file is empty' }], lines };
  }
  return { text, source, value, syntaxErrors, lines, keysStoredTwice };
}

export interface Recovered {
  value: unknown;
  errors: ParseError[];
  /** Values stored over an earlier one of the same key in the same object. */
  keysStoredTwice: number;
}

/**
 * The error-recovering parse, on jsonc-parser's visitor: the value its tolerant tree
 * (`parseTree`) holds, built as JSON.parse builds it. Of a key written twice the last one
 * that has a value counts, and every key, `__proto__` too, is an ordinary own property.
 * Throws RangeError on nesting too deep for jsonc-parser.
 */
export function parseTolerant(source: string): Recovered {
  const errors: ParseError[] = [];
  const open: Array<{ container: unknown[] | Record<string, unknown>; key: string | undefined }> = [];
  let root: unknown;
  let rooted = false;
  let keysStoredTwice = 0;
  const put = (value: unknown) => {
    const top = open[open.length - 1];
    if (!top) {
      if (!rooted) [root, rooted] = [value, true];
    } else if (Array.isArray(top.container)) {
      top.container.push(value);
    } else if (top.key !== undefined) {
      if (Object.prototype.hasOwnProperty.call(top.container, top.key)) keysStoredTwice++;
      // Assigning __proto__ would run its setter; JSON.parse defines an own property.
      if (top.key === '__proto__') Object.defineProperty(top.container, top.key, { value, enumerable: true, writable: true, configurable: true });
      else top.container[top.key] = value;
      top.key = undefined;
    }
  };
  visit(
    source,
    {
      onObjectBegin: () => {
        const object = {};
        put(object);
        open.push({ container: object, key: undefined });
      },
      onObjectProperty: (name) => {
        open[open.length - 1].key = name;
      },
      onArrayBegin: () => {
        const array: unknown[] = [];
        put(array);
        open.push({ container: array, key: undefined });
      },
      onObjectEnd: () => void open.pop(),
      onArrayEnd: () => void open.pop(),
      onLiteralValue: put,
      onError: (error, offset, length) => void errors.push({ error, offset, length }),
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { value: root, errors, keysStoredTwice };
}

/** The value node of a property node in jsonc-parser's tree, when the key has one (a swallowed value has none). */
export function propertyValue(property: Node): Node | undefined {
  return property.children?.length === 2 ? property.children[1] : undefined;
}
