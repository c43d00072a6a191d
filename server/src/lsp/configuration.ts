import type { Connection, InitializeParams } from 'vscode-languageserver';
import { ConfigResolver, mergeSeverities, NO_CONFIG } from '../config/config';
import { DEFAULT_SETTINGS, readSettings, type Settings } from '../settings';
import { uriToPath } from '../workspace';
import { plainLenses } from '../capabilities';

/** What the client said it can do, read from its initialize request. */
export interface ClientCapabilities {
  pullDiagnostics: boolean;
  canReadConfiguration: boolean;
  snippetSupport: boolean;
  /** The client runs `editor.action.triggerSuggest` (initializationOptions.triggerSuggest). */
  triggerSuggest: boolean;
  /** Lenses keep an empty command id (initializationOptions.plainLenses; see capabilities.ts). */
  plainLenses: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
  watchFiles: boolean;
  configurationChanges: boolean;
  workspaceFolders: string[];
  /** The client's own cap on folding ranges, when it names one. */
  foldingLimit: number | undefined;
}

export function readCapabilities(params: InitializeParams): ClientCapabilities {
  const capabilities = params.capabilities;
  const options = params.initializationOptions as { triggerSuggest?: unknown } | undefined;
  return {
    pullDiagnostics: !!capabilities.textDocument?.diagnostic,
    canReadConfiguration: !!capabilities.workspace?.configuration,
    snippetSupport: !!capabilities.textDocument?.completion?.completionItem?.snippetSupport,
    triggerSuggest: options?.triggerSuggest === true,
    plainLenses: plainLenses(params),
    inlayHintRefresh: !!capabilities.workspace?.inlayHint?.refreshSupport,
    codeLensRefresh: !!capabilities.workspace?.codeLens?.refreshSupport,
    watchFiles: !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration,
    configurationChanges: !!capabilities.workspace?.didChangeConfiguration?.dynamicRegistration,
    workspaceFolders: params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []),
    foldingLimit: capabilities.textDocument?.foldingRange?.rangeLimit,
  };
}

/**
 * What the server is told to do: the client's capabilities, the editor settings and the
 * virtplan.config.json of each plan on disk (read once until one changes).
 */
export class ServerConfiguration {
  client: ClientCapabilities = readCapabilities({ capabilities: {}, processId: null, rootUri: null });
  settings: Settings = DEFAULT_SETTINGS;
  readonly configs = new ConfigResolver();

  constructor(private readonly connection: Connection) {}

  /** Pulls the virtplan settings again, when the client can give them. */
  async refreshSettings(): Promise<void> {
    if (!this.client.canReadConfiguration) return;
    try {
      this.settings = readSettings(await this.connection.workspace.getConfiguration('virtplan'));
    } catch (error) {
      this.connection.console.error(`virtplan: cannot read settings: ${String(error)}`);
    }
  }

  /**
   * The settings a client sent with workspace/didChangeConfiguration, read when it cannot be
   * asked for them (Neovim 0.7 answers workspace/configuration without saying it can).
   */
  takePushedSettings(pushed: unknown): void {
    if (this.client.canReadConfiguration || typeof pushed !== 'object' || pushed === null || !Object.hasOwn(pushed, 'virtplan')) return;
    this.settings = readSettings((pushed as { virtplan: unknown }).virtplan);
  }

  /** The largest text checked in the editor, in characters. */
  get maxChars(): number {
    return this.settings.maxFileSizeMB * 1024 * 1024;
  }

  /** The severities for a plan: its configuration file's, then the editor setting for the codes it names. */
  severitiesFor(uri: string) {
    const path = uriToPath(uri);
    return mergeSeverities(path ? this.configs.forPlan(path).config : NO_CONFIG, this.settings.severity);
  }

  /** The reserve of clusters that give none: the plan's configuration file's policy, else 1. */
  defaultReserveFor(uri: string): number {
    const path = uriToPath(uri);
    return (path ? this.configs.forPlan(path).config.policy.failoverReserve : undefined) ?? 1;
  }
}
