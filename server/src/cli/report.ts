import type { Catalog } from '../catalog/catalog';
import { reportHtml } from '../report/html';
import { buildPlanReport, reportJson, type PlanReport } from '../report/build';
import { reportMarkdown } from '../report/markdown';
import { checkText } from '../service/check';
import { ConfigResolver, problemLine } from '../config/config';
import { planTexts } from '../util/read-file';
import { collectPlanFiles } from './files';
import { outputRefusal, writeOutput } from './output-file';
import { escapeControls } from './terminal';
import { configOptions, readArgs, UsageError } from './args';

export const REPORT_FORMATS = ['html', 'markdown', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportArgs {
  format: ReportFormat;
  output?: string;
  /** A configuration file for every plan, or false for none; the nearest one per plan when absent. */
  config?: string | false;
  paths: string[];
}

/** What `report` was asked to do; throws {@link UsageError} when the arguments are wrong. */
export function parseReportArgs(args: string[]): ReportArgs {
  let format: ReportFormat = 'html';
  let output: string | undefined;
  let config: string | false | undefined;
  const paths = readArgs(args, {
    '--format': {
      needs: 'a value: use html, markdown or json',
      read: (value) => {
        if (!REPORT_FORMATS.includes(value as ReportFormat)) throw new UsageError(`unknown report format "${value}": use html, markdown or json`);
        format = value as ReportFormat;
      },
    },
    '--output': { aliases: ['-o'], needs: 'a file', nonEmpty: true, read: (value) => (output = value) },
    ...configOptions('a file', (value) => (config = value)),
  });
  if (paths.length === 0) throw new UsageError('report needs at least one file or folder');
  return { format, ...(output !== undefined ? { output } : {}), ...(config !== undefined ? { config } : {}), paths };
}

export interface ReportIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

/**
 * `virtplan report`: the capacity report of each plan, as one HTML page, Markdown or JSON, on
 * stdout or into --output. Exit codes as `check`. It never writes a plan: see `outputRefusal`
 * and `writeOutput`.
 */
export function runReport(args: ReportArgs, io: ReportIo, catalog: Catalog): number {
  const { files, problems } = collectPlanFiles(args.paths);
  if (args.output !== undefined) {
    const refusal = outputRefusal(args.output, files);
    if (refusal) {
      io.err(`virtplan: ${escapeControls(refusal)}\n`);
      return 2;
    }
  }
  const reports: PlanReport[] = [];
  const configs = new ConfigResolver(args.config);
  const configProblems = new Set<string>();
  for (const { path, text } of planTexts(files, problems)) {
    const { config, problems: found } = configs.forPlan(path);
    for (const problem of found) configProblems.add(problemLine(problem));
    const defaultReserve = config.policy.failoverReserve ?? 1;
    const { parsed, diagnostics } = checkText(text, { severities: config.severity, defaultReserve });
    reports.push(buildPlanReport(path, parsed, diagnostics, catalog, defaultReserve));
  }
  for (const problem of [...configProblems, ...problems]) io.err(`virtplan: ${escapeControls(problem)}\n`);
  const text = args.format === 'json' ? reportJson(reports) : args.format === 'markdown' ? reportMarkdown(reports) : reportHtml(reports);
  if (args.output !== undefined) {
    try {
      writeOutput(args.output, text);
    } catch (error) {
      io.err(`virtplan: cannot write ${args.output} (${(error as NodeJS.ErrnoException).code ?? 'error'})\n`);
      return 2;
    }
  } else {
    io.out(text);
  }
  if (problems.length || configProblems.size) return 2;
  return reports.some((r) => r.counts.error > 0) ? 1 : 0;
}
