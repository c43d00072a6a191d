import { fileURLToPath } from 'node:url';
import { ErrorCodes, LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { ProductFactsRequest, ReportRequest, WhatIfRequest, WhatIfTargetsRequest } from '../protocol';
import { reportHtml } from '../report/html';
import { guard } from '../server-runtime';
import type { PlanLanguageService } from '../service/language-service';
import { TargetError } from '../service/whatif';
import type { ServerConfiguration } from './configuration';
import type { OpenPlans } from './open-plans';

/** A document's path as a planner reads it: the file path, or the URI of an unsaved one. */
function displayPath(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/** The virtplan requests of protocol.ts: what-if, the capacity report and the product facts. */
export function listenToPlanRequests(connection: Connection, service: PlanLanguageService, plans: OpenPlans, configuration: ServerConfiguration): void {
  connection.onRequest(WhatIfTargetsRequest, (_params, token) => guard(connection, 'what-if targets', [], token, () => service.whatIfTargets()));

  connection.onRequest(WhatIfRequest, (params, token) => {
    const plan = plans.current(params.textDocument.uri);
    if (!plan) return new ResponseError(ErrorCodes.InvalidParams, `${params.textDocument.uri} is not an open plan, or is too large to check.`);
    if (token.isCancellationRequested) return new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const name = params.textDocument.uri.slice(params.textDocument.uri.lastIndexOf('/') + 1);
    let label = name;
    try {
      label = decodeURIComponent(name);
    } catch {
      // A malformed escape: show the name as it is.
    }
    const hosts = Array.isArray(params.hosts) ? params.hosts.filter((h): h is string => typeof h === 'string') : undefined;
    try {
      if (typeof params.to !== 'string') throw new TargetError('"to" must be a product id, or PRODUCT:EDITION.');
      return service.whatIf(plan, params.to, label, { ...(hosts ? { hosts } : {}), severities: configuration.severitiesFor(params.textDocument.uri), defaultReserve: configuration.defaultReserveFor(params.textDocument.uri) });
    } catch (error) {
      if (error instanceof TargetError) return new ResponseError(ErrorCodes.InvalidParams, error.message);
      connection.console.error(`virtplan: what-if failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      return new ResponseError(ErrorCodes.InternalError, 'the what-if check failed; see the virtplan server log.');
    }
  });

  connection.onRequest(ReportRequest, (params, token) =>
    guard(connection, 'report', { html: null }, token, () => {
      const plan = typeof params.uri === 'string' ? plans.current(params.uri) : undefined;
      if (!plan) return { html: null };
      const report = service.report(plan, displayPath(params.uri), { severities: configuration.severitiesFor(params.uri), defaultReserve: configuration.defaultReserveFor(params.uri) });
      const command = params.revealCommand;
      const lineLink = command ? (_: unknown, line: number) => `command:${command}?${encodeURIComponent(JSON.stringify([params.uri, line - 1]))}` : undefined;
      return { html: reportHtml([report], { theme: 'vscode', lineLink, head: typeof params.head === 'string' ? params.head : undefined }) };
    }),
  );

  connection.onRequest(ProductFactsRequest, (params, token) =>
    guard(connection, 'product facts', { products: [] }, token, () => {
      const uri = params.textDocument?.uri;
      const plan = typeof uri === 'string' ? plans.current(uri) : undefined;
      const position = params.position;
      const at = position && Number.isInteger(position.line) && Number.isInteger(position.character) ? position : undefined;
      return service.productFacts(typeof params.product === 'string' ? params.product : undefined, plan, at);
    }),
  );
}
