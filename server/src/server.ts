import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from './service/check';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const SEVERITY = { error: 1, warning: 2, information: 3, hint: 4 } as const;

connection.onInitialize(() => ({ capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental } }));

documents.onDidChangeContent(({ document }) => {
  const { diagnostics } = checkText(document.getText());
  void connection.sendDiagnostics({
    uri: document.uri,
    version: document.version,
    diagnostics: diagnostics.map((d) => ({ range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'virtplan', message: d.message, data: d.data })),
  });
});

documents.listen(connection);
connection.listen();
