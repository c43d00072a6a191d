import { clip } from '../util/format';
import { nearest, SUGGESTIONS_PER_PLAN } from '../util/nearest';
import type { Rule } from './rule';

const LISTS = [
  { key: 'hosts', noun: 'host' },
  { key: 'vms', noun: 'VM' },
  { key: 'clusters', noun: 'cluster' },
] as const;

export const namesRules: Rule[] = [
  {
    code: 'duplicate-name',
    check(ctx) {
      for (const { key, noun } of LISTS) {
        const firstIndex = new Map<string, number>();
        for (const item of ctx.model[key]) {
          if (item.name === undefined || item.name === '') continue;
          const first = firstIndex.get(item.name);
          if (first === undefined) {
            firstIndex.set(item.name, item.index);
            continue;
          }
          ctx.report(
            'duplicate-name',
            `${item.pointer}/name`,
            `${noun[0].toUpperCase()}${noun.slice(1)} ${first + 1} is already named "${clip(item.name)}"; ${noun} names must be unique. Rename this ${noun}.`,
          );
        }
      }
    },
  },
  {
    code: 'unknown-host',
    check(ctx) {
      const names = [...ctx.model.hostsByName.keys()];
      let budget = SUGGESTIONS_PER_PLAN;
      for (const vm of ctx.model.vms) {
        if (vm.hostName === undefined || vm.hostName === '' || vm.host) continue;
        const suggestion = budget-- > 0 ? nearest(vm.hostName, names) : undefined;
        ctx.report(
          'unknown-host',
          `${vm.pointer}/host`,
          `No host of this plan is named "${clip(vm.hostName)}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ' Add the host to "hosts" or name one that is there.'),
          suggestion ? { data: { replacement: suggestion } } : {},
        );
      }
    },
  },
  {
    code: 'unknown-cluster-node',
    check(ctx) {
      const names = [...ctx.model.hostsByName.keys()];
      let budget = SUGGESTIONS_PER_PLAN;
      for (const cluster of ctx.model.clusters) {
        for (const node of cluster.nodes) {
          if (node.host || node.name === '') continue;
          const suggestion = budget-- > 0 ? nearest(node.name, names) : undefined;
          ctx.report(
            'unknown-cluster-node',
            node.pointer,
            `Cluster node "${clip(node.name)}" is no host of this plan.` + (suggestion ? ` Did you mean "${suggestion}"?` : ' Add the host to "hosts" or remove the node.'),
            suggestion ? { data: { replacement: suggestion } } : {},
          );
        }
      }
    },
  },
];
