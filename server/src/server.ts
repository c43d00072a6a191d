import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Debouncer, guard } from './server-runtime';
import { PlanLanguageService } from './service/language-service';
import type { ParsedPlan } from './service/parse';
import { RenameError } from './service/navigation';
import { REPORT_REQUEST, type ReportParams, type ReportResult } from './protocol';
import { reportHtml } from './report/html';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const rulesDoc = join(__dirname, '..', 'docs', 'rules.md');
const service = new PlanLanguageService(undefined, existsSync(rulesDoc) ? (code) => `${pathToFileURL(rulesDoc).href}#${code}` : undefined);
const debouncer = new Debouncer();

let settings: Settings = DEFAULT_SETTINGS;
let pullDiagnostics = false;
let canReadConfiguration = false;
let snippetSupport = false;
let staticSnippets = false;
let inlayHintRefresh = false;
let codeLensRefresh = false;
/** The client's own cap on folding ranges, when it names one. */
let foldingLimit: number | undefined;

/** Each document version is parsed once and shared by every feature. */
const parsedVersions = new Map<string, { version: number; parsed: ParsedPlan }>();

function isTooLarge(document: TextDocument): boolean {
  return document.getText().length > settings.maxFileSizeMB * 1024 * 1024;
}

/** The parsed version of an open plan; undefined for an unknown document or one too large to check. */
function parsedOf(uri: string): ParsedPlan | undefined {
  const document = documents.get(uri);
  if (!document || isTooLarge(document)) return undefined;
  const cached = parsedVersions.get(uri);
  if (cached?.version === document.version) return cached.parsed;
  const parsed = service.parse(document.getText());
  parsedVersions.set(uri, { version: document.version, parsed });
  return parsed;
}

function diagnosticsOf(uri: string) {
  const document = documents.get(uri);
  if (document && isTooLarge(document)) return service.tooLarge(document.getText(), settings.maxFileSizeMB, settings.severity['file-too-large']);
  const parsed = parsedOf(uri);
  return parsed ? service.validate(parsed, { severities: settings.severity }) : [];
}

/** The version whose diagnostics were last published, per document: no version is published twice. */
const publishedVersions = new Map<string, number>();

function publish(uri: string, again = false): void {
  const document = documents.get(uri);
  if (!document || (!again && publishedVersions.get(uri) === document.version)) return;
  const diagnostics = guard(connection, 'validation', [], undefined, () => diagnosticsOf(uri));
  publishedVersions.set(uri, document.version);
  void connection.sendDiagnostics({ uri, version: document.version, diagnostics });
}

async function refreshSettings(): Promise<void> {
  if (!canReadConfiguration) return;
  try {
    settings = readSettings(await connection.workspace.getConfiguration('virtplan'));
  } catch (error) {
    connection.console.error(`virtplan: cannot read settings: ${String(error)}`);
  }
}

function revalidateAll(): void {
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) publish(document.uri, true);
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = !!capabilities.textDocument?.diagnostic;
  canReadConfiguration = !!capabilities.workspace?.configuration;
  snippetSupport = !!capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  foldingLimit = capabilities.textDocument?.foldingRange?.rangeLimit;
  const options = params.initializationOptions as { staticSnippets?: unknown } | undefined;
  staticSnippets = options?.staticSnippets === true;
  inlayHintRefresh = !!capabilities.workspace?.inlayHint?.refreshSupport;
  codeLensRefresh = !!capabilities.workspace?.codeLens?.refreshSupport;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':', ' '] },
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      documentSymbolProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentHighlightProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      foldingRangeProvider: true,
      selectionRangeProvider: true,
      inlayHintProvider: true,
      codeLensProvider: { resolveProvider: false },
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'virtplan', version: typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : undefined },
  };
});

declare const VIRTPLAN_VERSION: string | undefined;

connection.onInitialized(async () => {
  await refreshSettings();
  revalidateAll();
});

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  revalidateAll();
  // Hints and lenses of open plans follow their settings without an edit.
  if (inlayHintRefresh) void connection.languages.inlayHint.refresh();
  if (codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh');
});

documents.onDidOpen(({ document }) => {
  if (!pullDiagnostics) publish(document.uri);
});

