import type { FailoverResult } from '../model/capacity';
import { clip, fmtPositive, listed } from '../util/format';
import { productLabel, wholePointer, type ClusterModel } from '../model/plan';
import { defineRule, fmt, plural } from './rule';

function clusterLabel(cluster: ClusterModel): string {
  return cluster.name !== undefined ? `Cluster "${clip(cluster.name)}"` : `Cluster ${cluster.index + 1}`;
}

/** Why the VMs stay down and the way out, in the planner's terms. */
function explain(cluster: ClusterModel, failover: FailoverResult, overcommits: boolean): string {
  const host = cluster.nodes.find((n) => n.host?.product)?.host;
  const product = host ? productLabel(host) : 'the product';
  if (failover.failedNodes.length === cluster.nodes.filter((n) => n.host).length) {
    return `No node is left to restart them. Add ${failover.reserve === 1 ? 'a node' : 'nodes'}, or lower the cluster's reserve.`;
  }
  if (failover.memoryBlocked && !overcommits) {
    const reserve = host?.product?.host.reservedMemoryGB?.value;
    return (
      `${product} has no memory overcommit, and the other nodes lack the memory: what the product and edition can use` +
      (reserve ? `, less ${fmt(reserve)} GB each for the host,` : '') +
      ' less their own VMs. Add memory to the nodes, add a node, or make fewer VMs highly available.'
    );
  }
  return `The other nodes are at ${product}'s limit of VMs per host. Add a node, or make fewer VMs highly available.`;
}

export const failoverRules = [
  defineRule({
    code: 'cluster-failover-capacity',
    severity: 'warning',
    summary: "A cluster cannot restart the highly available VMs of its reserved number of failed nodes on the others.",
    check(ctx) {
      const { clusters } = ctx.capacity;
      ctx.model.clusters.forEach((cluster, i) => {
        const failover = clusters[i].failover;
        if (!failover || failover.ok || failover.reserve < 1) return;
        const nodes = cluster.nodes.filter((n) => n.host);
        const overcommits = nodes.every((n) => n.host?.product?.features.memoryOvercommit.value === true);
        const loss = plural(failover.reserve, 'node');
        const down = failover.failedNodes.length === 1 ? `${clip(failover.failedNodes[0])} down` : `${listed(failover.failedNodes)} down`;
        const count = failover.unplacedVms.length;
        const message =
          `${clusterLabel(cluster)} does not survive the loss of ${loss}: with ${down}, ${plural(count, 'highly available VM')} (${fmtPositive(failover.shortfallGB)} GB) ` +
          `would not restart: ${listed(failover.unplacedVms)}. ${explain(cluster, failover, overcommits)}` +
          (failover.exact ? '' : ' (With this many nodes, only the likeliest worst sets of failed nodes were tried.)');
        ctx.report(wholePointer(cluster), message, {
          ...(overcommits ? { severity: 'information' as const } : {}),
          data: { shortfallGB: failover.shortfallGB, unplacedVms: count, failedNodes: failover.failedNodes, reserve: failover.reserve },
        });
      });
    },
  }),
];
