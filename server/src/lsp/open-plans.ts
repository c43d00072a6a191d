import type { TextDocuments } from 'vscode-languageserver';
import type { PlanDocument } from '../document';
import type { PlanLanguageService } from '../service/language-service';
import type { PlanVersion } from '../service/plan-version';

/**
 * The open plans and, for each, the one object of its current version (service/plan-version.ts):
 * parsed at the first request or check that needs it, shared by all of them, replaced by the
 * next version and dropped when the plan is closed.
 */
export class OpenPlans {
  private readonly versions = new Map<string, { version: number; plan: PlanVersion }>();

  constructor(
    readonly documents: TextDocuments<PlanDocument>,
    private readonly service: PlanLanguageService,
    private readonly maxChars: () => number,
  ) {}

  isTooLarge(document: PlanDocument): boolean {
    return document.getText().length > this.maxChars();
  }

  /** The current version of an open plan; undefined for an unknown document or one too large to check. */
  current(uri: string): PlanVersion | undefined {
    const document = this.documents.get(uri);
    if (!document || this.isTooLarge(document)) return undefined;
    const kept = this.versions.get(uri);
    if (kept?.version === document.version) return kept.plan;
    const plan = this.service.parse(document.getText());
    this.versions.set(uri, { version: document.version, plan });
    return plan;
  }

  /** The plan was closed: its version goes with it. */
  closed(uri: string): void {
    this.versions.delete(uri);
  }
}
