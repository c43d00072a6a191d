import type { Connection } from 'vscode-languageserver';
import type { Diagnostic } from 'vscode-languageserver-types';
import { Debouncer, lifecycle, safely } from '../server-runtime';
import type { PlanLanguageService } from '../service/language-service';
import { uriToPath, WorkspaceChecker } from '../workspace';
import type { ServerConfiguration } from './configuration';
import type { OpenPlans } from './open-plans';
import { configDiagnostics, isConfigDocument } from './config-file';

/** How long after a request's answer the check of an edit waits before it starts. */
const QUIET_MS = 15;

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
  /** The plans whose check after an edit has started and not finished. */
  private readonly running = new Set<string>();
  /** Counts the times every plan was checked again for new settings or configuration files. */
  private rechecks = 0;

  constructor(
    private readonly connection: Connection,
    private readonly plans: OpenPlans,
    private readonly service: PlanLanguageService,
    private readonly configuration: ServerConfiguration,
    /** Hints and lenses follow a configuration edited in the editor. */
    private readonly onConfigurationChanged: () => void = () => {},
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
    if (document && isConfigDocument(uri)) return configDiagnostics(uri, document.getText());
    if (document && this.plans.isTooLarge(document)) return this.service.tooLarge(document.getText(), this.configuration.settings.maxFileSizeMB, severities['file-too-large']);
    const plan = this.plans.current(uri);
    if (!plan) return [];
    const diagnostics = this.service.validate(plan, { severities, defaultReserve: this.configuration.defaultReserveFor(uri) });
    this.plans.checked(uri, plan);
    return diagnostics;
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
    if (isConfigDocument(uri)) return this.configEdited(uri);
    this.workspace.opened(uri);
    if (this.pushing) this.publish(uri);
  }

  changed(uri: string): void {
    if (isConfigDocument(uri)) return this.debouncer.schedule(uri, this.configuration.settings.validationDelay, () => this.configEdited(uri));
    if (this.pushing) this.debouncer.schedule(uri, this.configuration.settings.validationDelay, () => this.publishInSteps(uri));
  }

  /**
   * A configuration file open in the editor was opened, edited or closed: the open plans follow
   * its text there, as they follow their own unsaved text, and go back to the file when it closes.
   */
  private configEdited(uri: string): void {
    const path = uriToPath(uri);
    if (path === undefined) return;
    this.configuration.configs.edit(path, this.plans.documents.get(uri)?.getText());
    if (this.pushing) this.publish(uri);
    this.configurationChanged();
    this.onConfigurationChanged();
  }

  /**
   * Whether the plan's diagnostics are still to come for its current version: its check waits
   * for its delay, or runs. A request meanwhile is answered from the last checked model
   * (`OpenPlans.whileTyping`) rather than wait.
   */
  isPending(uri: string): boolean {
    return this.debouncer.isPending(uri) || this.running.has(uri);
  }

  /**
   * The check after an edit, in steps (parse, schema, model, groups of rules, places), each
   * one turn of the event loop: a request that arrives meanwhile is answered between two steps
   * rather than after the whole check, and an edit meanwhile stops the check of the version it
   * replaced (its own check is scheduled).
   */
  private publishInSteps(uri: string): void {
    const document = this.plans.documents.get(uri);
    if (!document || lifecycle.shutDown || this.publishedVersions.get(uri) === document.version) return;
    if (this.plans.isTooLarge(document) || isConfigDocument(uri)) return this.publish(uri);
    const version = document.version;
    // Closed and opened again is another document, even at the same version number. Stale too
    // when settings or configuration changed meanwhile: the check again with them has
    // published already, and this one's severities and reserve are the old ones.
    const rechecks = this.rechecks;
    const stale = () => lifecycle.shutDown || this.plans.documents.get(uri) !== document || document.version !== version || this.rechecks !== rechecks;
    const options = { severities: this.configuration.severitiesFor(uri), defaultReserve: this.configuration.defaultReserveFor(uri) };
    let plan: ReturnType<OpenPlans['current']>;
    let steps: Generator<void, Diagnostic[]> | undefined;
    this.running.add(uri);
    const step = () => {
      if (stale()) return this.running.delete(uri);
      // An editor sends its requests in runs (completion with the keystroke, then quick fixes,
      // highlights...): the check waits until they stop for a moment, rather than start a step
      // (the parse of a large plan is one) that the next of them would wait for.
      const quiet = steps ? 0 : QUIET_MS - (performance.now() - lifecycle.answeredAt);
      if (quiet > 0) return void setTimeout(step, quiet);
      const diagnostics = safely(this.connection, 'validation', [] as Diagnostic[], () => {
        if (!steps) {
          plan = this.plans.current(uri);
          steps = plan ? this.service.validateSteps(plan, options) : undefined;
          return plan ? undefined : [];
        }
        const next = steps.next();
        return next.done ? next.value : undefined;
      });
      if (!diagnostics) return void setImmediate(step);
      this.running.delete(uri);
      if (plan) this.plans.checked(uri, plan);
      this.publishedVersions.set(uri, version);
      void this.connection.sendDiagnostics({ uri, version, diagnostics });
    };
    step();
  }

  closed(uri: string): void {
    this.debouncer.cancel(uri);
    this.publishedVersions.delete(uri);
    if (isConfigDocument(uri)) this.configEdited(uri);
    // In the workspace mode a closed plan keeps its diagnostics, read again from disk.
    if (!this.workspace.closed(uri) && this.pushing) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Every open plan again: its settings or configuration changed. */
  revalidateAll(): void {
    this.rechecks++;
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
