import { loadCatalog } from './catalog/catalog';
import { collectPlanFiles } from './cli/files';
import { parseErrorRule } from './rules/file';
import { FORMATS, formatGithub, formatJson, formatSarif, formatText, type FileReport, type Format } from './cli/format';
import { runWhatif, WHATIF_USAGE } from './cli/whatif';
import { capacityChange } from './report/capacity-change';
import { ConfigResolver, problemLine } from './config/config';
import { parseFormatArgs, runFormat } from './cli/format-plans';
import { DEFAULT_MAX_FILE_SIZE_MB, readPlanText } from './util/read-file';
import { escapeControls } from './cli/terminal';
import { configOptions, readArgs, UsageError } from './cli/args';
import { parseReportArgs, runReport } from './cli/report';
import { checkText } from './service/check';
import type { PlanDiagnostic } from './service/diagnostic';
import { productCard, renderCardText } from './catalog/facts';
import { nearest } from './util/nearest';
import { output } from './cli/output';

declare const VIRTPLAN_VERSION: string | undefined;
const version = typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : '0.0.0';

/** Each command's part of the usage, printed by `virtplan COMMAND --help` and after its wrong arguments. */
const COMMAND_USAGE: Record<string, string> = {
  check: `  virtplan check [--format text|json|sarif|github] [--config FILE | --no-config] [--exit-zero] [--max-file-size MB] PATH...
      Check plan files, and folders for *.virtplan.json below them.
      --config FILE  use this configuration for every plan, instead of the nearest
                     virtplan.config.json in each plan's folder or above it
      --no-config    use no configuration file
      Exit code: 0 no errors, 1 errors found, 2 a path could not be read or the arguments are wrong.
      --format text       one line a diagnostic: path:line:col severity code message (the default)
      --format json       one JSON document, ranges zero-based as in LSP
      --format sarif      SARIF 2.1.0, for code scanning
      --format github     GitHub Actions annotations (::error file=…,line=…::message)
      --exit-zero         exit 0 even when errors are found (2 still means a bad path or argument)
      --max-file-size MB  refuse larger files (default ${DEFAULT_MAX_FILE_SIZE_MB}); pipes and devices are always refused
`,
  format: `  virtplan format [--check] PATH...
      Print each plan formatted (2-space indent, comments kept); never writes a file.
      --check  print only the paths of plans that are not formatted; exit 1 if any
`,
  report: `  virtplan report [--format html|markdown|json] [--output FILE] [--config FILE | --no-config] PATH...
      A capacity report of each plan: per host its processors, memory, VMs and licences against
      the product's limits, per cluster its failover result, and the diagnostics. html is one
      self-contained page; markdown suits a CI job summary. Exit codes as check.
`,
  facts: `  virtplan facts [PRODUCT-ID]
      The catalog's facts for one product, with sources, or the list of products.
`,
  whatif: WHATIF_USAGE,
};

