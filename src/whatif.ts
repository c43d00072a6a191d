import {
  commands,
  DocumentLink,
  EventEmitter,
  languages,
  Range,
  Uri,
  ViewColumn,
  window,
  workspace,
  type DocumentLinkProvider,
  type ExtensionContext,
  type QuickPickItem,
  type TextDocument,
  type TextDocumentContentProvider,
} from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { WhatIfRequest, WhatIfTargetsRequest, type WhatIfResponse, type WhatIfTargetInfo } from '../server/src/protocol';

const WHATIF_COMMAND = 'virtplan.whatIf';
const SCHEME = 'virtplan-whatif';

/**
 * The what-if answers shown beside their plans: read-only documents whose text the server
 * wrote, with each diagnostic's place linked back to the plan.
 */
class Previews implements TextDocumentContentProvider, DocumentLinkProvider {
  private readonly shown = new Map<string, { plan: Uri; answer: WhatIfResponse }>();
  private readonly changed = new EventEmitter<Uri>();
  readonly onDidChange = this.changed.event;

  show(plan: Uri, answer: WhatIfResponse): Uri {
    const name = plan.path.slice(plan.path.lastIndexOf('/') + 1);
    const uri = Uri.from({ scheme: SCHEME, path: `/${name} on ${answer.to}.txt`, query: plan.toString() });
    this.shown.set(uri.toString(), { plan, answer });
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: Uri): string {
    return this.shown.get(uri.toString())?.answer.preview.text ?? 'This what-if answer is no longer available; run "virtplan: What If… (retarget)" again.\n';
  }

  provideDocumentLinks(document: TextDocument): DocumentLink[] {
    const entry = this.shown.get(document.uri.toString());
    if (!entry) return [];
    return entry.answer.preview.links.map((link) => {
      const { start, end } = link.range;
      // The opener reads `#L<line>,<column>` (one-based) as the place to reveal.
      const target = entry.plan.with({ fragment: `L${link.target.start.line + 1},${link.target.start.character + 1}` });
      const documentLink = new DocumentLink(new Range(start.line, start.character, end.line, end.character), target);
      documentLink.tooltip = 'Go to this place in the plan';
      return documentLink;
    });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

interface Pick<T> extends QuickPickItem {
  value: T;
}

async function chooseTarget(targets: WhatIfTargetInfo[]): Promise<string | undefined> {
  const product = await window.showQuickPick<Pick<WhatIfTargetInfo>>(
    targets.map((t) => ({ label: t.name, description: `${t.released} · ${t.kind}, ${t.role}`, detail: t.id, value: t })),
    { title: 'What if the plan ran…', placeHolder: 'Choose the product to retarget every host to', matchOnDescription: true, matchOnDetail: true },
  );
  if (!product) return undefined;
  if (product.value.editions.length === 0) return product.value.id;
  const edition = await window.showQuickPick<Pick<string | undefined>>(
    [
      { label: "Keep each host's edition", description: 'hosts without one are reported', value: undefined },
      ...product.value.editions.map((e) => ({ label: e.name, description: e.id, value: e.id })),
    ],
    { title: `${product.value.name}: which edition?` },
  );
  if (!edition) return undefined;
  return edition.value ? `${product.value.id}:${edition.value}` : product.value.id;
}

/** "virtplan: What If… (retarget)": asks for a product, then shows the server's answer beside the plan. */
export function registerWhatIf(context: ExtensionContext, client: () => LanguageClient | undefined): void {
  const previews = new Previews();
  context.subscriptions.push(
    previews,
    workspace.registerTextDocumentContentProvider(SCHEME, previews),
    languages.registerDocumentLinkProvider({ scheme: SCHEME }, previews),
    commands.registerCommand(WHATIF_COMMAND, async () => {
      const editor = window.activeTextEditor;
      const running = client();
      if (!editor || editor.document.languageId !== 'virtplan') {
        void window.showWarningMessage('virtplan: open a .virtplan.json plan first, then ask what if.');
        return;
      }
      if (!running) return;
      try {
        const to = await chooseTarget(await running.sendRequest(WhatIfTargetsRequest, null));
        if (!to) return;
        const answer = await running.sendRequest(WhatIfRequest, { textDocument: { uri: editor.document.uri.toString() }, to });
        const uri = previews.show(editor.document.uri, answer);
        const document = await workspace.openTextDocument(uri);
        await window.showTextDocument(document, { viewColumn: ViewColumn.Beside, preview: true, preserveFocus: true });
      } catch (error) {
        void window.showErrorMessage(`virtplan: ${error instanceof Error ? error.message : String(error)}`);
      }
    }),
  );
}
