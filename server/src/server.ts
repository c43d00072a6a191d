import { existsSync } from 'node:fs';
import { collectGarbage, youngGenerationFor } from './heap';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  type DocumentDiagnosticReport,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { findSchemasDir } from './catalog/catalog';
import { guard, lifecycle, watchedTransport } from './server-runtime';
import { planDocuments } from './document';
import { PlanLanguageService } from './service/language-service';
import { RenameError } from './service/navigation';
import { RETARGET_ACTION_KIND } from './protocol';
import { initializeResult, LENS_COMMAND } from './capabilities';
import { CONFIG_FILE } from './config/schema';
import { Checks } from './lsp/checks';
import { readCapabilities, ServerConfiguration } from './lsp/configuration';
import { OpenPlans } from './lsp/open-plans';
import { listenToPlanRequests } from './lsp/plan-requests';

/*
 * The language server: LSP requests mapped onto the plan language service. The open plans and
 * their versions live in lsp/open-plans.ts, when checks run and what is published in
 * lsp/checks.ts, the client's capabilities and the settings in lsp/configuration.ts, and the
 * virtplan requests (what-if, report, product facts) in lsp/plan-requests.ts.
 */

const transport = watchedTransport(process.argv);
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
const documents = new TextDocuments(planDocuments);
const rulesDoc = join(__dirname, '..', 'docs', 'rules.md');
const service = new PlanLanguageService(undefined, existsSync(rulesDoc) ? (code) => `${pathToFileURL(rulesDoc).href}#${code}` : undefined);
const configuration = new ServerConfiguration(connection);
const plans = new OpenPlans(documents, service, () => configuration.maxChars);
const checks = new Checks(connection, plans, service, configuration, () => refreshHintsAndLenses());

connection.onInitialize((params): InitializeResult => {
  configuration.client = readCapabilities(params);
  return initializeResult(params);
});

declare const VIRTPLAN_VERSION: string | undefined;

connection.onInitialized(async () => {
  // The first line of the client's log says which server and which product facts are running.
  const ids = service.catalog.productIds();
  connection.console.info(`virtplan language server ${typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : 'unversioned'}, catalog of ${ids.length} products (${ids.join(', ')}) from ${findSchemasDir()}`);
  if (configuration.client.watchFiles) {
    // Configuration files and plans changed outside the editor: any client that can watch files gets these.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }, { globPattern: '**/*.virtplan.json' }] });
  }
  if (configuration.client.configurationChanges) {
    // Settings are pulled with workspace/configuration; this asks the client to say when the
    // virtplan section changes, so they are pulled again.
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'virtplan' });
  }
  await configuration.refreshSettings();
  checks.revalidateAll();
  checks.applyWorkspaceSetting();
});

connection.onDidChangeConfiguration(async (params) => {
  configuration.takePushedSettings(params.settings);
  await configuration.refreshSettings();
  checks.revalidateAll();
  checks.applyWorkspaceSetting();
  refreshHintsAndLenses();
});

/** Hints and lenses of open plans follow their settings and configuration files without an edit. */
function refreshHintsAndLenses(): void {
  if (configuration.client.inlayHintRefresh) void connection.languages.inlayHint.refresh();
  if (configuration.client.codeLensRefresh) void connection.sendRequest('workspace/codeLens/refresh');
}

connection.onDidChangeWatchedFiles(({ changes }) => {
  let configChanged = false;
  for (const change of changes) {
    if (change.uri.endsWith(`/${CONFIG_FILE}`)) configChanged = true;
    else checks.fileChanged(change.uri, change.type === FileChangeType.Deleted);
  }
  if (configChanged) {
    checks.configurationChanged();
    // A cluster's failover result follows the file's policy.failoverReserve.
    refreshHintsAndLenses();
  }
});

/** Characters of an opened plan above which the message that brought it is collected before its check. */
const LARGE_OPEN = 1 << 22;
/** Characters of an opened plan above which its checks run in the young generation grown for them (heap.ts). */
const GROWN_YOUNG_GENERATION = 1 << 18;
/** The open plans that were that large when opened. */
const largePlans = new Set<string>();

documents.onDidOpen(({ document }) => {
  const length = document.getText().length;
  if (length >= GROWN_YOUNG_GENERATION) largePlans.add(document.uri);
  youngGenerationFor(largePlans.has(document.uri));
  // The message that brought the text is dead once dispatched: collected before the check, its
  // two copies of the text (its bytes and their decoding) do not lie under the check's objects,
  // nor do the arrays that grew the young generation.
  if (length >= LARGE_OPEN) collectGarbage();
  checks.opened(document.uri);
});
documents.onDidChangeContent(({ document }) => {
  // V8 may have shrunk the young generation while the server was idle.
  youngGenerationFor(largePlans.has(document.uri));
  checks.changed(document.uri);
});
documents.onDidClose(({ document }) => {
  largePlans.delete(document.uri);
  checks.closed(document.uri);
  plans.closed(document.uri);
});

