import type { Catalog } from '../catalog/catalog';
import { capacityOf, type CapacityModel } from '../model/capacity';
import { buildModel, type PlanModel } from '../model/plan';
import type { ParsedPlan, SyntaxProblem } from '../json/parse';
import type { Places } from '../json/tolerant';
import type { Retyped } from '../json/reparse';
import type { LineIndex } from '../json/text';

interface ReadFrom extends Retyped {
  previous: PlanVersion;
}

/** How a version's model is made from its value: `buildModel`, or a wrapper that counts. */
export type ModelBuilder = (value: unknown, catalog: Catalog) => PlanModel | undefined;

/**
 * One version of a plan document and everything read from it: the text, the parsed value, the
 * line index, the model, the capacity for each default reserve, and whatever a feature derives
 * (name places, diagnostics, retarget actions), each made at most once and dropped with the
 * version. Validation and every feature read the same object, so no feature computes again
 * what another has.
 *
 * A version is a `ParsedPlan`, so the JSON-level functions take it as they are. A plain
 * `ParsedPlan` handed to a feature gets a version of its own for that call (`PlanVersion.of`),
 * which shares nothing: the server and the CLI make one version per text and pass it along.
 */
export class PlanVersion implements ParsedPlan {
  // The parsed plan's fields, copied whole by the constructor (declared here for their types).
  declare readonly text: string;
  declare readonly source: string;
  declare readonly value: unknown;
  declare readonly syntaxErrors: readonly SyntaxProblem[];
  declare readonly lines: LineIndex;
  declare readonly keysStoredTwice?: number;
  declare readonly places?: Places;
  // Private fields: a copy made with `{ ...version, value }` (a what-if plan) takes none of them.
  #model: PlanModel | null | undefined;
  readonly #capacity = new Map<number, CapacityModel>();
  readonly #derived = new Map<string, unknown>();
  readonly #catalog: Catalog;
  readonly #build: ModelBuilder;
  readonly #basis: PlanVersion | undefined;
  #readFrom: ReadFrom | undefined;

  constructor(parsed: ParsedPlan, catalog: Catalog, build: ModelBuilder = buildModel, basis?: PlanVersion) {
    // Every field the parse gave, so none added to ParsedPlan is left behind (a version
    // without the places of a broken plan's parse would locate by reading the text again).
    Object.assign(this, parsed);
    this.#catalog = catalog;
    this.#build = build;
    this.#basis = basis;
  }

  /** The version itself when it is one for this catalog, else a version of its own. */
  static of(parsed: ParsedPlan, catalog: Catalog): PlanVersion {
    return parsed instanceof PlanVersion && parsed.#catalog === catalog ? parsed : new PlanVersion(parsed, catalog);
  }

  /**
   * A new text read against an earlier version, for answers that cannot wait for the new text
   * to be parsed: places (offsets, ranges, the token under the cursor) come from the new text;
   * the value, the model and what is derived from them are the earlier version's, and may lag
   * behind the text by the edits in between. Whether the text has syntax errors is the earlier
   * version's answer too.
   */
  static provisional(text: string, lines: LineIndex, basis: PlanVersion): PlanVersion {
    const source = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    const parsed: ParsedPlan = { text, source, value: basis.value, syntaxErrors: basis.syntaxErrors, lines };
    return new PlanVersion(parsed, basis.#catalog, basis.#build, basis);
  }

  /** True for a version whose value and model are an earlier text's (see `provisional`). */
  get isProvisional(): boolean {
    return this.#basis !== undefined;
  }

  get catalog(): Catalog {
    return this.#catalog;
  }

  /** The rules' view of the plan; undefined when the value is not an object. */
  get model(): PlanModel | undefined {
    if (this.#basis) return this.#basis.model;
    if (this.#model === undefined) this.#model = this.#build(this.value, this.#catalog) ?? null;
    return this.#model ?? undefined;
  }

  /** Whether the model has been built (a provisional version reads its basis's). */
  get hasModel(): boolean {
    return this.#basis ? this.#basis.hasModel : this.#model !== undefined;
  }

  /**
   * Notes that this version was read from `previous` by retyping one value, so that its check
   * can start from the earlier version's (service/incremental.ts). Only the newest version
   * keeps such a note: the earlier one's goes, so no chain of versions is kept alive.
   */
  readFrom(previous: PlanVersion, retyped: Retyped): void {
    previous.#readFrom = undefined;
    this.#readFrom = { previous, ...retyped };
  }

  /** The note of `readFrom`, given once: the check that takes it keeps no earlier version. */
  takeReadFrom(): (Retyped & { previous: PlanVersion }) | undefined {
    const from = this.#readFrom;
    this.#readFrom = undefined;
    return from;
  }

  /**
   * The model of this version handed on to a later one whose check updates it in place: this
   * version forgets it (a later read of its model builds it again from its value). Undefined
   * when the model is not built or is a basis's.
   */
  handOverModel(): PlanModel | undefined {
    if (this.#basis || !this.#model) return undefined;
    const model = this.#model;
    this.#model = undefined;
    return model;
  }

  /** The capacity made for a default reserve, if it has been. */
  keptCapacity(defaultReserve: number): CapacityModel | undefined {
    return this.#basis ? undefined : this.#capacity.get(defaultReserve);
  }

  /** Sets the model and the capacity (for one default reserve) that a check made from an earlier version's. */
  adopt(model: PlanModel, defaultReserve: number, capacity: CapacityModel | undefined): void {
    this.#model = model;
    this.#capacity.clear();
    if (capacity) this.#capacity.set(defaultReserve, capacity);
  }

  /** How full each host is and each cluster's failover result, for clusters that give no reserve of their own. */
  capacity(defaultReserve = 1): CapacityModel | undefined {
    if (this.#basis) return this.#basis.capacity(defaultReserve);
    const model = this.model;
    if (!model) return undefined;
    let capacity = this.#capacity.get(defaultReserve);
    if (!capacity) this.#capacity.set(defaultReserve, (capacity = capacityOf(model, { defaultReserve })));
    return capacity;
  }

  /**
   * What a feature reads from this version, made at the first call for `key` and kept with
   * the version. The key names the feature and every input besides the version.
   */
  derived<T>(key: string, make: () => T): T {
    if (this.#derived.has(key)) return this.#derived.get(key) as T;
    const made = make();
    this.#derived.set(key, made);
    return made;
  }

  /** What was derived for `key`, if it has been. */
  kept<T>(key: string): T | undefined {
    return this.#derived.get(key) as T | undefined;
  }

  /** Forgets something derived: an answer that was cut short is not kept. */
  forget(key: string): void {
    this.#derived.delete(key);
  }
}
