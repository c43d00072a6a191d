import { clip } from '../util/format';
import { clusteringEditions, clusteringOf, productLabel, wholePointer } from '../model/plan';
import { defineRule, type ClusterPlace } from './rule';

/** The fewest nodes any of the cluster's hosts allows: a hover on the node list or a node. */
function nodeLimit({ cluster }: ClusterPlace): string[] {
  const limits = (cluster?.nodes ?? []).map((n) => (n.host ? clusteringOf(n.host) : undefined)).filter((c) => c?.maxNodes !== undefined);
  return limits.length ? [`Clusters of these hosts take up to ${Math.min(...limits.map((c) => c!.maxNodes!))} nodes.`] : [];
}

export const clusterRules = [
  defineRule({
    code: 'clustering-unsupported',
    severity: 'error',
    summary: 'A cluster node whose product or edition has no failover clustering.',
    check(ctx) {
      for (const cluster of ctx.model.clusters) {
        for (const node of cluster.nodes) {
          const host = node.host;
          const clustering = host ? clusteringOf(host) : undefined;
          if (!host || !clustering || clustering.supported) continue;
          const better = clusteringEditions(host);
          ctx.report(
            node.pointer,
            `Host "${clip(node.name)}" runs ${productLabel(host, true)}, which has no failover clustering. ` +
              (better.length ? `Use the ${better.join(' or ')} edition, or take the host out of the cluster.` : 'Take the host out of the cluster, or plan a product with clustering.'),
          );
        }
      }
    },
  }),
  defineRule({
    code: 'cluster-mixed-products',
    severity: 'error',
    summary: 'A cluster whose nodes run different products.',
    check(ctx) {
      for (const cluster of ctx.model.clusters) {
        const products = new Map<string, string[]>();
        for (const node of cluster.nodes) {
          const product = node.host?.product;
          if (!product) continue;
          const names = products.get(product.id);
          if (names) names.push(node.name);
          else products.set(product.id, [node.name]);
        }
        if (products.size <= 1) continue;
        const list = [...products].map(([id, nodes]) => `${ctx.model.catalog.product(id)!.name} (${nodes.join(', ')})`).join(', ');
        ctx.report(
          wholePointer(cluster),
          `Cluster "${clip(String(cluster.name ?? cluster.index + 1))}" mixes products: ${list}. A cluster's nodes must all run the same product; split the cluster or move its hosts to one product.`,
        );
      }
    },
  }),
  defineRule({
    code: 'cluster-too-many-nodes',
    severity: 'error',
    summary: "A cluster with more nodes than the product's clustering allows.",
    explain: {
      'clusters.*.nodes': nodeLimit,
      'clusters.*.nodes.*': nodeLimit,
    },
    check(ctx) {
      for (const cluster of ctx.model.clusters) {
        let limit: { nodes: number; label: string } | undefined;
        for (const node of cluster.nodes) {
          const maxNodes = node.host ? clusteringOf(node.host)?.maxNodes : undefined;
          if (maxNodes !== undefined && (!limit || maxNodes < limit.nodes)) limit = { nodes: maxNodes, label: productLabel(node.host!, true) };
        }
        const count = cluster.nodes.length;
        if (!limit || count <= limit.nodes) continue;
        ctx.report(
          cluster.nodesPointer,
          `Cluster "${clip(String(cluster.name ?? cluster.index + 1))}" has ${count} nodes; ${limit.label} clusters at most ${limit.nodes}. Split it into clusters of ${limit.nodes} or fewer.`,
          { data: { limit: limit.nodes } },
        );
      }
    },
  }),
];
