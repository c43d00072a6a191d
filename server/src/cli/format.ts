import { RULES_BY_CODE } from '../rules/codes';
import type { PlanDiagnostic, Severity } from '../service/diagnostic';

export interface FileReport {
  path: string;
  diagnostics: PlanDiagnostic[];
}

export type Format = 'text' | 'json' | 'sarif';
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif'];

/** `path:line:col severity code message`, one-based as editors and CI logs link them. */
export function formatText(reports: FileReport[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const report of reports) {
    for (const d of report.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      lines.push(`${report.path}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message.replace(/\s*\n\s*/g, ' ')}`);
    }
  }
  const total = reports.reduce((n, r) => n + r.diagnostics.length, 0);
  lines.push(
    `${reports.length} ${reports.length === 1 ? 'file' : 'files'} checked: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}` +
      (total - errors - warnings ? `, ${total - errors - warnings} other` : '') +
      '.',
  );
  return lines.join('\n') + '\n';
}

export function formatJson(reports: FileReport[]): string {
  const files = reports.map((report) => ({
    path: report.path,
    diagnostics: report.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message, pointer: d.pointer, range: d.range })),
  }));
  return JSON.stringify({ files }, null, 2) + '\n';
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

export function formatSarif(reports: FileReport[], version: string): string {
  const used = [...new Set(reports.flatMap((r) => r.diagnostics.map((d) => d.code)))].sort();
  const index = new Map(used.map((code, i) => [code, i]));
  const rules = used.map((code) => {
    const info = RULES_BY_CODE.get(code);
    return {
      id: code,
      name: code.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
      shortDescription: { text: info?.summary ?? code },
      fullDescription: { text: info?.summary ?? code },
      help: { text: `See docs/rules.md#${code} for what the rule checks, the fact behind it and how to fix it.` },
      defaultConfiguration: { level: SARIF_LEVEL[info?.severity ?? 'error'] },
    };
  });
  const results = reports.flatMap((report) =>
    report.diagnostics.map((d) => ({
      ruleId: d.code,
      ruleIndex: index.get(d.code),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodeURI(report.path) },
            region: {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
              charOffset: d.offset,
              charLength: d.length,
            },
          },
          logicalLocations: [{ fullyQualifiedName: d.pointer || '/', kind: 'member' }],
        },
      ],
    })),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'virtplan', version, semanticVersion: version, rules } },
        columnKind: 'utf16CodeUnits',
        artifacts: reports.map((r) => ({ location: { uri: encodeURI(r.path) } })),
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
