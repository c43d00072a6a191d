import { clip } from '../util/format';
import { nearest, SUGGESTIONS_PER_PLAN } from '../util/nearest';
import { defineRule } from './rule';
import { eachLaterUse } from '../util/later-uses';

const LISTS = [
  { key: 'hosts', noun: 'host' },
  { key: 'vms', noun: 'VM' },
  { key: 'clusters', noun: 'cluster' },
] as const;

export const namesRules = [
  defineRule({
    code: 'unknown-product',
    severity: 'error',
    summary: 'A host names a product that is not in the catalog.',
    fixes: { replace: (v) => `Change to ${v}` },
    check(ctx) {
      const ids = ctx.model.catalog.productIds();
      for (const host of ctx.model.hosts) {
        if (host.productId === undefined || host.product) continue;
        const suggestion = nearest(host.productId, ids);
        ctx.report(
          `${host.pointer}/product`,
          `"${clip(host.productId)}" is not a product in the catalog.` +
            (suggestion ? ` Did you mean "${suggestion}"?` : '') +
            ` Known products: ${ids.join(', ')} (see \`virtplan facts\`).`,
          suggestion ? { data: { replacement: suggestion } } : {},
        );
      }
    },
  }),
  defineRule({
    code: 'duplicate-name',
    severity: 'error',
    summary: 'A host, VM or cluster name is used twice.',
    check(ctx) {
      for (const { key, noun } of LISTS) {
        const items: ReadonlyArray<{ name?: string; index: number; pointer: string }> = ctx.model[key];
        eachLaterUse(items, (item, first) =>
          ctx.report(
            `${item.pointer}/name`,
            `${noun[0].toUpperCase()}${noun.slice(1)} ${first.index + 1} is already named "${clip(item.name!)}"; ${noun} names must be unique. Rename this ${noun}.`,
          ),
        );
      }
    },
  }),
  defineRule({
    code: 'unknown-host',
    severity: 'error',
    summary: "A VM's host names no host of the plan.",
    fixes: { replace: (v) => `Change to ${v}` },
    checkEachVm(ctx) {
      let names: string[] | undefined;
      let budget = SUGGESTIONS_PER_PLAN;
      return (vm) => {
        if (vm.hostName === undefined || vm.hostName === '' || vm.host) return;
        const suggestion = budget-- > 0 ? nearest(vm.hostName, (names ??= [...ctx.model.hostsByName.keys()])) : undefined;
        ctx.report(
          `${vm.pointer}/host`,
          `No host of this plan is named "${clip(vm.hostName)}".` + (suggestion ? ` Did you mean "${suggestion}"?` : ' Add the host to "hosts" or name one that is there.'),
          suggestion ? { data: { replacement: suggestion } } : {},
        );
      };
    },
  }),
  defineRule({
    code: 'unknown-cluster-node',
    severity: 'error',
    summary: 'A cluster node names no host of the plan.',
    fixes: { replace: (v) => `Change to ${v}` },
    check(ctx) {
      const names = [...ctx.model.hostsByName.keys()];
      let budget = SUGGESTIONS_PER_PLAN;
      for (const cluster of ctx.model.clusters) {
        for (const node of cluster.nodes) {
          if (node.host || node.name === '') continue;
          const suggestion = budget-- > 0 ? nearest(node.name, names) : undefined;
          ctx.report(
            node.pointer,
            `Cluster node "${clip(node.name)}" is no host of this plan.` + (suggestion ? ` Did you mean "${suggestion}"?` : ' Add the host to "hosts" or remove the node.'),
            suggestion ? { data: { replacement: suggestion } } : {},
          );
        }
      }
    },
  }),
];
