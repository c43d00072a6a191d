import { vmLabel } from '../model/plan';
import { factLine } from './explain';
import { defineRule, fmt, plural, type HostPlace } from './rule';
import { fmtOver } from '../util/format';

/** The disk sizes the product makes, by bus: a hover on a disk, its size or its bus. */
function diskLimits(place: HostPlace): string[] {
  return [
    ...factLine(place, place.host.product?.vm.ideDiskGB, (v) => `makes IDE disks of up to ${fmt(v)} GB`),
    ...factLine(place, place.host.product?.vm.scsiDiskGB, (v) => `makes SCSI disks of up to ${fmt(v)} GB`),
  ];
}

export const deviceRules = [
  defineRule({
    code: 'too-many-snapshots',
    severity: 'error',
    summary: 'A VM keeps more snapshots than the product allows.',
    explain: {
      'vms.*.snapshots': (place) => factLine(place, place.host.product?.vm.snapshots, (v) => `keeps ${v} snapshots per VM`),
    },
    fixes: { replace: (v) => `Keep ${v} snapshots` },
    checkEachVm(ctx) {
      return (vm) => {
        const limit = vm.host?.product?.vm.snapshots?.value;
        if (limit === undefined || vm.snapshots === undefined || vm.snapshots <= limit) return;
        ctx.report(
          `${vm.pointer}/snapshots`,
          `${vmLabel(vm)} keeps ${vm.snapshots} snapshots; ${vm.host!.product!.name} keeps at most ${limit} per VM. Plan to delete older snapshots and keep ${limit} or fewer.`,
          { data: { replacement: limit, limit, product: vm.host!.productId } },
        );
      };
    },
  }),
  defineRule({
    code: 'disk-too-large',
    severity: 'error',
    summary: "A disk is larger than the product's virtual disk limit for its bus.",
    explain: {
      'vms.*.disks': diskLimits,
      'vms.*.disks.*.sizeGB': diskLimits,
      'vms.*.disks.*.bus': diskLimits,
    },
    fixes: { replace: (v) => `Set the size to ${v} GB` },
    checkEachVm(ctx) {
      return (vm) => {
        const product = vm.host?.product;
        if (!product) return;
        // No disk larger than the smaller of the limits: none is too large, whatever its bus.
        const ide = product.vm.ideDiskGB?.value;
        const scsi = product.vm.scsiDiskGB?.value;
        if (ide === undefined && scsi === undefined) return;
        if (vm.largestVirtualDiskGB <= Math.min(ide ?? Infinity, scsi ?? Infinity)) return;
        const disks = vm.disks;
        for (let i = 0; i < disks.length; i++) {
          const disk = disks[i];
          if (disk.passthrough || disk.sizeGB === undefined || disk.bus === undefined) continue;
          const limit = (disk.bus === 'scsi' ? product.vm.scsiDiskGB : product.vm.ideDiskGB)?.value;
          if (limit === undefined || disk.sizeGB <= limit) continue;
          ctx.report(
            `${disk.pointer}/sizeGB`,
            `Disk ${disk.index + 1} of ${vmLabel(vm)} is ${fmtOver(disk.sizeGB, limit)[0]} GB; ${product.name} makes ${disk.bus.toUpperCase()} virtual disks of at most ${fmtOver(disk.sizeGB, limit)[1]} GB. Split it into disks of ${fmt(limit)} GB or less, or use a passthrough disk.`,
            { data: { replacement: limit, limit, product: product.id } },
          );
        }
      };
    },
  }),
  defineRule({
    code: 'boot-disk-not-ide',
    severity: 'error',
    summary: 'The boot disk is on SCSI, and the product boots only from IDE.',
    explain: {
      'vms.*.disks.*.bus': (place) => factLine(place, place.host.product?.vm.bootBus, (v) => `boots only from ${v.toUpperCase()}`),
    },
    fixes: { replace: (v) => `Put the boot disk on ${v}` },
    checkEachVm(ctx) {
      return (vm) => {
        const bootBus = vm.host?.product?.vm.bootBus?.value;
        if (bootBus === undefined) return;
        const bus = vm.bootDiskBus;
        if (bus === undefined || bus === bootBus) return;
        const product = vm.host!.product!;
        const boot = vm.disks[0];
        ctx.report(
          `${boot.pointer}/bus`,
          `${vmLabel(vm)} boots from its first disk, which is on ${bus.toUpperCase()}; ${product.name} boots only from ${bootBus.toUpperCase()}. Put the boot disk on ${bootBus.toUpperCase()} and keep data disks on ${bus.toUpperCase()}.`,
          { data: { replacement: bootBus, product: product.id } },
        );
      };
    },
  }),
  defineRule({
    code: 'scsi-needs-integration-components',
    severity: 'error',
    summary: 'SCSI disks or synthetic NICs in a guest without integration components.',
    explain: {
      'vms.*.guest.integrationComponents': (place) =>
        factLine(place, place.host.product?.vm.integrationComponentsFor, (v) => `needs integration components for ${v.map((x) => (x === 'scsi' ? 'SCSI disks' : 'synthetic network adapters')).join(' and ')}`),
    },
    checkEachVm(ctx) {
      return (vm) => {
        const product = vm.host?.product;
        const needs = product?.vm.integrationComponentsFor?.value;
        if (!product || !needs || vm.integrationComponents !== false) return;
        const scsi = needs.includes('scsi') ? vm.disks.filter((disk) => disk.bus === 'scsi').length : 0;
        const synthetic = needs.includes('syntheticNics') ? (vm.nics ?? 0) : 0;
        if (scsi === 0 && synthetic === 0) return;
        const what = [scsi ? plural(scsi, 'SCSI disk') : '', synthetic ? plural(synthetic, 'synthetic network adapter') : ''].filter(Boolean).join(' and ');
        const fixes = [scsi ? 'move the disks to IDE' : '', synthetic ? 'use legacyNics instead of nics' : ''].filter(Boolean).join(' and ');
        ctx.report(
          `${vm.pointer}/guest/integrationComponents`,
          `${vmLabel(vm)} has ${what}, which work on ${product.name} only with the integration components installed in the guest. Install them (integrationComponents: true), or ${fixes}.`,
        );
      };
    },
  }),
  defineRule({
    code: 'too-many-nics',
    severity: 'error',
    summary: 'A VM has more network adapters than the product allows.',
    explain: {
      'vms.*.nics': (place) => factLine(place, place.host.product?.vm.nics, (v) => `allows ${v} network adapters per VM`),
      'vms.*.legacyNics': (place) => factLine(place, place.host.product?.vm.legacyNics, (v) => `allows ${v} legacy network adapters per VM`),
    },
    fixes: { replace: (v) => `Use ${v} adapters` },
    checkEachVm(ctx) {
      return (vm) => {
        const product = vm.host?.product;
        const limit = product?.vm.nics?.value;
        if (!product || limit === undefined || vm.nics === undefined) return;
        if (vm.nics > limit) {
          ctx.report(
            `${vm.pointer}/nics`,
            `${vmLabel(vm)} has ${vm.nics} network adapters; ${product.name} allows at most ${limit} per VM. Set nics to ${limit} or fewer, or team traffic onto fewer adapters.`,
            { data: { replacement: limit, limit, product: product.id } },
          );
          return;
        }
        if (vm.legacyNics === undefined || vm.legacyNics === 0) return;
        const legacyLimit = product.vm.legacyNics?.value;
        if (legacyLimit !== undefined) {
          if (vm.legacyNics > legacyLimit) {
            ctx.report(
              `${vm.pointer}/legacyNics`,
              `${vmLabel(vm)} has ${vm.legacyNics} legacy network adapters; ${product.name} allows at most ${legacyLimit} per VM. Set legacyNics to ${legacyLimit} or fewer.`,
              { data: { replacement: legacyLimit, limit: legacyLimit, product: product.id } },
            );
          }
        } else if (vm.nics + vm.legacyNics > limit) {
          ctx.report(
            `${vm.pointer}/legacyNics`,
            `${vmLabel(vm)} has ${vm.nics + vm.legacyNics} network adapters in all; ${product.name} allows at most ${limit} per VM. Use ${limit - vm.nics} or fewer legacy adapters.`,
            { data: { replacement: limit - vm.nics, limit, product: product.id } },
          );
        }
      };
    },
  }),
];
