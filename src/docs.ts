import { commands, Uri, window, workspace, type Diagnostic, type Disposable } from 'vscode';
import type { LanguageClient, Middleware } from 'vscode-languageclient/node';
import { FACTS_SCHEME, ProductFactsRequest, type ProductFactsParams, type ProductFactsResult } from '../server/src/protocol';


/** The Markdown preview of docs/rules.md, scrolled to a rule's section (its heading's anchor is the code). */
function showRule(rulesDoc: Uri, code: unknown): Thenable<unknown> {
  const fragment = typeof code === 'string' && /^[a-z][a-z0-9-]*$/.test(code) ? code : '';
  return commands.executeCommand('markdown.showPreview', rulesDoc.with({ fragment }));
}

/**
 * The server links each diagnostic to its rule's section of docs/rules.md, a file address any
 * editor can open. VS Code would open that file as raw text at its first line; here the link
 * runs a command that opens the rendered section instead.
 */
export function ruleLinkMiddleware(rulesDoc: Uri): Middleware {
  const relink = (diagnostics: Diagnostic[]) => {
    for (const d of diagnostics) {
      if (typeof d.code !== 'object' || d.code.target.scheme !== 'file' || d.code.target.fsPath !== rulesDoc.fsPath) continue;
      const args = encodeURIComponent(JSON.stringify([String(d.code.value)]));
      d.code = { value: d.code.value, target: Uri.parse(`command:virtplan.showRule?${args}`) };
    }
    return diagnostics;
  };
  return {
    handleDiagnostics: (uri, diagnostics, next) => next(uri, relink(diagnostics)),
    provideDiagnostics: async (document, previousResultId, token, next) => {
      const report = await next(document, previousResultId, token);
      if (report && 'items' in report) relink(report.items);
      return report;
    },
  };
}

async function factsOf(client: LanguageClient, params: ProductFactsParams): Promise<ProductFactsResult> {
  return client.sendRequest(ProductFactsRequest, params);
}

/** "virtplan: Show Product Facts": the sheet of the product under the cursor, or of one chosen from the catalog. */
async function showProductFacts(client: LanguageClient, product: unknown): Promise<void> {
  let id = typeof product === 'string' ? product : undefined;
  if (id === undefined) {
    const editor = window.activeTextEditor;
    const here = editor?.document.languageId === 'virtplan' ? { textDocument: { uri: editor.document.uri.toString() }, position: editor.selection.active } : {};
    const found = await factsOf(client, here);
    id = found.sheet?.id;
    if (id === undefined) {
      const picked = await window.showQuickPick(
        found.products.map((p) => ({ label: p.name, description: p.id, id: p.id })),
        { title: 'virtplan: Show Product Facts', placeHolder: 'Which product?' },
      );
      id = picked?.id;
    }
  }
  if (id !== undefined) await commands.executeCommand('markdown.showPreview', Uri.from({ scheme: FACTS_SCHEME, path: `/${id}.md` }));
}

/** The commands that open the rule explanations and the fact sheets. */
export function registerDocCommands(rulesDoc: Uri, client: () => LanguageClient | undefined): Disposable[] {
  return [
    commands.registerCommand('virtplan.showRule', (code: unknown) => showRule(rulesDoc, code)),
    commands.registerCommand('virtplan.showProductFacts', async (product: unknown) => {
      const running = client();
      if (running) await showProductFacts(running, product);
    }),
    workspace.registerTextDocumentContentProvider(FACTS_SCHEME, {
      provideTextDocumentContent: async (uri) => {
        const running = client();
        const id = decodeURIComponent(uri.path.replace(/^\//, '').replace(/\.md$/, ''));
        const result = running ? await factsOf(running, { product: id }) : undefined;
        return result?.sheet?.markdown ?? `# ${id}\n\nNo product of the catalog has this id.\n`;
      },
    }),
  ];
}
