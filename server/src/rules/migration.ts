import { clip } from '../util/format';
import { clusteringEditions, clusteringOf, productLabel, vmLabel, type HostModel } from '../model/plan';
import { successorIf, type Rule } from './rule';

/** What to say when a host cannot be clustered at all, or undefined when it can. */
function noClusteringReason(host: HostModel): string | undefined {
  const clustering = clusteringOf(host);
  if (!clustering || clustering.supported) return undefined;
  const better = clusteringEditions(host);
  return `${productLabel(host, true)} has no failover clustering` + (better.length ? `; use the ${better.join(' or ')} edition` : '');
}

export const migrationRules: Rule[] = [
  {
    code: 'live-migration-unsupported',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const host = vm.host;
        const product = host?.product;
        if (!host || !product || vm.migration !== 'live' || product.features.liveMigration.value) continue;
        const quick = product.features.quickMigration?.value ?? false;
        const successor = successorIf(ctx.model, product, (s) => s.features.liveMigration.value);
        const fix = quick
          ? `use quick migration in a failover cluster${successor ? `, or plan ${successor.name}` : ''}`
          : `set migration to "none"${successor ? `, or plan ${successor.name}` : ''}`;
        ctx.report('live-migration-unsupported', `${vm.pointer}/migration`, `${product.name} has no live migration${quick ? '' : ' and no quick migration'}; ${fix}.`, {
          data: { replacement: quick ? 'quick' : 'none', product: product.id },
        });
      }
    },
  },
  {
    code: 'migration-requires-cluster',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const host = vm.host;
        if (!host?.product || host.clusters.length > 0) continue;
        const liveUnsupported = vm.migration === 'live' && !host.product.features.liveMigration.value;
        const hostName = host.name ?? `host ${host.index + 1}`;
        const reason = noClusteringReason(host);
        if ((vm.migration === 'quick' || vm.migration === 'live') && !liveUnsupported) {
          ctx.report(
            'migration-requires-cluster',
            `${vm.pointer}/migration`,
            reason
              ? `${vmLabel(vm)} uses ${vm.migration} migration, which needs a failover cluster, but ${reason}. Set migration to "none" or plan another host for it.`
              : `${vmLabel(vm)} uses ${vm.migration} migration, which needs a failover cluster, and host "${clip(hostName)}" is in none. Add the host to a cluster with shared storage.`,
            reason ? { data: { replacement: 'none' } } : {},
          );
        }
        if (vm.highlyAvailable === true) {
          ctx.report(
            'migration-requires-cluster',
            `${vm.pointer}/highlyAvailable`,
            reason
              ? `${vmLabel(vm)} is highly available, which needs a failover cluster, but ${reason}.`
              : `${vmLabel(vm)} is highly available, which needs a failover cluster, and host "${clip(hostName)}" is in none. Add the host to a cluster.`,
          );
        }
      }
    },
  },
];
