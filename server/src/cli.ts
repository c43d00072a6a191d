import { readFileSync } from 'node:fs';
import { loadCatalog } from './catalog/catalog';
import { collectPlanFiles } from './cli/files';
import { parseFormatArgs, runFormat } from './cli/format-plans';
import { parseReportArgs, runReport } from './cli/report';
import { FORMATS, formatJson, formatSarif, formatText, type FileReport, type Format } from './cli/format';
import { checkText } from './service/check';
import type { PlanDiagnostic } from './service/diagnostic';
import { productCard, renderCardText } from './service/facts';
import { nearest } from './util/nearest';

declare const VIRTPLAN_VERSION: string | undefined;
const version = typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : '0.0.0';

const USAGE = `Usage:
  virtplan check [--format text|json|sarif] [--exit-zero] PATH...
      Check plan files, and folders for *.virtplan.json below them.
      Exit code: 0 no errors, 1 errors found, 2 a path could not be read or the arguments are wrong.
      --exit-zero  exit 0 even when errors are found (2 still means a bad path or argument)
  virtplan format [--check] PATH...
      Print each plan formatted (2-space indent, comments kept); never writes a file.
      --check  print only the paths of plans that are not formatted; exit 1 if any
  virtplan report [--format html|markdown|json] [--output FILE] PATH...
      A capacity report of each plan: per host its processors, memory, VMs and licences against
      the product's limits, per cluster its failover result, and the diagnostics. html is one
      self-contained page; markdown suits a CI job summary. Exit codes as check.
  virtplan facts [PRODUCT-ID]
      The catalog's facts for one product, with sources, or the list of products.
  virtplan --version | --help
`;

class UsageError extends Error {}

/** Decodes a plan; where the bytes are not UTF-8, says where, and reads on with replacement characters. */
function decodeUtf8(bytes: Buffer): { text: string; invalidAt?: number } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    return { text, invalidAt: Math.max(0, text.indexOf('\uFFFD')) };
  }
}

function notUtf8(text: string, offset: number): PlanDiagnostic {
  const lines = text.slice(0, offset).split(/\r\n|\r|\n/);
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return {
    code: 'parse-error',
    severity: 'error',
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

function parseCheckArgs(args: string[]): { format: Format; exitZero: boolean; paths: string[] } {
  let format: Format = 'text';
  let exitZero = false;
  const paths: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') {
      paths.push(...args.slice(i + 1));
      break;
    }
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg === '--format' ? args[++i] : arg.slice('--format='.length);
      if (value === undefined) throw new UsageError('--format needs a value: text, json or sarif');
      if (!FORMATS.includes(value as Format)) throw new UsageError(`unknown format "${value}": use text, json or sarif`);
      format = value as Format;
    } else if (arg === '--exit-zero') {
      exitZero = true;
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new UsageError(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UsageError('check needs at least one file or folder');
  return { format, exitZero, paths };
}

function runCheck(args: string[], io: Io): number {
  const { format, exitZero, paths } = parseCheckArgs(args);
  const { files, problems } = collectPlanFiles(paths);
  const reports: FileReport[] = [];
  for (const path of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(`${path}: cannot be read (${code === 'EISDIR' ? 'a folder' : (code ?? 'error')})`);
      continue;
    }
    const { text, invalidAt } = decodeUtf8(bytes);
    const { diagnostics } = checkText(text);
    if (invalidAt !== undefined) diagnostics.unshift(notUtf8(text, invalidAt));
    reports.push({ path, diagnostics });
  }
  for (const problem of problems) io.err(`virtplan: ${problem}\n`);
  if (format === 'json') io.out(formatJson(reports));
  else if (format === 'sarif') io.out(formatSarif(reports, version));
  else io.out(formatText(reports));
  if (problems.length) return 2;
  const failed = reports.some((r) => r.diagnostics.some((d) => d.severity === 'error'));
  return failed && !exitZero ? 1 : 0;
}

function runFacts(args: string[], io: Io): number {
  const catalog = loadCatalog();
  const options = args.filter((a) => a.startsWith('-'));
  if (options.length) throw new UsageError(`unknown option "${options[0]}"`);
  if (args.length > 1) throw new UsageError('facts takes at most one product id');
  if (args.length === 0) {
    const products = catalog.products();
    const width = Math.max(...products.map((p) => p.id.length));
    io.out('Products in the catalog (virtplan facts ID for one):\n');
    for (const p of products) io.out(`  ${p.id.padEnd(width)}  ${p.name} — ${p.kind}, ${p.role}, ${p.released.value}\n`);
    return 0;
  }
  const product = catalog.product(args[0]);
  if (!product) {
    const suggestion = nearest(args[0], catalog.productIds());
    io.err(`virtplan: no product "${args[0]}" in the catalog${suggestion ? `; did you mean "${suggestion}"?` : ''} Run "virtplan facts" for the list.\n`);
    return 2;
  }
  io.out(renderCardText(productCard(product, catalog)));
  return 0;
}

export function main(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    if (command === 'check') return runCheck(rest, io);
    if (command === 'facts') return runFacts(rest, io);
    if (command === 'report') {
      const parsed = parseReportArgs(rest);
      if (typeof parsed === 'string') throw new UsageError(parsed);
      return runReport(parsed, io, loadCatalog(), () => ({ severities: {}, problems: [] }));
    }
    if (command === 'format') {
      const parsed = parseFormatArgs(rest);
      if (typeof parsed === 'string') throw new UsageError(parsed);
      return runFormat(parsed.check, parsed.paths, io);
    }
    if (command === '--version' || command === '-v') {
      io.out(`${version}\n`);
      return 0;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return 0;
    }
    throw new UsageError(command === undefined ? 'no command given' : `unknown command "${command}"`);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`virtplan: ${error.message}\n${USAGE}`);
      return 2;
    }
    io.err(`virtplan: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 2;
  }
}

if (require.main === module) {
  const code = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
  process.exitCode = code;
}
