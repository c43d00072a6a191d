import { clip } from '../util/format';
import { clusteringEditions, clusteringOf, productLabel, vmLabel, type HostModel } from '../model/plan';
import { basisOf, hostTitle, productName, yesNo } from './explain';
import { defineRule, successorIf } from './rule';

/** What to say when a host cannot be clustered at all, or undefined when it can. */
function noClusteringReason(host: HostModel): string | undefined {
  const clustering = clusteringOf(host);
  if (!clustering || clustering.supported) return undefined;
  const better = clusteringEditions(host);
  return `${productLabel(host, true)} has no failover clustering` + (better.length ? `; use the ${better.join(' or ')} edition` : '');
}

export const migrationRules = [
  defineRule({
    code: 'live-migration-unsupported',
    severity: 'error',
    summary: 'Live migration on a product without it.',
    explain: {
      'vms.*.migration': ({ host }) => {
        if (!host.product) return [];
        const f = host.product.features;
        return [`${host.product.name}: live migration ${yesNo(f.liveMigration.value)}${basisOf(f.liveMigration)}; quick migration ${yesNo(f.quickMigration?.value ?? f.clustering.value)}${basisOf(f.quickMigration)}.`];
      },
    },
    fixes: { replace: (v) => (v === '"quick"' ? 'Use quick migration' : `Set migration to ${v}`) },
    checkEachVm(ctx) {
      return (vm) => {
        const host = vm.host;
        const product = host?.product;
        if (!host || !product || vm.migration !== 'live' || product.features.liveMigration.value) return;
        const quick = product.features.quickMigration?.value ?? false;
        const successor = successorIf(ctx.model, product, (s) => s.features.liveMigration.value);
        const fix = quick
          ? `use quick migration in a failover cluster${successor ? `, or plan ${successor.name}` : ''}`
          : `set migration to "none"${successor ? `, or plan ${successor.name}` : ''}`;
        ctx.report(`${vm.pointer}/migration`, `${product.name} has no live migration${quick ? '' : ' and no quick migration'}; ${fix}.`, {
          data: { replacement: quick ? 'quick' : 'none', product: product.id },
        });
      };
    },
  }),
  defineRule({
    code: 'migration-requires-cluster',
    severity: 'error',
    summary: 'Migration or high availability on a host that is in no cluster.',
    explain: {
      'vms.*.migration': (place) => {
        const { host, planText } = place;
        if (!host.product) return [];
        return [`${hostTitle(place)} is in ${host.clusters.length ? `cluster ${host.clusters.map((c) => `"${planText(c.name ?? c.index + 1)}"`).join(', ')}` : 'no cluster'}.`];
      },
      'vms.*.highlyAvailable': (place) => {
        const clustering = clusteringOf(place.host);
        return clustering ? [`${productName(place, !!place.host.edition)}: failover clustering ${yesNo(clustering.supported)}. ${hostTitle(place)} is in ${place.host.clusters.length ? 'a cluster' : 'no cluster'}.`] : [];
      },
    },
    fixes: { replace: (v) => `Set migration to ${v}` },
    checkEachVm(ctx) {
      return (vm) => {
        const host = vm.host;
        if (!host?.product || host.clusters.length > 0) return;
        const liveUnsupported = vm.migration === 'live' && !host.product.features.liveMigration.value;
        const hostName = host.name ?? `host ${host.index + 1}`;
        const reason = noClusteringReason(host);
        if ((vm.migration === 'quick' || vm.migration === 'live') && !liveUnsupported) {
          ctx.report(
            `${vm.pointer}/migration`,
            reason
              ? `${vmLabel(vm)} uses ${vm.migration} migration, which needs a failover cluster, but ${reason}. Set migration to "none" or plan another host for it.`
              : `${vmLabel(vm)} uses ${vm.migration} migration, which needs a failover cluster, and host "${clip(hostName)}" is in none. Add the host to a cluster with shared storage.`,
            reason ? { data: { replacement: 'none' } } : {},
          );
        }
        if (vm.highlyAvailable === true) {
          ctx.report(
            `${vm.pointer}/highlyAvailable`,
            reason
              ? `${vmLabel(vm)} is highly available, which needs a failover cluster, but ${reason}. Set highlyAvailable to false or plan another host for it.`
              : `${vmLabel(vm)} is highly available, which needs a failover cluster, and host "${clip(hostName)}" is in none. Add the host to a cluster.`,
          );
        }
      };
    },
  }),
];
