import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { parseConfig } from '../config/config';
import { CONFIG_FILE } from '../config/schema';

/**
 * Whether a document is a virtplan.config.json rather than a plan: a client may send it to
 * the server (its name ends in .json, and a planner may want its problems shown in it).
 */
export function isConfigDocument(uri: string): boolean {
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(name) === CONFIG_FILE;
  } catch {
    return name === CONFIG_FILE;
  }
}

/** The configuration's problems in the open file, each where it is, as `check` names them. */
export function configDiagnostics(uri: string, text: string): Diagnostic[] {
  let path = uri;
  try {
    if (uri.startsWith('file:')) path = fileURLToPath(uri);
  } catch {
    // Not a file path: the URI names it.
  }
  return parseConfig(text, path).problems.map((problem) => ({
    range: problem.range,
    severity: DiagnosticSeverity.Error,
    source: 'virtplan',
    message: problem.message,
  }));
}
