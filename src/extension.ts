import * as path from 'node:path';
import { commands, languages, LanguageStatusSeverity, type ExtensionContext, type LanguageStatusItem } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerReportView } from './report-view';

const SELECTOR = [{ language: 'virtplan' }];
const RESTARTS_ALLOWED = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

let client: LanguageClient | undefined;

/**
 * Restarts a server that died, a few times within a window; tells the user once if it keeps
 * dying, rather than once per crash.
 */
class RestartingErrorHandler implements ErrorHandler {
  private restarts: number[] = [];

  error(): { action: ErrorAction } {
    return { action: ErrorAction.Continue };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.restarts = this.restarts.filter((at) => now - at < RESTART_WINDOW_MS);
    this.restarts.push(now);
    if (this.restarts.length <= RESTARTS_ALLOWED) return { action: CloseAction.Restart, handled: true };
    // The client shows this message itself, once, when it gives up.
    return {
      action: CloseAction.DoNotRestart,
      handled: false,
      message: 'The virtplan language server stopped several times in a few minutes and was not restarted. Use "virtplan: Restart Server" to start it again.',
    };
  }
}

function statusOf(item: LanguageStatusItem, state: State): void {
  item.text = state === State.Running ? 'virtplan' : state === State.Starting ? 'virtplan: starting' : 'virtplan: stopped';
  item.detail = state === State.Running ? 'checking plans' : undefined;
  item.severity = state === State.Stopped ? LanguageStatusSeverity.Error : LanguageStatusSeverity.Information;
  item.busy = state === State.Starting;
}

export async function activate(context: ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    synchronize: { configurationSection: 'virtplan' },
    initializationOptions: { staticSnippets: true },
    errorHandler: new RestartingErrorHandler(),
  };
  client = new LanguageClient('virtplan', 'virtplan', serverOptions, clientOptions);

  const status = languages.createLanguageStatusItem('virtplan.server', SELECTOR);
  status.name = 'virtplan language server';
  status.command = { title: 'Restart', command: 'virtplan.restartServer' };
  statusOf(status, State.Starting);
  context.subscriptions.push(
    status,
    client.onDidChangeState(({ newState }) => statusOf(status, newState)),
    commands.registerCommand('virtplan.restartServer', async () => {
      if (!client) return;
      await client.restart();
    }),
  );
  registerReportView(context, () => client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
