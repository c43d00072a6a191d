/**
 * The requests virtplan adds to LSP, declared once for the server and every client. Plain
 * names and shapes, so any LSP client can send them with its own library.
 */

/** `virtplan/report`: the capacity report of an open plan as an HTML page in the editor's theme. */
export const REPORT_REQUEST = 'virtplan/report';

export interface ReportParams {
  uri: string;
  /**
   * The command each diagnostic's line links to, called with `[uri, zero-based line]` through a
   * `command:` URI; no links when absent.
   */
  revealCommand?: string;
  /** Extra `<head>` content, such as the webview's Content Security Policy. */
  head?: string;
}

export interface ReportResult {
  /** Null when the document is not an open plan, or too large to check in the editor. */
  html: string | null;
}
