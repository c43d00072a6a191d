import type { HotAddItem } from '../catalog/types';
import { hostLabel } from '../model/plan';
import { basisOf, yesNo } from './explain';
import { defineRule, successorIf } from './rule';
import { own } from '../util/own';

const HOT_ADD_NAMES: Readonly<Record<HotAddItem, string>> = { memory: 'memory', disk: 'disks', nic: 'network adapters', cpu: 'virtual processors' };

export const featureRules = [
  defineRule({
    code: 'memory-overcommit-unsupported',
    severity: 'error',
    summary: 'The plan relies on memory overcommit, which the product lacks.',
    explain: {
      'hosts.*.features.memoryOvercommit': ({ host }) =>
        host.product ? [`${host.product.name}: memory overcommit ${yesNo(host.product.features.memoryOvercommit.value)}${basisOf(host.product.features.memoryOvercommit)}.`] : [],
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.features?.memoryOvercommit !== true || host.product.features.memoryOvercommit.value) continue;
        ctx.report(
          `${host.pointer}/features/memoryOvercommit`,
          `${host.product.name} cannot overcommit memory: every VM's memory must fit in the host's. Set memoryOvercommit to false and size the VMs to fit, or plan a product that overcommits.`,
        );
      }
    },
  }),
  defineRule({
    code: 'page-sharing-unsupported',
    severity: 'error',
    summary: 'The plan relies on transparent page sharing, which the product lacks.',
    explain: {
      'hosts.*.features.pageSharing': ({ host }) =>
        host.product ? [`${host.product.name}: transparent page sharing ${yesNo(host.product.features.pageSharing.value)}${basisOf(host.product.features.pageSharing)}.`] : [],
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.features?.pageSharing !== true || host.product.features.pageSharing.value) continue;
        ctx.report(
          `${host.pointer}/features/pageSharing`,
          `${host.product.name} has no transparent page sharing between VMs. Set pageSharing to false and plan each VM's memory in full.`,
        );
      }
    },
  }),
  defineRule({
    code: 'hot-add-unsupported',
    severity: 'error',
    summary: 'The plan hot adds a device the product cannot hot add.',
    explain: {
      'hosts.*.features.hotAdd': ({ host }) => {
        const fact = host.product?.features.hotAdd;
        return fact ? [`${host.product!.name} hot adds ${fact.value.length ? fact.value.join(', ') : 'nothing'}${basisOf(fact)}.`] : [];
      },
    },
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
            `${host.pointer}/features/hotAdd/${index}`,
            `${hostLabel(host)}: ${product.name} cannot add ${what} to a running VM (${can}). Plan a shutdown to add ${what}${successor ? `, or plan ${successor.name}` : ''}.`,
          );
        });
      }
    },
  }),
];
