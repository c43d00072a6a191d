/**
 * Characters a terminal or a log viewer acts on rather than shows: C0 controls (newline, ESC),
 * DEL, C1 controls (U+009B is a one-character CSI), line and paragraph separators, and the
 * bidirectional overrides and isolates that reorder what is shown. With them, those that show
 * as nothing: the soft hyphen, zero-width spaces and joiners, the word joiner and invisible
 * operators, the byte-order mark, so "hv-01" and "hv-01" with a zero-width space do not read
 * the same.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** A character of CONTROL as `\uXXXX`. */
const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

const NAMED: Readonly<Record<string, string>> = Object.assign(Object.create(null) as Record<string, string>, { '\n': '\\n', '\r': '\\r', '\t': '\\t' });

/**
 * Text from a plan or a file name, made safe to print: each control character is shown as an
 * escape (`\n`, `\u001b`), so a value cannot clear the screen, set the title or forge a line.
 */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? escaped(c));
}

/** As `escapeControls`, with every character as `\uXXXX` (a line break too): for Markdown. */
export function escapeControlsAsCodes(text: string): string {
  return text.replace(CONTROL, escaped);
}
