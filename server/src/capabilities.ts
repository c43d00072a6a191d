import type { InitializeParams, InitializeResult } from 'vscode-languageserver-protocol';

/*
 * The server's answer to `initialize`: plain data from the client's parameters, with no import
 * of the protocol library, so that the command that starts the server can send it before the
 * server is loaded (server/src/early-initialize.ts) and the server sends the same.
 */

/** The kind of the code actions that retarget one host; `context.only` can ask for them. */
export const RETARGET_ACTION_KIND = 'refactor.rewrite.virtplan.retarget';

/**
 * The command of every code lens, for clients that run a lens's command (Neovim's
 * `vim.lsp.codelens.run`, Emacs): a lens only shows its title, so running it does nothing; a
 * command the server declares and answers keeps such a client from warning that it has none.
 */
export const LENS_COMMAND = 'virtplan.lens';

/**
 * Whether the client shows a lens whose command id is empty as plain text that does nothing, as
 * VS Code does (initializationOptions.plainLenses, which the extension sends): such a client
 * gets that, and no command to register.
 */
export function plainLenses(params: Pick<InitializeParams, 'initializationOptions'>): boolean {
  return (params.initializationOptions as { plainLenses?: unknown } | null | undefined)?.plainLenses === true;
}

/** TextDocumentSyncKind.Incremental: an edit sends the changed ranges only. */
const INCREMENTAL_SYNC = 2;

declare const VIRTPLAN_VERSION: string | undefined;

export function initializeResult(params: InitializeParams): InitializeResult {
  const pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
  return {
    capabilities: {
      textDocumentSync: INCREMENTAL_SYNC,
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
      ...(plainLenses(params) ? {} : { executeCommandProvider: { commands: [LENS_COMMAND] } }),
      ...(pullDiagnostics ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
    },
    serverInfo: { name: 'virtplan', version: typeof VIRTPLAN_VERSION === 'string' ? VIRTPLAN_VERSION : undefined },
  };
}
