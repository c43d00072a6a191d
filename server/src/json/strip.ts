import { stringEnd } from './scan';

/**
 * JSON with comments made plain JSON of the same length: comments and trailing commas become
 * spaces (line breaks are kept), so JSON.parse can read it and every offset still points at
 * the same character. Jumps between quotes and slashes with indexOf; only text outside
 * strings is touched. Returns undefined when there is nothing to blank.
 */
export function blankComments(text: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  let i = 0;
  for (;;) {
    const slash = text.indexOf('/', i);
    if (slash === -1) break;
    const quote = text.indexOf('"', i);
    if (quote !== -1 && quote < slash) {
      i = stringEnd(text, quote);
      continue;
    }
    const next = text.charCodeAt(slash + 1);
    let end: number;
    if (next === 47) {
      end = slash + 2;
      while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    } else if (next === 42) {
      const close = text.indexOf('*/', slash + 2);
      if (close === -1) return undefined; // unclosed: let the tolerant parser report it
      end = close + 2;
    } else {
      i = slash + 1;
      continue;
    }
    parts.push(text.slice(copied, slash), blank(text.slice(slash, end)));
    copied = end;
    i = end;
  }
  if (copied === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

/**
 * Trailing commas (before a closing bracket, across white space) become spaces. Looks only at
 * commas outside strings, and only at those after a value: `[,]` and `[1,,]` stay syntax
 * errors. Returns undefined when there are none.
 */
export function blankTrailingCommas(text: string): string | undefined {
  let out: string[] | undefined;
  let copied = 0;
  let i = 0;
  for (;;) {
    const comma = text.indexOf(',', i);
    if (comma === -1) break;
    const quote = text.indexOf('"', i);
    if (quote !== -1 && quote < comma) {
      i = stringEnd(text, quote);
      continue;
    }
    let j = comma + 1;
    while (j < text.length && text.charCodeAt(j) <= 32) j++;
    const ch = text.charCodeAt(j);
    let k = comma - 1;
    while (k >= 0 && text.charCodeAt(k) <= 32) k--;
    const before = text.charCodeAt(k);
    // After an opening bracket or another comma it stands for a missing value, not a trailing comma.
    if ((ch === 125 || ch === 93) && before !== 123 && before !== 91 && before !== 44) {
      (out ??= []).push(text.slice(copied, comma), ' ');
      copied = comma + 1;
    }
    i = comma + 1;
  }
  if (!out) return undefined;
  out.push(text.slice(copied));
  return out.join('');
}

function blank(comment: string): string {
  return comment.replace(/[^\r\n]/g, ' ');
}
