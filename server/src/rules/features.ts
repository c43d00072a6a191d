import type { HotAddItem } from '../catalog/types';
import { hostLabel } from '../model/plan';
import { successorIf, type Rule } from './rule';
import { own } from '../util/own';

const HOT_ADD_NAMES: Readonly<Record<HotAddItem, string>> = { memory: 'memory', disk: 'disks', nic: 'network adapters', cpu: 'virtual processors' };

export const featureRules: Rule[] = [
  {
    code: 'memory-overcommit-unsupported',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.features?.memoryOvercommit !== true || host.product.features.memoryOvercommit.value) continue;
        ctx.report(
          'memory-overcommit-unsupported',
          `${host.pointer}/features/memoryOvercommit`,
          `${host.product.name} cannot overcommit memory: every VM's memory must fit in the host's. Set memoryOvercommit to false and size the VMs to fit, or plan a product that overcommits.`,
        );
      }
    },
  },
  {
    code: 'page-sharing-unsupported',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.features?.pageSharing !== true || host.product.features.pageSharing.value) continue;
        ctx.report(
          'page-sharing-unsupported',
          `${host.pointer}/features/pageSharing`,
          `${host.product.name} has no transparent page sharing between VMs. Set pageSharing to false and plan each VM's memory in full.`,
        );
      }
    },
  },
  {
    code: 'hot-add-unsupported',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const product = host.product;
        const list = host.features && Array.isArray(host.features.hotAdd) ? host.features.hotAdd : undefined;
        if (!product || !list) continue;
        const supported = product.features.hotAdd.value;
        list.forEach((item, index) => {
          const what = typeof item === 'string' ? own(HOT_ADD_NAMES, item) : undefined;
          if (what === undefined || supported.includes(item as HotAddItem)) return;
          const successor = successorIf(ctx.model, product, (s) => s.features.hotAdd.value.includes(item as HotAddItem));
          const can = supported.length ? `it hot adds only ${supported.map((s) => HOT_ADD_NAMES[s]).join(' and ')}` : 'it hot adds nothing';
          ctx.report(
            'hot-add-unsupported',
            `${host.pointer}/features/hotAdd/${index}`,
            `${hostLabel(host)}: ${product.name} cannot add ${what} to a running VM (${can}). Plan a shutdown to add ${what}${successor ? `, or plan ${successor.name}` : ''}.`,
          );
        });
      }
    },
  },
];
