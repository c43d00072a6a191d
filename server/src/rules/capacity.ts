import { exceeds } from '../model/capacity';
import { hostLabel, hostLimit, liftingUpdate, productLabel, wholePointer, type HostModel } from '../model/plan';
import { defineRule, fmt, plural, successorIf } from './rule';
import { fmtPositive, fmtTo, overDecimals } from '../util/format';

/** Whether another edition of the host's product can use more memory than `usable`: the product's own cap allowing. */
function editionUsesMore(host: HostModel, usable: number): boolean {
  if ((hostLimit(host, 'memoryGB')?.value ?? Infinity) <= usable) return false;
  return Object.values(host.product?.editions?.editions ?? {}).some((e) => (e?.memoryGB?.value ?? Infinity) > usable);
}

export const capacityRules = [
  defineRule({
    code: 'too-many-vms',
    severity: 'error',
    summary: 'More VMs on the host than the product runs.',
    fixes: { addUpdate: (id) => `Add update ${id} to the host` },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const limit = hostLimit(host, 'runningVMs');
        const count = host.vms.length;
        if (!limit || count <= limit.value) continue;
        const update = liftingUpdate(host, 'runningVMs', count);
        const successor = successorIf(ctx.model, host.product, (s) => (s.host.runningVMs?.value ?? 0) >= count);
        const fix = update
          ? `Install update ${update.id}, which raises the limit to ${update.value}, or move VMs to another host.`
          : `Move ${plural(count - limit.value, 'VM')} to another host${successor ? `, or plan ${successor.name} (${successor.host.runningVMs!.value})` : ''}.`;
        ctx.report(
          wholePointer(host),
          `${hostLabel(host)} runs ${count} VMs; ${host.product!.name} runs at most ${limit.value}${limit.raisedBy ? ` (with ${limit.raisedBy})` : ''}. ${fix}`,
          { data: { limit: limit.value, product: host.productId, ...(update ? { update: update.id, hostPointer: host.pointer } : {}) } },
        );
      }
    },
  }),
  defineRule({
    code: 'host-memory-overcommitted',
    severity: 'error',
    summary: "The VMs' memory and the host's reserve exceed the memory the host's product and edition can use.",
    check(ctx) {
      ctx.model.hosts.forEach((host, i) => {
        const product = host.product;
        const { usableMemoryGB: usable, committedMemoryGB: committed, reserveGB: reserve } = ctx.capacity.hosts[i];
        if (!product || usable === null || host.memoryGB === undefined || host.vms.length === 0 || !exceeds(committed, usable)) return;
        const assigned = committed - reserve;
        const overcommits = product.features.memoryOvercommit.value;
        // As many decimals as show the VMs and the reserve above what the host can use.
        const decimals = overDecimals(committed, usable);
        const has = usable < host.memoryGB
          ? `${fmt(host.memoryGB)} GB, of which ${productLabel(host, true)} can use ${fmtTo(usable, decimals)} GB`
          : `${fmtTo(host.memoryGB, decimals)} GB`;
        const need = `its ${plural(host.vms.length, 'VM')} ${host.vms.length === 1 ? 'is' : 'are'} given ${fmtTo(assigned, decimals)} GB` + (reserve ? ` and the host keeps ${fmtTo(reserve, decimals)} GB for itself` : '');
        const message = overcommits
          ? `${hostLabel(host)} has ${has}; ${need}. ${product.name} overcommits memory, so this runs, but the VMs may swap under load.`
          : `${hostLabel(host)} has ${has}, but ${need}: ${fmtPositive(committed - usable)} GB short. ${product.name} has no memory overcommit; move VMs to another host, give them less memory, or ${usable >= host.memoryGB ? 'add memory' : editionUsesMore(host, usable) ? 'use an edition that can use more memory' : 'plan a product that can use more memory'}.`;
        ctx.report(wholePointer(host), message, overcommits ? { severity: 'information' } : {});
      });
    },
  }),
  defineRule({
    code: 'cpu-oversubscribed',
    severity: 'warning',
    summary: 'More virtual processors on the host than the supported ratio allows.',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const product = host.product;
        if (!product || host.vms.length === 0) continue;
        const total = host.vms.reduce((sum, vm) => sum + (vm.vcpus ?? 0), 0);
        const ratio = product.host.vcpusPerLogicalProcessor?.value;
        const lps = host.logicalProcessors;
        if (ratio !== undefined && lps !== undefined && total > ratio * lps) {
          ctx.report(
            wholePointer(host),
            `${hostLabel(host)} has ${total} virtual processors on ${lps} logical processors; ${product.name} supports at most ${ratio} per logical processor (${ratio * lps}). Move VMs to another host or give them fewer virtual processors.`,
            { data: { limit: ratio * lps, product: host.productId } },
          );
          continue;
        }
        const cap = hostLimit(host, 'vcpus');
        if (cap && total > cap.value) {
          ctx.report(
            wholePointer(host),
            `${hostLabel(host)} has ${total} virtual processors; ${product.name} runs at most ${cap.value} per host. Move VMs to another host or give them fewer virtual processors.`,
            { data: { limit: cap.value, product: host.productId } },
          );
        }
      }
    },
  }),
];
