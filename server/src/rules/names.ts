import { clip } from '../util/format';
import { nearest, SUGGESTIONS_PER_PLAN } from '../util/nearest';
import { defineRule } from './rule';

const LISTS = [
  { key: 'hosts', noun: 'host' },
  { key: 'vms', noun: 'VM' },
  { key: 'clusters', noun: 'cluster' },
] as const;

/** A hash of a name, for the table of `eachLaterUse` (FNV-1a over the UTF-16 units). */
function hashOf(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Each item whose name an earlier item has, in order, with that first item. The items' places
 * go into a table of numbers made once at twice the list's size: a set of ten thousand names
 * grows its table a dozen times, and the young generation's collector runs sooner for it.
 */
function eachLaterUse<T extends { name?: string }>(items: readonly T[], found: (later: T, first: T) => void): void {
  let size = 16;
  while (size < 2 * items.length) size *= 2;
  const mask = size - 1;
  // The item's place plus one; 0 is an empty slot.
  const slots = new Int32Array(size);
  for (let i = 0; i < items.length; i++) {
    const name = items[i].name;
    if (name === undefined || name === '') continue;
    let slot = hashOf(name) & mask;
    for (;;) {
      const taken = slots[slot];
      if (taken === 0) {
        slots[slot] = i + 1;
        break;
      }
      if (items[taken - 1].name === name) {
        found(items[i], items[taken - 1]);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
}

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
