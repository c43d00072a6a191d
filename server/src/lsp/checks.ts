import type { Connection } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver-types';
import { Debouncer, lifecycle, safely } from '../server-runtime';
import type { PlanLanguageService } from '../service/language-service';
import { WorkspaceChecker } from '../workspace';
import type { ServerConfiguration } from './configuration';
import type { OpenPlans } from './open-plans';

/**
 * When plans are checked and their diagnostics published: an open plan after each edit (after
 * the validation delay, only its last version), every open plan when settings or
 * configuration files change, and the plans on disk in the workspace mode.
 */
export class Checks {
  private readonly debouncer = new Debouncer();
  /** The version whose diagnostics were last published, per document: no version is published twice. */
  private readonly publishedVersions = new Map<string, number>();
  private readonly workspace: WorkspaceChecker;
  private workspaceChecked = false;

  constructor(
    private readonly connection: Connection,
    private readonly plans: OpenPlans,
    private readonly service: PlanLanguageService,
    private readonly configuration: ServerConfiguration,
  ) {
    this.workspace = new WorkspaceChecker(
      {
        isOpen: (uri) => plans.documents.get(uri) !== undefined,
        check: (uri, text) =>
          safely(connection, 'workspace validation', [], () =>
            service.validate(service.parse(text), { severities: configuration.severitiesFor(uri), defaultReserve: configuration.defaultReserveFor(uri) }),
          ),
        send: (uri, diagnostics) => {
          if (!lifecycle.shutDown) void connection.sendDiagnostics({ uri, diagnostics: diagnostics as never[] });
        },
        log: (message) => connection.console.log(message),
      },
      configuration.maxChars,
    );
  }

  /** The diagnostics of an open plan's current version. */
  diagnosticsOf(uri: string): Diagnostic[] {
    const document = this.plans.documents.get(uri);
    const severities = this.configuration.severitiesFor(uri);
    if (document && this.plans.isTooLarge(document)) return this.service.tooLarge(document.getText(), this.configuration.settings.maxFileSizeMB, severities['file-too-large']);
    const plan = this.plans.current(uri);
    return plan ? this.service.validate(plan, { severities, defaultReserve: this.configuration.defaultReserveFor(uri) }) : [];
  }

  private get pushing(): boolean {
    return !this.configuration.client.pullDiagnostics;
  }

  publish(uri: string, again = false): void {
    const document = this.plans.documents.get(uri);
    if (!document || lifecycle.shutDown || (!again && this.publishedVersions.get(uri) === document.version)) return;
    const diagnostics = safely(this.connection, 'validation', [], () => this.diagnosticsOf(uri));
    this.publishedVersions.set(uri, document.version);
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }

  opened(uri: string): void {
    this.workspace.opened(uri);
    if (this.pushing) this.publish(uri);
  }

  changed(uri: string): void {
    if (this.pushing) this.debouncer.schedule(uri, this.configuration.settings.validationDelay, () => this.publish(uri));
  }

  closed(uri: string): void {
    this.debouncer.cancel(uri);
    this.publishedVersions.delete(uri);
    // In the workspace mode a closed plan keeps its diagnostics, read again from disk.
    if (!this.workspace.closed(uri) && this.pushing) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Every open plan again: its settings or configuration changed. */
  revalidateAll(): void {
    if (lifecycle.shutDown) return;
    if (!this.pushing) void this.connection.languages.diagnostics.refresh();
    else for (const document of this.plans.documents.all()) this.publish(document.uri, true);
  }

  /** Starts or stops checking the plans that are not open, as the setting says. */
  applyWorkspaceSetting(): void {
    const { settings, client } = this.configuration;
    if (settings.workspaceValidation && !this.workspaceChecked) this.workspace.enable(client.workspaceFolders, this.configuration.maxChars);
    else if (!settings.workspaceValidation && this.workspaceChecked) this.workspace.disable();
    this.workspaceChecked = settings.workspaceValidation;
  }

  /** A plan on disk changed, appeared or went away. */
  fileChanged(uri: string, deleted: boolean): void {
    this.workspace.changed(uri, deleted);
  }

  /** A configuration file changed: every plan it may govern is checked again. */
  configurationChanged(): void {
    this.configuration.configs.clear();
    this.revalidateAll();
    this.workspace.recheck();
  }

  shutDown(): void {
    this.debouncer.cancelAll();
    if (this.workspaceChecked) this.workspace.disable();
  }
}
