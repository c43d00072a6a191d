import type { Catalog } from '../catalog/catalog';
import { productCard, renderCardMarkdown } from '../catalog/facts';
import type { Product } from '../catalog/types';
import type { ProductFactsResult } from '../protocol';
import type { PlanModel } from '../model/plan';
import type { Path } from '../json/cursor';

/** The product a place in the plan is about: its host's, for a place in a host, a VM or a cluster node. */
export function productAt(path: Path, model: PlanModel | undefined): Product | undefined {
  if (!model || typeof path[1] !== 'number') return undefined;
  if (path[0] === 'hosts') return model.hosts.find((h) => h.index === path[1])?.product;
  if (path[0] === 'vms') return model.vms.find((v) => v.index === path[1])?.host?.product;
  if (path[0] === 'clusters' && path[2] === 'nodes' && typeof path[3] === 'number') {
    const nodeList = model.clusters.find((c) => c.index === path[1]);
    return nodeList?.nodes.find((n) => n.pointer === `${nodeList.nodesPointer}/${path[3]}`)?.host?.product;
  }
  return undefined;
}

/** The answer to a fact sheet request: the sheet of `product`, and the list to choose from. */
export function factSheet(product: Product | undefined, catalog: Catalog): ProductFactsResult {
  return {
    ...(product ? { sheet: { id: product.id, name: product.name, markdown: renderCardMarkdown(productCard(product, catalog)) } } : {}),
    products: catalog.products().map((p) => ({ id: p.id, name: p.name })),
  };
}
