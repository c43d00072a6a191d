import * as path from 'node:path';
import { commands, languages, LanguageStatusSeverity, Uri, type ExtensionContext, type LanguageStatusItem } from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type Message,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { registerReportView } from './report-view';
import { CrashPolicy } from './crash-policy';
import { registerDocCommands, ruleLinkMiddleware } from './docs';
import { registerWhatIf } from './whatif';

const SELECTOR = [{ language: 'virtplan' }];

let client: LanguageClient | undefined;

/** vscode-languageclient's side of CrashPolicy: its decisions as the client's actions. */
class RestartingErrorHandler implements ErrorHandler {
  private readonly policy = new CrashPolicy(() => client?.serverProcess);

  error(error: Error, _message: Message | undefined, count: number | undefined): ErrorHandlerResult {
    const decision = this.policy.onError(error, count);
    return { action: decision.shutdown ? ErrorAction.Shutdown : ErrorAction.Continue, message: decision.message, handled: !decision.tell };
  }

  closed(): CloseHandlerResult {
    const decision = this.policy.onClosed();
    return { action: decision.restart ? CloseAction.Restart : CloseAction.DoNotRestart, message: decision.message, handled: !decision.tell };
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
  const rulesDoc = Uri.file(context.asAbsolutePath(path.join('docs', 'rules.md')));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: SELECTOR,
    initializationOptions: { triggerSuggest: true, plainLenses: true },
    errorHandler: new RestartingErrorHandler(),
    middleware: ruleLinkMiddleware(rulesDoc),
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
    ...registerDocCommands(rulesDoc, () => client),
  );
  registerWhatIf(context, () => client);
  registerReportView(context, () => client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
