import { parsePlan } from '../json/parse';
import { formatPlanText } from '../service/formatting';
import { collectPlanFiles } from './files';
import { planTexts } from '../util/read-file';
import { escapeControls } from './terminal';
import { readArgs, UsageError } from './args';

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What `format` was asked to do; throws {@link UsageError} when the arguments are wrong. */
export function parseFormatArgs(args: string[]): { check: boolean; paths: string[] } {
  let check = false;
  const paths = readArgs(args, { '--check': { read: () => (check = true) } });
  if (paths.length === 0) throw new UsageError('format needs at least one file or folder');
  return { check, paths };
}

/**
 * `virtplan format [--check] PATH...`: prints each plan formatted (two spaces, comments kept,
 * one final newline), or with --check only the paths of plans that are not. A plan with a
 * syntax error is not formatted, since where its tokens end is a guess; it is named on stderr
 * and counts as not formatted. Never writes a file. Exit: 0 all formatted (or printed), 1 some
 * plan not formatted (--check) or not formattable, 2 a path could not be read.
 */
export function runFormat(check: boolean, paths: string[], io: Io): number {
  const { files, problems } = collectPlanFiles(paths);
  let unformatted = 0;
  const printed: Array<{ path: string; text: string }> = [];
  for (const { path, text, bom } of planTexts(files, problems)) {
    const shown = escapeControls(path);
    const parsed = parsePlan(text);
    const broken = parsed.syntaxErrors[0];
    if (broken) {
      const at = parsed.lines.positionAt(broken.offset);
      io.err(`virtplan: ${shown}:${at.line + 1}:${at.character + 1}: not formatted: ${broken.message}; fix the syntax first\n`);
      unformatted++;
      if (check) io.out(`${shown}\n`);
      continue;
    }
    // The byte-order mark was dropped when the plan was read; a formatted copy keeps it.
    const formatted = (bom ? '\uFEFF' : '') + formatPlanText(text);
    if (check) {
      if (formatted !== (bom ? '\uFEFF' : '') + text) {
        unformatted++;
        io.out(`${shown}\n`);
      }
    } else {
      printed.push({ path: shown, text: formatted });
    }
  }
  // One plan prints as itself, so `virtplan format a.virtplan.json > b` is a formatted copy;
  // several are headed by their paths, as `head` does.
  printed.forEach(({ path, text }, i) => io.out(printed.length === 1 ? text : `${i ? '\n' : ''}==> ${path} <==\n${text}`));
  for (const problem of problems) io.err(`virtplan: ${escapeControls(problem)}\n`);
  if (problems.length) return 2;
  return unformatted ? 1 : 0;
}
