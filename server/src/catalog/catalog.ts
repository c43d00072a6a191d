import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { EditionFamily, EditionId, Fact, Guest, Product, Source } from './types';
import { isObject } from '../util/own';

/**
 * The product facts, loaded from schemas/. This is the only module that reads them; every
 * limit a rule applies comes from here. Adding a product means adding a file to
 * schemas/products/.
 */
export class Catalog {
  private readonly byId: Map<string, Product>;

  constructor(
    products: Product[],
    readonly guests: ReadonlyMap<string, Guest>,
    readonly sources: ReadonlyMap<string, Source>,
    /** The plan schema, schemas/virtplan.schema.json. */
    readonly planSchema: object,
  ) {
    this.byId = new Map(products.map((p) => [p.id, p]));
  }

  product(id: string): Product | undefined {
    return this.byId.get(id);
  }

  products(): Product[] {
    return [...this.byId.values()];
  }

  productIds(): string[] {
    return [...this.byId.keys()];
  }

  guest(id: string): Guest | undefined {
    return this.guests.get(id);
  }
}

/** Finds the schemas/ folder next to the bundle (dist/ or out/test/) or the source tree. */
export function findSchemasDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'products'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`virtplan: no schemas/products folder above ${start}`);
    dir = parent;
  }
}

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

interface RawProduct extends Omit<Product, 'editions' | 'updates' | 'notes'> {
  editions?: string;
  updates?: Product['updates'];
  notes?: Array<Fact<string>>;
}

function loadEditionFamily(dir: string, name: string): EditionFamily {
  const raw = readJson(join(dir, 'editions', `${name}.json`));
  if (!isObject(raw) || !isObject(raw.editions)) throw new Error(`virtplan: editions file ${name}.json has no editions`);
  const editions: EditionFamily['editions'] = {};
  for (const [id, edition] of Object.entries(raw.editions)) {
    editions[id as EditionId] = { ...(edition as object), id } as EditionFamily['editions'][EditionId];
  }
  return { id: String(raw.id), name: String(raw.name), editions };
}

let defaultCatalog: Catalog | undefined;

/** The catalog next to this bundle, read once per process. */
export function loadCatalog(): Catalog {
  return (defaultCatalog ??= readCatalog(findSchemasDir()));
}

/** Reads a catalog folder. The files' shapes are checked by the test suite against schemas/product.schema.json. */
export function readCatalog(dir: string): Catalog {
  const families = new Map<string, EditionFamily>();
  const products = readdirSync(join(dir, 'products'))
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const raw = readJson(join(dir, 'products', file)) as RawProduct;
      if (!isObject(raw) || typeof raw.id !== 'string') throw new Error(`virtplan: product file ${file} has no id`);
      let editions: EditionFamily | undefined;
      if (raw.editions) {
        editions = families.get(raw.editions) ?? loadEditionFamily(dir, raw.editions);
        families.set(raw.editions, editions);
      }
      return { ...raw, editions, updates: raw.updates ?? [], notes: raw.notes ?? [] } as Product;
    });
  const guests = new Map<string, Guest>();
  for (const [id, guest] of Object.entries(readJson(join(dir, 'guests.json')) as Record<string, unknown>)) {
    if (isObject(guest)) guests.set(id, { ...(guest as Omit<Guest, 'id'>), id });
  }
  const sources = new Map<string, Source>();
  for (const [id, source] of Object.entries(readJson(join(dir, 'sources.json')) as Record<string, unknown>)) {
    if (isObject(source)) sources.set(id, { ...(source as Omit<Source, 'id'>), id });
  }
  return new Catalog(products, guests, sources, readJson(join(dir, 'virtplan.schema.json')) as object);
}
