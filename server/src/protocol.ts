/**
 * The custom requests between the VS Code client and the server. Both bundles import this
 * file, so the method names and shapes cannot drift apart.
 */

/** The scheme of the fact sheets the VS Code client shows: `virtplan-facts:/hyperv-2008.md`, read-only. */
export const FACTS_SCHEME = 'virtplan-facts';

/** `virtplan/productFacts`: a product's full fact sheet as Markdown. */
export const PRODUCT_FACTS_REQUEST = 'virtplan/productFacts';

export interface ProductFactsParams {
  /** A catalog id. Without it, the product of the host at `position` in the document. */
  product?: string;
  textDocument?: { uri: string };
  position?: { line: number; character: number };
}

export interface ProductFactsResult {
  /** The sheet, when a product was named or found at the position. */
  sheet?: { id: string; name: string; markdown: string };
  /** Every product of the catalog, to choose from when none was found. */
  products: Array<{ id: string; name: string }>;
}
