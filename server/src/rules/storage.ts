import { clip } from '../util/format';
import { vmLabel, type ClusterModel, type VmModel } from '../model/plan';
import { defineRule } from './rule';

function clustersOf(vm: VmModel): string {
  const names = vm.host!.clusters.map((c) => (c.name !== undefined ? `"${clip(c.name)}"` : `${c.index + 1}`));
  return names.length === 1 ? `cluster ${names[0]} has` : `clusters ${names.join(', ')} have`;
}

/** Whether every one of the clusters lacks shared storage: a loop, read for each VM of the plan. */
function withoutSharedStorage(clusters: readonly ClusterModel[]): boolean {
  for (let i = 0; i < clusters.length; i++) if (clusters[i].sharedStorage !== false) return false;
  return true;
}

export const storageRules = [
  defineRule({
    code: 'shared-storage-required',
    severity: 'error',
    summary: 'Migration or high availability on a host whose clusters all lack shared storage.',
    checkEachVm(ctx) {
      return (vm) => {
        const host = vm.host;
        const product = host?.product;
        if (!host || !product || host.clusters.length === 0 || !withoutSharedStorage(host.clusters)) return;
        const liveUnsupported = vm.migration === 'live' && !product.features.liveMigration.value;
        if ((vm.migration === 'quick' || vm.migration === 'live') && !liveUnsupported) {
          ctx.report(
            `${vm.pointer}/migration`,
            `${vmLabel(vm)} uses ${vm.migration} migration, which needs storage that every node of the cluster reaches, and ${clustersOf(vm)} "sharedStorage": false. ` +
              'Put the VM on shared storage (SAN, iSCSI) and set sharedStorage to true, or set migration to "none".',
          );
        }
        if (vm.highlyAvailable === true) {
          ctx.report(
            `${vm.pointer}/highlyAvailable`,
            `${vmLabel(vm)} is highly available: another node restarts it after a failure, which needs storage that every node reaches, and ${clustersOf(vm)} "sharedStorage": false. ` +
              'Put the VM on shared storage (SAN, iSCSI) and set sharedStorage to true, or set highlyAvailable to false.',
          );
        }
      };
    },
  }),
];
