import { hostLabel, productLabel, vmLabel, wholePointer } from '../model/plan';
import { defineRule, plural } from './rule';

export const licensingRules = [
  defineRule({
    code: 'license-instances-exceeded',
    severity: 'warning',
    summary: "More Windows guests on the host than its edition licenses.",
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const product = host.product;
        if (!product || (product.editions && !host.edition)) continue;
        const fact = host.edition?.licensedWindowsGuests ?? product.host.licensedWindowsGuests;
        if (!fact || fact.value === 'unlimited') continue;
        const windows = host.vms.filter((vm) => vm.isWindows).length;
        if (windows <= fact.value) continue;
        const editions = Object.values(product.editions?.editions ?? {});
        const unlimited = editions.find((e) => e?.licensedWindowsGuests?.value === 'unlimited');
        // The edition with the fewest licences that still covers these guests, when one does.
        const enough = editions
          .flatMap((e) => (e && typeof e.licensedWindowsGuests?.value === 'number' && e.licensedWindowsGuests.value >= windows ? [{ name: e.name, count: e.licensedWindowsGuests.value }] : []))
          .sort((a, b) => a.count - b.count)[0];
        const message =
          fact.value === 0
            ? `${hostLabel(host)} runs ${plural(windows, 'Windows guest')}; ${product.name} includes no virtualisation rights, so each needs its own Windows licence.`
            : `${hostLabel(host)} runs ${plural(windows, 'Windows guest')}; ${productLabel(host, true)} licenses ${fact.value} virtual ${fact.value === 1 ? 'instance' : 'instances'}. ` +
              `License ${windows - fact.value} more separately` +
              (enough ? ` or use the ${enough.name} edition (${enough.count})` : '') +
              (unlimited && unlimited !== host.edition ? ` or ${enough ? 'the' : 'use the'} ${unlimited.name} edition (unlimited).` : '.');
        ctx.report(wholePointer(host), message, { data: { limit: fact.value, product: product.id } });
      }
    },
  }),
  defineRule({
    code: 'desktop-product-for-server',
    severity: 'warning',
    summary: 'A desktop virtualisation product runs a server guest OS.',
    checkEachVm(ctx) {
      return (vm) => {
        const product = vm.host?.product;
        if (!product || product.role !== 'desktop' || !vm.guest?.server) return;
        ctx.report(
          `${vm.pointer}/guest/os`,
          `${vmLabel(vm)} runs ${vm.guest.name}, a server OS, on ${product.name}, a desktop product not meant for server workloads. Plan a server product for it.`,
        );
      };
    },
  }),
];
