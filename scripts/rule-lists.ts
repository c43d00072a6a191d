// The lists of rule codes kept in files outside the code: the README's rule table, the
// contents table of docs/rules.md and the plan schema's `ruleCode` enum. Each is made from the
// rule list (server/src/rules/index.ts); `npm run sync-settings` writes them and tests compare.
import type { Rule } from '../server/src/rules/rule';

export interface RuleListFile {
  /** The path from the repository's root. */
  path: string;
  /** The file's text with its list made anew from `rules`. */
  update(text: string, rules: readonly Rule[]): string;
}

/** `text` with what lies between `start` and the first `end` after it replaced by `inner`. */
function splice(text: string, start: string, end: string, inner: string): string {
  const from = text.indexOf(start);
  const to = from < 0 ? -1 : text.indexOf(end, from + start.length);
  if (from < 0 || to < 0) throw new Error(`no list between ${JSON.stringify(start)} and ${JSON.stringify(end)}`);
  return text.slice(0, from + start.length) + inner + text.slice(to);
}

/** Lines of quoted codes, each at most `width` characters with its indent. */
function wrapped(codes: readonly string[], indent: string, width: number): string {
  const lines: string[] = [];
  let line = '';
  for (const [i, code] of codes.entries()) {
    const item = `"${code}"${i < codes.length - 1 ? ',' : ''}`;
    if (line && indent.length + line.length + 1 + item.length > width) {
      lines.push(indent + line);
      line = item;
    } else {
      line = line ? `${line} ${item}` : item;
    }
  }
  if (line) lines.push(indent + line);
  return lines.join('\n');
}

export const RULE_LIST_FILES: readonly RuleListFile[] = [
  {
    path: 'README.md',
    update: (text, rules) =>
      splice(text, '| code | severity | when |\n|---|---|---|\n', '\n\n', rules.map((r) => `| [\`${r.code}\`](docs/rules.md#${r.code}) | ${r.severity} | ${r.summary} |`).join('\n')),
  },
  {
    path: 'docs/rules.md',
    update: (text, rules) =>
      splice(text, '## Contents\n\n| code | default severity |\n|---|---|\n', '\n\n', rules.map((r) => `| [\`${r.code}\`](#${r.code}) | ${r.severity} |`).join('\n')),
  },
  {
    path: 'schemas/virtplan.schema.json',
    update: (text, rules) =>
      splice(
        text,
        '"ruleCode": {\n      "enum": [\n',
        '\n      ],',
        wrapped(
          rules.map((r) => r.code),
          '        ',
          121,
        ),
      ),
  },
];
