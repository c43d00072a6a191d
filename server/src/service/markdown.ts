import { clip } from '../util/format';

/** Line breaks, other control characters and bidi overrides: shown as `\uXXXX`, never acted on. */
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * The punctuation that means something inside a line of Markdown: emphasis, code, links and
 * images, HTML and entities, table cells, strikethrough, and the `:` `.` `@` that autolinks
 * need. A backslash makes each literal. Plan text never starts a line (line breaks are
 * escaped), so `-`, `+` and `=` can stay as they are.
 */
const PUNCTUATION = /[\\`*_[\]()!<>#|~&:.@{}]/g;

/**
 * Text from the plan as hover Markdown shows it: clipped as messages clip it, then every
 * character that could start a link, image, heading, emphasis, code span, HTML, table cell or
 * autolink escaped, so the reader sees exactly what the plan says and nothing is rendered.
 */
export function escapePlanText(value: unknown, max?: number): string {
  const text = clip(String(value), max).replace(UNPRINTABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return text.replace(PUNCTUATION, '\\$&');
}