const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('')}  virtplan --version | --help
`;

/** A command's own usage, with where the rest is. */
const commandUsage = (command: string) => `Usage:\n${COMMAND_USAGE[command]}Run "virtplan --help" for every command.\n`;

/** Whether the arguments ask for help (`--help` or `-h` before any `--`). */
function asksForHelp(args: readonly string[]): boolean {
  for (const arg of args) {
    if (arg === '--') return false;
    if (arg === '--help' || arg === '-h') return true;
  }
  return false;
}


function notUtf8(text: string, offset: number): PlanDiagnostic {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return {
    code: parseErrorRule.code,
    severity: parseErrorRule.severity,
    message: 'The file is not UTF-8 here; save it as UTF-8. The rest was read with replacement characters.',
    pointer: '',
    range: { start: position, end: { line: position.line, character: position.character + 1 } },
    offset,
    length: 1,
  };
}

interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface CheckArgs {
  format: Format;
  exitZero: boolean;
  config?: string | false;
  maxFileSizeMB: number;
  paths: string[];
}

const FORMAT_LIST = 'text, json, sarif or github';
function parseCheckArgs(args: string[]): CheckArgs {
  let format: Format = 'text';
  let exitZero = false;
  let maxFileSizeMB = DEFAULT_MAX_FILE_SIZE_MB;
  let config: string | false | undefined;
  const paths = readArgs(args, {
    '--format': {
      needs: `a value: ${FORMAT_LIST}`,
      read: (value) => {
        if (!FORMATS.includes(value as Format)) throw new UsageError(`unknown format "${value}": use ${FORMAT_LIST}`);
        format = value as Format;
      },
    },
    '--max-file-size': {
      needs: 'a value: a size in MB',
      read: (value) => {
        maxFileSizeMB = Number(value);
        if (value.trim() === '' || !Number.isFinite(maxFileSizeMB) || maxFileSizeMB <= 0) {
          throw new UsageError(`--max-file-size needs a size in MB above 0, not "${value}"`);
        }
      },
    },
    '--exit-zero': { read: () => (exitZero = true) },
    ...configOptions('a value: a configuration file', (value) => (config = value)),
  });
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  return { format, exitZero, config, maxFileSizeMB, paths };
}

function runCheck(args: string[], io: Io): number {
  const { format, exitZero, config, maxFileSizeMB, paths } = parseCheckArgs(args);
  const { files, problems } = collectPlanFiles(paths);
  const configs = new ConfigResolver(config);
  const configProblems = new Set<string>();
  const reports: FileReport[] = [];
  const maxBytes = Math.floor(maxFileSizeMB * 1024 * 1024);
  for (const path of files) {
    const read = readPlanText(path, maxBytes);
    if ('problem' in read) {
      problems.push(`${path}: ${read.problem}`);
      continue;
    }
    const { text, invalidAt } = read;
    const loaded = configs.forPlan(path);
    for (const problem of loaded.problems) configProblems.add(problemLine(problem));
    const { diagnostics } = checkText(text, { severities: loaded.config.severity, defaultReserve: loaded.config.policy.failoverReserve });
    if (invalidAt !== undefined) diagnostics.unshift(notUtf8(text, invalidAt));
    reports.push({ path, diagnostics });
  }
  for (const problem of [...configProblems, ...problems]) io.err(`virtplan: ${escapeControls(problem)}\n`);
  if (format === 'json') io.out(formatJson(reports));
  else if (format === 'sarif') io.out(formatSarif(reports, version));
  else if (format === 'github') io.out(formatGithub(reports));
  else io.out(formatText(reports));
  if (problems.length || configProblems.size) return 2;
  const failed = reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  return failed && !exitZero ? 1 : 0;
}

function runFacts(args: string[], io: Io): number {
  const catalog = loadCatalog();
  const ids = readArgs(args, {});
  if (ids.length > 1) throw new UsageError('facts takes at most one product id');
  if (ids.length === 0) {
    const products = catalog.products();
    const width = Math.max(...products.map((p) => p.id.length));
    io.out('Products in the catalog (virtplan facts ID for one):\n');
    for (const p of products) io.out(`  ${p.id.padEnd(width)}  ${p.name} — ${p.kind}, ${p.role}, ${p.released.value}\n`);
    return 0;
  }
  const product = catalog.product(ids[0]);
  if (!product) {
    const suggestion = nearest(ids[0], catalog.productIds());
    io.err(`virtplan: no product "${escapeControls(ids[0])}" in the catalog${suggestion ? `; did you mean "${suggestion}"?` : '.'} Run "virtplan facts" for the list.\n`);
    return 2;
  }
  io.out(renderCardText(productCard(product, catalog)));
  return 0;
}

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command !== undefined && Object.hasOwn(COMMAND_USAGE, command) && asksForHelp(rest)) {
      io.out(commandUsage(command));
      return 0;
    }
    if (command === 'check') return runCheck(rest, io);
    if (command === 'facts') return runFacts(rest, io);
    if (command === 'whatif') return runWhatif(rest, io, capacityChange(loadCatalog()));
    if (command === 'report') return runReport(parseReportArgs(rest), io, loadCatalog());
    if (command === 'format') {
      const { check, paths } = parseFormatArgs(rest);
      return runFormat(check, paths, io);
    }
    if (command === '--version' || command === '-v') {
      io.out(`${version}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      const [about] = rest;
      io.out(about !== undefined && Object.hasOwn(COMMAND_USAGE, about) ? commandUsage(about) : USAGE);
      return 0;
    }
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`virtplan: ${escapeControls(error.message)}\n${command !== undefined && Object.hasOwn(COMMAND_USAGE, command) ? commandUsage(command) : USAGE}`);
      return 2;
    }
    io.err(`virtplan: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

/** The commands that check plans, and so run most of the code. */
const CHECKING = new Set(['check', 'report', 'whatif']);
let checked = false;

/** Whether this process checked plans: a command that checks, run to its findings (exit code 0 or 1). */
export function checkedPlans(): boolean {
  return checked;
}

/** The command as a user runs it: arguments from the command line, output to stdout and stderr. */
export function runCommandLine(): void {
  const argv = process.argv.slice(2);
  const code = main(argv, { out: output(1), err: output(2) });
  checked = CHECKING.has(argv[0]) && code < 2;
  process.exitCode = code;
}

if (require.main === module) runCommandLine();
