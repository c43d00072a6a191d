import { printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { blankComments, blankTrailingCommas } from './strip';
import { LineIndex } from './text';
import { parseTolerantly, type Places } from './tolerant';

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
  /** After a syntax error: where each value the tolerant parse stored stands, for placing diagnostics. */
  readonly places?: Places;
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
 * commas and recovers from errors so the readable part is still checked. `knownBroken` says
 * the text has a syntax error (see `stillBroken`): JSON.parse would only fail on it.
 */
export function parsePlan(text: string, knownBroken = false): ParsedPlan {
  const lines = new LineIndex(text);
  // A byte-order mark is not part of the plan; a space keeps every offset where it was.
  const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  let failure: unknown;
  if (!knownBroken) {
    try {
      return { text, source, value: JSON.parse(source), syntaxErrors: [], lines };
    } catch (error) {
      // Not plain JSON: comments, trailing commas or a real syntax error.
      failure = error;
    }
  }
  // Comments and trailing commas blanked out keep every offset, so the fast parser can still
  // read the plan; only a real syntax error needs the tolerant one.
  if (!knownBroken && mayBeComments(source, failure)) {
    const withoutComments = blankComments(source) ?? source;
    const plain = blankTrailingCommas(withoutComments) ?? withoutComments;
    if (plain !== source) {
      try {
        return { text, source, value: JSON.parse(plain), syntaxErrors: [], lines };
      } catch {
        // A real syntax error as well.
      }
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
  const { value, errors, keysStoredTwice, places } = recovered;
  // jsonc-parser can place an error at the end of the text with a length past it: clamp.
  const syntaxErrors = errors.map((error) => {
    const offset = Math.min(error.offset, text.length);
    return { offset, length: Math.max(0, Math.min(error.length, text.length - offset)), message: describe(error) };
  });
  if (source.trim() === '') {
    return { text, source, value: undefined, syntaxErrors: [{ offset: 0, length: text.length, message: 'The file is empty' }], lines };
  }
  return { text, source, value, syntaxErrors, lines, keysStoredTwice, places };
}

/**
 * Whether blanking comments and trailing commas could let JSON.parse read a text it failed
 * on. JSON.parse stops at the first character it cannot take; the text before it is read as
 * JSON, so it holds no comment and no trailing comma. Unless that character begins a comment
 * or is, or closes after, a trailing comma, blanking leaves everything up to it as it was and
 * JSON.parse would stop there again. So would it at the end of the text, read to the end with
 * neither. Where the message gives no place, the blanking is tried.
 */
function mayBeComments(source: string, failure: unknown): boolean {
  const message = failure instanceof SyntaxError ? failure.message : '';
  if (message === 'Unexpected end of JSON input') return false;
  const at = /in JSON at position (\d+)/.exec(message);
  if (!at) return true;
  const position = Number(at[1]);
  const ch = source.charCodeAt(position);
  if (ch === 47 || ch === 44) return true;
  if (ch !== 125 && ch !== 93) return false;
  let before = position - 1;
  while (before >= 0 && source.charCodeAt(before) <= 32) before--;
  return source.charCodeAt(before) === 44;
}

export interface Recovered {
  value: unknown;
  errors: ParseError[];
  /** Values stored over an earlier one of the same key in the same object. */
  keysStoredTwice: number;
  places: Places;
}

/**
 * The error-recovering parse: the value jsonc-parser's tolerant tree (`parseTree`) holds,
 * built as JSON.parse builds it, with its errors and the places of its values (json/tolerant.ts).
 * Throws RangeError on nesting too deep for the stack.
 */
export function parseTolerant(source: string): Recovered {
  return parseTolerantly(source);
}

/** The value node of a property node in jsonc-parser's tree, when the key has one (a swallowed value has none). */
export function propertyValue(property: Node): Node | undefined {
  return property.children?.length === 2 ? property.children[1] : undefined;
}

/**
 * Whether a text made by `changes` from a parsed one keeps its first syntax error: when no
 * change reaches back to it, nor to the character after it (which ended its token), the text
 * up to there is the same, and the parser, reading from the start, finds the same error.
 */
export function stillBroken(previous: ParsedPlan, changes: ReadonlyArray<{ offset: number }>): boolean {
  const first = previous.syntaxErrors[0];
  // Only an error the tolerant parser found: the places say it read the whole text.
  if (!first || !previous.places) return false;
  const unchanged = first.offset + first.length + 1;
  return changes.every((change) => change.offset >= unchanged);
}
