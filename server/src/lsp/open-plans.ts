import type { TextDocuments } from 'vscode-languageserver';
import type { PlanDocument } from '../document';
import type { PlanLanguageService } from '../service/language-service';
import { PlanVersion } from '../service/plan-version';
import { textEdited } from '../json/cursor';
import { isConfigDocument } from './config-file';

interface Kept {
  /** The version object of the document version it was made for. */
  version: number;
  plan: PlanVersion;
}

interface OpenPlan {
  /** The text of the version read last, current or provisional. */
  read?: { version: number; text: string };
  current?: Kept;
  /** The latest version whose model is built: what provisional answers read. */
  modelled?: Kept;
  provisional?: Kept;
}

/**
 * The open plans and, for each, the one object of its current version (service/plan-version.ts):
 * parsed at the first request or check that needs it, shared by all of them, replaced by the
 * next version and dropped when the plan is closed.
 */
export class OpenPlans {
  private readonly plans = new Map<string, OpenPlan>();

  constructor(
    readonly documents: TextDocuments<PlanDocument>,
    private readonly service: PlanLanguageService,
    private readonly maxChars: () => number,
  ) {}

  isTooLarge(document: PlanDocument): boolean {
    return document.getText().length > this.maxChars();
  }

  private open(uri: string): OpenPlan {
    let plan = this.plans.get(uri);
    if (!plan) this.plans.set(uri, (plan = {}));
    return plan;
  }

  /** The current version of an open plan; undefined for an unknown document, one too large to check, or a configuration file. */
  current(uri: string): PlanVersion | undefined {
    const document = this.documents.get(uri);
    if (!document || this.isTooLarge(document) || isConfigDocument(uri)) return undefined;
    const open = this.open(uri);
    if (open.current?.version !== document.version) {
      if (open.current?.plan.hasModel) open.modelled = open.current;
      const previous = open.current;
      const text = this.read(open, document);
      // The document's line index: its first lookups read the chunks, not a table of every line.
      const lines = document.lineIndex();
      const plan = previous ? this.service.parseFrom(previous.plan, text, document.changesSince(previous.version), lines) : this.service.parse(text, lines);
      open.current = { version: document.version, plan };
      open.provisional = undefined;
    }
    return open.current.plan;
  }

  /**
   * The document's text, for a new version: the cursor scan's checkpoints in the text read
   * before it still hold up to the first character changed since (json/cursor.ts).
   */
  private read(open: OpenPlan, document: PlanDocument): string {
    const text = document.getText();
    const last = open.read;
    if (last && last.version !== document.version) {
      const changes = document.changesSince(last.version);
      if (changes?.length) textEdited(last.text, text, Math.min(...changes.map((change) => change.offset)));
    }
    open.read = { version: document.version, text };
    return text;
  }

  /** A check has built the model of `plan`: provisional answers read it from now on, and no older one is kept. */
  checked(uri: string, plan: PlanVersion): void {
    const open = this.plans.get(uri);
    if (open?.current?.plan === plan && plan.hasModel) open.modelled = open.current;
  }

  /**
   * The version a request sent right after an edit reads while the check of that edit is still
   * to come (`checkPending`): the new text read against the last version whose model is built
   * (`PlanVersion.provisional`), so that the request does not wait for the parse and the
   * model of the new text. Only when every edit since that version kept the text's shape
   * (`PlanDocument.plainEditsSince`: characters typed inside strings, numbers and words, none
   * of quotes, brackets, commas, colons, comments or line breaks), so the new text has the
   * same keys, strings and containers in the same order, and its places (ranges, the token
   * at the cursor) are read from the new text. What may lag by those edits, until the check
   * has run: the values typed over (a count, a name, a product id) as the model reads them,
   * so the capacity, limits and names a hover or completion shows from them; and whether the
   * text has syntax errors. Otherwise, and with no check to come, the current version.
   */
  whileTyping(uri: string, checkPending: boolean): PlanVersion | undefined {
    const document = this.documents.get(uri);
    const open = this.plans.get(uri);
    if (!document || !open || !checkPending || open.current?.version === document.version || this.isTooLarge(document)) return this.current(uri);
    const basis = open.current?.plan.hasModel ? open.current : open.modelled;
    // Only where every edit since kept the text's shape: its strings, keys and containers.
    if (!basis || basis.version < document.plainEditsSince) return this.current(uri);
    if (open.provisional?.version !== document.version) {
      open.provisional = { version: document.version, plan: PlanVersion.provisional(this.read(open, document), document.lineIndex(), basis.plan) };
    }
    return open.provisional.plan;
  }

  /** The plan was closed: its versions go with it. */
  closed(uri: string): void {
    this.plans.delete(uri);
  }
}
