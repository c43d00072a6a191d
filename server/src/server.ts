import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  LSPErrorCodes,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { findSchemasDir } from './catalog/catalog';
import { Debouncer, guard, lifecycle, safely, watchedTransport } from './server-runtime';
import { planDocuments, type PlanDocument } from './document';
import { PlanLanguageService } from './service/language-service';
import type { ParsedPlan } from './json/parse';
import { RenameError } from './service/navigation';
import { reportHtml } from './report/html';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { ProductFactsRequest, ReportRequest, RETARGET_ACTION_KIND, WhatIfRequest, WhatIfTargetsRequest } from './protocol';
import { TargetError } from './service/whatif';
import { ConfigResolver, mergeSeverities, NO_CONFIG } from './config/config';
import { CONFIG_FILE } from './config/schema';
import { uriToPath, WorkspaceChecker } from './workspace';

const transport = watchedTransport(process.argv);
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(planDocuments);
const rulesDoc = join(__dirname, '..', 'docs', 'rules.md');
const service = new PlanLanguageService(undefined, existsSync(rulesDoc) ? (code) => `${pathToFileURL(rulesDoc).href}#${code}` : undefined);
const debouncer = new Debouncer();

let settings: Settings = DEFAULT_SETTINGS;
let pullDiagnostics = false;
let canReadConfiguration = false;
let snippetSupport = false;
let triggerSuggest = false;
let inlayHintRefresh = false;
let codeLensRefresh = false;
let watchFiles = false;
let configurationChanges = false;
let workspaceFolders: string[] = [];
/** The virtplan.config.json of each plan on disk, read once until one changes. */
const configs = new ConfigResolver();
/** The client's own cap on folding ranges, when it names one. */
let foldingLimit: number | undefined;

/** Each document version is parsed once and shared by every feature. */
const parsedVersions = new Map<string, { version: number; parsed: ParsedPlan }>();

function isTooLarge(document: PlanDocument): boolean {
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

/** The severities for a plan: its configuration file's, then the editor setting for the codes it names. */
function severitiesFor(uri: string) {
  const path = uriToPath(uri);
  return mergeSeverities(path ? configs.forPlan(path).config : NO_CONFIG, settings.severity);
}

/** The reserve of clusters that give none: the plan's configuration file's policy, else 1. */
function defaultReserveFor(uri: string): number {
  const path = uriToPath(uri);
  return (path ? configs.forPlan(path).config.policy.failoverReserve : undefined) ?? 1;
}

function diagnosticsOf(uri: string) {
  const document = documents.get(uri);
  const severities = severitiesFor(uri);
  if (document && isTooLarge(document)) return service.tooLarge(document.getText(), settings.maxFileSizeMB, severities['file-too-large']);
  const parsed = parsedOf(uri);
  return parsed ? service.validate(parsed, { severities, defaultReserve: defaultReserveFor(uri) }) : [];
}

const workspace = new WorkspaceChecker(
  {
    isOpen: (uri) => documents.get(uri) !== undefined,
    check: (uri, text) =>
      safely(connection, 'workspace validation', [], () => service.validate(service.parse(text), { severities: severitiesFor(uri), defaultReserve: defaultReserveFor(uri) })),
    send: (uri, diagnostics) => {
      if (!lifecycle.shutDown) void connection.sendDiagnostics({ uri, diagnostics: diagnostics as never[] });
    },
    log: (message) => connection.console.log(message),
  },
  DEFAULT_SETTINGS.maxFileSizeMB * 1024 * 1024,
);
let workspaceChecked = false;

/** Starts or stops checking the plans that are not open, as the setting says. */
function applyWorkspaceSetting(): void {
  if (settings.workspaceValidation && !workspaceChecked) workspace.enable(workspaceFolders, settings.maxFileSizeMB * 1024 * 1024);
  else if (!settings.workspaceValidation && workspaceChecked) workspace.disable();
  workspaceChecked = settings.workspaceValidation;
}

/** The version whose diagnostics were last published, per document: no version is published twice. */
const publishedVersions = new Map<string, number>();

function publish(uri: string, again = false): void {
  const document = documents.get(uri);
  if (!document || lifecycle.shutDown || (!again && publishedVersions.get(uri) === document.version)) return;
  const diagnostics = safely(connection, 'validation', [], () => diagnosticsOf(uri));
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
  if (lifecycle.shutDown) return;
  if (pullDiagnostics) void connection.languages.diagnostics.refresh();
  else for (const document of documents.all()) publish(document.uri, true);
}

connection.onInitialize((params): InitializeResult => {
  const capabilities = params.capabilities;
  pullDiagnostics = !!capabilities.textDocument?.diagnostic;
  canReadConfiguration = !!capabilities.workspace?.configuration;
  snippetSupport = !!capabilities.textDocument?.completion?.completionItem?.snippetSupport;
  foldingLimit = capabilities.textDocument?.foldingRange?.rangeLimit;
  watchFiles = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  configurationChanges = !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration;
  workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
  const options = params.initializationOptions as { triggerSuggest?: unknown } | undefined;
  triggerSuggest = options?.triggerSuggest === true;
  inlayHintRefresh = !!capabilities.workspace?.inlayHint?.refreshSupport;
  codeLensRefresh = !!capabilities.workspace?.codeLens?.refreshSupport;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      hoverProvider: true,
      completionProvider: { triggerCharacters: ['"', ':', ' '] },
      codeActionProvider: { codeActionKinds: ['quickfix', RETARGET_ACTION_KIND] },
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
  // The first line of the client's log says which server and which product facts are running.
  const ids = service.catalog.productIds();
  connection.console.info(`virtplan language server ${typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : 'unversioned'}, catalog of ${ids.length} products (${ids.join(', ')}) from ${findSchemasDir()}`);
  if (watchFiles) {
    // Configuration files and plans changed outside the editor: any client that can watch files gets these.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/*.virtplan.json' }] });
  }
  if (configurationChanges) {
    // Settings are pulled with workspace/configuration; this asks the client to say when the
    // virtplan section changes, so they are pulled again.
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'virtplan' });
  }
  await refreshSettings();
  revalidateAll();
  applyWorkspaceSetting();
});