connection.languages.diagnostics.on((params, token) =>
  guard(connection, 'diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, token, () => ({
    kind: DocumentDiagnosticReportKind.Full,
    items: checks.diagnosticsOf(params.textDocument.uri),
  })),
);

/** The version a request right after an edit reads: see OpenPlans.whileTyping for what may lag. */
const whileTyping = (uri: string) => plans.whileTyping(uri, checks.isPending(uri));

connection.onHover((params, token) =>
  guard(connection, 'hover', null, token, () => {
    const plan = whileTyping(params.textDocument.uri);
    return plan ? service.hover(plan, params.position) : null;
  }),
);

connection.onCompletion((params, token) =>
  guard(connection, 'completion', { isIncomplete: false, items: [] }, token, () => {
    const plan = whileTyping(params.textDocument.uri);
    const { snippetSupport, triggerSuggest } = configuration.client;
    return plan ? service.complete(plan, params.position, { snippetSupport, triggerSuggest }) : { isIncomplete: false, items: [] };
  }),
);

connection.onCodeAction((params, token) =>
  guard(connection, 'code actions', [], token, () => {
    const uri = params.textDocument.uri;
    const plan = whileTyping(uri);
    if (!plan) return [];
    const only = params.context.only;
    const wants = (kind: string) => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
    // Retargeting checks the plan as it is now: only on a product value is the current version read.
    const retarget = wants(RETARGET_ACTION_KIND) && service.isRetargetPlace(plan, params.range.start) ? plans.current(uri) : undefined;
    return [
      ...(wants('quickfix') ? service.codeActions(plan, uri, params.context.diagnostics) : []),
      ...(retarget ? service.retargetActions(retarget, uri, params.range.start, { severities: configuration.severitiesFor(uri), defaultReserve: configuration.defaultReserveFor(uri), isCancelled: () => token.isCancellationRequested }) : []),
    ];
  }),
);

connection.onDocumentSymbol((params, token) =>
  guard(connection, 'symbols', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.symbols(plan, configuration.settings.maxItemsComputed) : [];
  }),
);

connection.onDefinition((params, token) =>
  guard(connection, 'definition', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.definition(plan, params.position, params.textDocument.uri) : [];
  }),
);

connection.onReferences((params, token) =>
  guard(connection, 'references', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.references(plan, params.position, params.textDocument.uri, params.context.includeDeclaration) : [];
  }),
);

connection.onDocumentHighlight((params, token) =>
  guard(connection, 'highlights', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.highlights(plan, params.position) : [];
  }),
);

connection.onDocumentFormatting((params, token) =>
  guard(connection, 'formatting', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.format(plan, params.options) : [];
  }),
);

connection.onDocumentRangeFormatting((params, token) =>
  guard(connection, 'range formatting', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.format(plan, params.options, params.range) : [];
  }),
);

connection.onFoldingRanges((params, token) =>
  guard(connection, 'folding ranges', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.foldingRanges(plan, configuration.client.foldingLimit) : [];
  }),
);

connection.onSelectionRanges((params, token) =>
  guard(connection, 'selection ranges', [], token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.selectionRanges(plan, params.positions) : [];
  }),
);

connection.languages.inlayHint.on((params, token) =>
  guard(connection, 'inlay hints', [], token, () => {
    const plan = configuration.settings.inlayHints ? plans.current(params.textDocument.uri) : undefined;
    return plan ? service.inlayHints(plan, params.range, configuration.defaultReserveFor(params.textDocument.uri)) : [];
  }),
);

connection.onCodeLens((params, token) =>
  guard(connection, 'code lens', [], token, () => {
    const plan = configuration.settings.codeLens ? plans.current(params.textDocument.uri) : undefined;
    const lenses = plan ? service.codeLenses(plan, configuration.defaultReserveFor(params.textDocument.uri)) : [];
    return configuration.client.plainLenses ? lenses : lenses.map((lens) => ({ ...lens, command: { title: lens.command?.title ?? '', command: LENS_COMMAND } }));
  }),
);

// A lens's command: the lens says all there is, so running it does nothing.
connection.onExecuteCommand((params, token) => guard(connection, `command ${params.command}`, null, token, () => null));

connection.onPrepareRename((params, token) =>
  guard(connection, 'prepare rename', null, token, () => {
    const plan = plans.current(params.textDocument.uri);
    return plan ? service.prepareRename(plan, params.position) : null;
  }),
);

connection.onRenameRequest((params, token) =>
  guard(connection, 'rename', null, token, () => {
    const plan = plans.current(params.textDocument.uri);
    if (!plan) return null;
    try {
      return service.rename(plan, params.position, params.newName, params.textDocument.uri);
    } catch (error) {
      if (error instanceof RenameError) return new ResponseError(-32803, error.message);
      throw error;
    }
  }),
);

listenToPlanRequests(connection, service, plans, configuration);

connection.onShutdown(() => {
  lifecycle.shutDown = true;
  checks.shutDown();
});

process.on('uncaughtException', (error) => connection.console.error(`virtplan: unexpected error: ${error.stack ?? error.message}`));

documents.listen(connection);
connection.listen();
