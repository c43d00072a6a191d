import { commands, Range, Selection, TextEditorRevealType, Uri, ViewColumn, window, workspace, type Disposable, type ExtensionContext, type TextDocument, type WebviewPanel } from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ReportRequest, type ReportParams } from '../server/src/protocol';

const REVEAL = 'virtplan.revealLine';
/** Edits come in bursts; the report is asked for once the typing pauses. */
const FOLLOW_DELAY_MS = 400;
/** No scripts at all: styles inline, pictures as inline SVG. */
const CSP = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:;">`;

/** A plan's open report, the timer of its next render and what it listens to. */
interface ReportPanel {
  panel: WebviewPanel;
  timer?: NodeJS.Timeout;
  listeners: Disposable[];
}

/**
 * "virtplan: Show Capacity Report": the report of the active plan beside it, from the language
 * server, following the plan as it is edited. Its diagnostics link back to their lines.
 */
export function registerReportView(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const panels = new Map<string, ReportPanel>();

  const render = async (document: TextDocument) => {
    const entry = panels.get(document.uri.toString());
    const running = client();
    if (!entry || !running) return;
    const params: ReportParams = { uri: document.uri.toString(), revealCommand: REVEAL, head: CSP };
    try {
      const { html } = await running.sendRequest(ReportRequest, params);
      entry.panel.webview.html = html ?? `<!DOCTYPE html><html><head>${CSP}</head><body><p>No report: the plan is too large to check in the editor; use <code>virtplan report</code>.</p></body></html>`;
    } catch (error) {
      running.warn(`The capacity report could not be made: ${String(error)}`);
    }
  };

  context.subscriptions.push(
    commands.registerCommand('virtplan.showReport', async () => {
      const document = window.activeTextEditor?.document;
      if (!document || document.languageId !== 'virtplan') {
        void window.showInformationMessage('Open a .virtplan.json plan to see its capacity report.');
        return;
      }
      const key = document.uri.toString();
      const existing = panels.get(key);
      if (existing) {
        existing.panel.reveal(ViewColumn.Beside, true);
        return;
      }
      const name = document.uri.path.split('/').pop() ?? 'plan';
      const panel = window.createWebviewPanel('virtplan.report', `Capacity: ${name}`, { viewColumn: ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: false,
        enableCommandUris: [REVEAL],
        localResourceRoots: [],
      });
      const entry: ReportPanel = { panel, listeners: [] };
      panels.set(key, entry);
      entry.listeners.push(
        workspace.onDidChangeTextDocument(({ document: changed }) => {
          if (changed.uri.toString() !== key) return;
          clearTimeout(entry.timer);
          entry.timer = setTimeout(() => void render(changed), FOLLOW_DELAY_MS);
        }),
      );
      panel.onDidDispose(() => {
        clearTimeout(entry.timer);
        entry.listeners.forEach((l) => l.dispose());
        panels.delete(key);
      });
      await render(document);
    }),
    commands.registerCommand(REVEAL, async (uri: string, line: number) => {
      const document = await workspace.openTextDocument(Uri.parse(uri));
      const editor = await window.showTextDocument(document, { viewColumn: ViewColumn.One, preserveFocus: false });
      const at = new Range(line, 0, line, 0);
      editor.selection = new Selection(at.start, at.start);
      editor.revealRange(at, TextEditorRevealType.InCenterIfOutsideViewport);
    }),
  );
}