documents.onDidChangeContent(({ document }) => {
  if (!pullDiagnostics) debouncer.schedule(document.uri, settings.validationDelay, () => publish(document.uri));
});

documents.onDidClose(({ document }) => {
  debouncer.cancel(document.uri);
  parsedVersions.delete(document.uri);
  publishedVersions.delete(document.uri);
  if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on((params, token): DocumentDiagnosticReport => {
  const items = guard(connection, 'diagnostics', [], token, () => diagnosticsOf(params.textDocument.uri));
  return { kind: DocumentDiagnosticReportKind.Full, items };
});

connection.onHover((params, token) =>
  guard(connection, 'hover', null, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.hover(parsed, params.position) : null;
  }),
);

connection.onCompletion((params, token) =>
  guard(connection, 'completion', { isIncomplete: false, items: [] }, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.complete(parsed, params.position, { snippetSupport, staticSnippets }) : { isIncomplete: false, items: [] };
  }),
);

connection.onCodeAction((params, token) =>
  guard(connection, 'code actions', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.codeActions(parsed, params.textDocument.uri, params.context.diagnostics) : [];
  }),
);

connection.onDocumentSymbol((params, token) =>
  guard(connection, 'symbols', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.symbols(parsed, settings.maxItemsComputed) : [];
  }),
);

connection.onDefinition((params, token) =>
  guard(connection, 'definition', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.definition(parsed, params.position, params.textDocument.uri) : [];
  }),
);

connection.onReferences((params, token) =>
  guard(connection, 'references', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.references(parsed, params.position, params.textDocument.uri, params.context.includeDeclaration) : [];
  }),
);

connection.onDocumentHighlight((params, token) =>
  guard(connection, 'highlights', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.highlights(parsed, params.position) : [];
  }),
);

connection.onDocumentFormatting((params, token) =>
  guard(connection, 'formatting', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.format(parsed, params.options) : [];
  }),
);

connection.onDocumentRangeFormatting((params, token) =>
  guard(connection, 'range formatting', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.format(parsed, params.options, params.range) : [];
  }),
);

connection.onFoldingRanges((params, token) =>
  guard(connection, 'folding ranges', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.foldingRanges(parsed, foldingLimit) : [];
  }),
);

connection.onSelectionRanges((params, token) =>
  guard(connection, 'selection ranges', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.selectionRanges(parsed, params.positions) : [];
  }),
);

connection.languages.inlayHint.on((params, token) =>
  guard(connection, 'inlay hints', [], token, () => {
    const parsed = settings.inlayHints ? parsedOf(params.textDocument.uri) : undefined;
    return parsed ? service.inlayHints(parsed, params.range) : [];
  }),
);

connection.onCodeLens((params, token) =>
  guard(connection, 'code lens', [], token, () => {
    const parsed = settings.codeLens ? parsedOf(params.textDocument.uri) : undefined;
    return parsed ? service.codeLenses(parsed) : [];
  }),
);

connection.onPrepareRename((params, token) =>
  guard(connection, 'prepare rename', null, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.prepareRename(parsed, params.position) : null;
  }),
);

connection.onRenameRequest((params, token) => {
  const parsed = parsedOf(params.textDocument.uri);
  if (!parsed || token.isCancellationRequested) return null;
  try {
    return service.rename(parsed, params.position, params.newName, params.textDocument.uri);
  } catch (error) {
    if (error instanceof RenameError) return new ResponseError(-32803, error.message);
    connection.console.error(`virtplan: rename failed: ${String(error)}`);
    return null;
  }
});

/** A document's path as a planner reads it: the file path, or the URI of an unsaved one. */
function displayPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

connection.onRequest(REPORT_REQUEST, (params: ReportParams, token): ReportResult =>
  guard(connection, 'report', { html: null }, token, () => {
    const parsed = parsedOf(params.uri);
    if (!parsed) return { html: null };
    const report = service.report(parsed, displayPath(params.uri), { severities: settings.severity });
    const command = params.revealCommand;
    const lineLink = command ? (_: unknown, line: number) => `command:${command}?${encodeURIComponent(JSON.stringify([params.uri, line - 1]))}` : undefined;
    return { html: reportHtml([report], { theme: 'vscode', lineLink, head: params.head }) };
  }),
);

process.on('uncaughtException', (error) => connection.console.error(`virtplan: unexpected error: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