connection.onDidChangeConfiguration(async () => {
  await refreshSettings();
  revalidateAll();
  applyWorkspaceSetting();
  // Hints and lenses of open plans follow their settings without an edit.
  if (inlayHintRefresh) void connection.languages.inlayHint.refresh();
  if (codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh');
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  let configChanged = false;
  for (const change of changes) {
    if (change.uri.endsWith(`/${CONFIG_FILE}`)) configChanged = true;
    else workspace.changed(change.uri, change.type === FileChangeType.Deleted);
  }
  if (configChanged) {
    configs.clear();
    revalidateAll();
    workspace.recheck();
  }
});

documents.onDidOpen(({ document }) => {
  workspace.opened(document.uri);
  if (!pullDiagnostics) publish(document.uri);
});

documents.onDidChangeContent(({ document }) => {
  if (!pullDiagnostics) debouncer.schedule(document.uri, settings.validationDelay, () => publish(document.uri));
});

documents.onDidClose(({ document }) => {
  debouncer.cancel(document.uri);
  parsedVersions.delete(document.uri);
  publishedVersions.delete(document.uri);
  // In the workspace mode a closed plan keeps its diagnostics, read again from disk.
  if (!workspace.closed(document.uri) && !pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on((params, token) =>
  guard(connection, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, token, () => ({
    kind: DocumentDiagnosticReportKind.Full,
    items: diagnosticsOf(params.textDocument.uri),
  })),
);

connection.onHover((params, token) =>
  guard(connection, 'hover', null, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.hover(parsed, params.position) : null;
  }),
);

connection.onCompletion((params, token) =>
  guard(connection, 'completion', { isIncomplete: false, items: [] }, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.complete(parsed, params.position, { snippetSupport, triggerSuggest }) : { isIncomplete: false, items: [] };
  }),
);

connection.onCodeAction((params, token) =>
  guard(connection, 'code actions', [], token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    if (!parsed) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    return [
      ...(wants('quickfix') ? service.codeActions(parsed, params.textDocument.uri, params.context.diagnostics) : []),
      ...(wants(RETARGET_ACTION_KIND)
        ? service.retargetActions(parsed, params.textDocument.uri, params.range.start, { severities: severitiesFor(params.textDocument.uri), isCancelled: () => token.isCancellationRequested })
        : []),
    ];
  }),
);

connection.onRequest(WhatIfTargetsRequest, (_params, token) => guard(connection, 'what-if targets', [], token, () => service.whatIfTargets()));

connection.onRequest(WhatIfRequest, (params, token) => {
  const parsed = parsedOf(params.textDocument.uri);
  if (!parsed) return new ResponseError(ErrorCodes.InvalidParams, `${params.textDocument.uri} is not an open plan, or is too large to check.`);
  if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
  const name = params.textDocument.uri.slice(params.textDocument.uri.lastIndexOf('/') + 1);
  let label = name;
  try {
    label = decodeURIComponent(name);
  } catch {
    // A malformed escape: show the name as it is.
  }
  const hosts = Array.isArray(params.hosts) ? params.hosts.filter((h): h is string => typeof h === 'string') : undefined;
  try {
    if (typeof params.to !== 'string') throw new TargetError('"to" must be a product id, or PRODUCT:EDITION.');
    return service.whatIf(parsed, params.to, label, { ...(hosts ? { hosts } : {}), severities: severitiesFor(params.textDocument.uri) });
  } catch (error) {
    if (error instanceof TargetError) return new ResponseError(ErrorCodes.InvalidParams, error.message);
    connection.console.error(`virtplan: what-if failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return new ResponseError(ErrorCodes.InternalError, 'the what-if check failed; see the virtplan server log.');
  }
});

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
    return parsed ? service.inlayHints(parsed, params.range, defaultReserveFor(params.textDocument.uri)) : [];
  }),
);

connection.onCodeLens((params, token) =>
  guard(connection, 'code lens', [], token, () => {
    const parsed = settings.codeLens ? parsedOf(params.textDocument.uri) : undefined;
    return parsed ? service.codeLenses(parsed, defaultReserveFor(params.textDocument.uri)) : [];
  }),
);

connection.onPrepareRename((params, token) =>
  guard(connection, 'prepare rename', null, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    return parsed ? service.prepareRename(parsed, params.position) : null;
  }),
);

connection.onRenameRequest((params, token) =>
  guard(connection, 'rename', null, token, () => {
    const parsed = parsedOf(params.textDocument.uri);
    if (!parsed) return null;
    try {
      return service.rename(parsed, params.position, params.newName, params.textDocument.uri);
    } catch (error) {
      if (error instanceof RenameError) return new ResponseError(-32803, error.message);
      throw error;
    }
  }),
);

connection.onShutdown(() => {
  lifecycle.shutDown = true;
  debouncer.cancelAll();
  if (workspaceChecked) workspace.disable();
});

/** A document's path as a planner reads it: the file path, or the URI of an unsaved one. */
function displayPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

connection.onRequest(ReportRequest, (params, token) =>
  guard(connection, 'report', { html: null }, token, () => {
    const parsed = typeof params.uri === 'string' ? parsedOf(params.uri) : undefined;
    if (!parsed) return { html: null };
    const report = service.report(parsed, displayPath(params.uri), { severities: severitiesFor(params.uri), defaultReserve: defaultReserveFor(params.uri) });
    const command = params.revealCommand;
    const lineLink = command ? (_: unknown, line: number) => `command:${command}?${encodeURIComponent(JSON.stringify([params.uri, line - 1]))}` : undefined;
    return { html: reportHtml([report], { theme: 'vscode', lineLink, head: typeof params.head === 'string' ? params.head : undefined }) };
  }),
);

connection.onRequest(ProductFactsRequest, (params, token) =>
  guard(connection, 'product facts', { products: [] }, token, () => {
    const uri = params.textDocument?.uri;
    const parsed = typeof uri === 'string' ? parsedOf(uri) : undefined;
    const position = params.position;
    const at = position && Number.isInteger(position.line) && Number.isInteger(position.character) ? position : undefined;
    return service.productFacts(typeof params.product === 'string' ? params.product : undefined, parsed, at);
  }),
);

process.on('uncaughtException', (error) => connection.console.error(`virtplan: unexpected error: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
