import { clip } from '../util/format';
import { escapeControlsAsCodes } from '../util/controls';

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
  // Line breaks, other controls, bidi overrides and invisible characters: shown as `\uXXXX`, never acted on.
  const text = escapeControlsAsCodes(clip(String(value), max));
  return text.replace(PUNCTUATION, '\\$&');
}
