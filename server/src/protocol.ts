/**
 * The requests virtplan adds to LSP, shared by the language server and the VS Code client (and
 * bundled into both), so that any other client can call them too. Plain data only: this file
 * must not import anything from the server or from `vscode`.
 */
import { RequestType, type Range, type TextDocumentIdentifier } from 'vscode-languageserver-protocol';

/** A product a plan can be retargeted to, as a picker shows it. */
export interface WhatIfTargetInfo {
  id: string;
  name: string;
  /** The release date or year, as the catalog gives it. */
  released: string;
  kind: 'hypervisor' | 'hosted';
  role: 'server' | 'desktop';
  editions: Array<{ id: string; name: string }>;
}

/** `virtplan/whatIfTargets`: the products of the catalog, in catalog order. */
export const WhatIfTargetsRequest = new RequestType<Record<string, never> | null, WhatIfTargetInfo[], void>('virtplan/whatIfTargets');

export interface WhatIfParams {
  textDocument: TextDocumentIdentifier;
  /** `PRODUCT` or `PRODUCT:EDITION`, as `virtplan whatif --to` takes it. */
  to: string;
  /** Host names to move; every host when absent. */
  hosts?: string[];
}

/** A diagnostic as `virtplan check --format json` prints it, located in the unchanged document. */
export interface WhatIfDiagnostic {
  code: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  message: string;
  pointer: string;
  range: Range;
}

export interface WhatIfNote {
  from: string;
  fromName: string;
  hosts: string[];
  note: string;
  sources?: string[];
  confidence?: string;
}

export interface WhatIfResponse {
  to: string;
  /** The target in words, e.g. "Hyper-V on Windows Server 2008 R2 (Enterprise)". */
  label: string;
  summary: string;
  /** Names (or `hosts[N]`) of the hosts that change product or edition. */
  moved: string[];
  /** Names in the request's `hosts` that no host of the plan has. */
  unmatched: string[];
  fixed: WhatIfDiagnostic[];
  introduced: WhatIfDiagnostic[];
  kept: WhatIfDiagnostic[];
  notes: WhatIfNote[];
  /** The whole answer as plain text, with the places in it that link to the plan. */
  preview: { text: string; links: Array<{ range: Range; target: Range }> };
}

/**
 * `virtplan/whatIf`: the open plan checked as if its hosts ran another product. An unknown
 * product or edition is an InvalidParams error whose message suggests the nearest id.
 */
export const WhatIfRequest = new RequestType<WhatIfParams, WhatIfResponse, void>('virtplan/whatIf');

export { RETARGET_ACTION_KIND } from './capabilities';

/** The scheme of the fact sheets the VS Code client shows: `virtplan-facts:/hyperv-2008.md`, read-only. */
export const FACTS_SCHEME = 'virtplan-facts';

export interface ProductFactsParams {
  /** A catalog id. Without it, the product of the host at `position` in the document. */
  product?: string;
  textDocument?: TextDocumentIdentifier;
  position?: { line: number; character: number };
}

export interface ProductFactsResult {
  /** The sheet, when a product was named or found at the position. */
  sheet?: { id: string; name: string; markdown: string };
  /** Every product of the catalog, to choose from when none was found. */
  products: Array<{ id: string; name: string }>;
}

/** `virtplan/productFacts`: a product's full fact sheet as Markdown, or the products to choose from. */
export const ProductFactsRequest = new RequestType<ProductFactsParams, ProductFactsResult, void>('virtplan/productFacts');

export interface ReportParams {
  uri: string;
  /**
   * The command each diagnostic's line links to, called with `[uri, zero-based line]` through a
   * `command:` URI; no links when absent.
   */
  revealCommand?: string;
  /** Extra `<head>` content, such as the webview's Content Security Policy. */
  head?: string;
}

export interface ReportResult {
  /** Null when the document is not an open plan, or too large to check in the editor. */
  html: string | null;
}

/** `virtplan/report`: the capacity report of an open plan as an HTML page in the editor's theme. */
export const ReportRequest = new RequestType<ReportParams, ReportResult, void>('virtplan/report');
export const REPORT_REQUEST = ReportRequest.method;
