import { vmLabel } from '../model/plan';
import { fmt, plural, type Rule } from './rule';

export const diskRules: Rule[] = [
  {
    code: 'disk-too-large',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const product = vm.host?.product;
        if (!product) continue;
        vm.disks.forEach((disk) => {
          if (disk.passthrough || disk.sizeGB === undefined || disk.bus === undefined) return;
          const limit = (disk.bus === 'scsi' ? product.vm.scsiDiskGB : product.vm.ideDiskGB)?.value;
          if (limit === undefined || disk.sizeGB <= limit) return;
          ctx.report(
            'disk-too-large',
            `${disk.pointer}/sizeGB`,
            `Disk ${disk.index + 1} of ${vmLabel(vm)} is ${fmt(disk.sizeGB)} GB; ${product.name} makes ${disk.bus.toUpperCase()} virtual disks of at most ${fmt(limit)} GB. Split it into disks of ${fmt(limit)} GB or less, or use a passthrough disk.`,
            { data: { replacement: limit, limit, product: product.id } },
          );
        });
      }
    },
  },
  {
    code: 'boot-disk-not-ide',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const product = vm.host?.product;
        const boot = vm.disks[0];
        if (!product || !boot || boot.index !== 0) continue;
        const bootBus = product.vm.bootBus?.value;
        if (bootBus === undefined || boot.bus === undefined || boot.bus === bootBus) continue;
        ctx.report(
          'boot-disk-not-ide',
          `${boot.pointer}/bus`,
          `${vmLabel(vm)} boots from its first disk, which is on ${boot.bus.toUpperCase()}; ${product.name} boots only from ${bootBus.toUpperCase()}. Put the boot disk on ${bootBus.toUpperCase()} and keep data disks on ${boot.bus.toUpperCase()}.`,
          { data: { replacement: bootBus, product: product.id } },
        );
      }
    },
  },
  {
    code: 'scsi-needs-integration-components',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const product = vm.host?.product;
        const needs = product?.vm.integrationComponentsFor?.value;
        if (!product || !needs || vm.integrationComponents !== false) continue;
        const scsi = needs.includes('scsi') ? vm.disks.filter((disk) => disk.bus === 'scsi').length : 0;
        const synthetic = needs.includes('syntheticNics') ? (vm.nics ?? 0) : 0;
        if (scsi === 0 && synthetic === 0) continue;
        const what = [scsi ? plural(scsi, 'SCSI disk') : '', synthetic ? plural(synthetic, 'synthetic network adapter') : ''].filter(Boolean).join(' and ');
        const fixes = [scsi ? 'move the disks to IDE' : '', synthetic ? 'use legacyNics instead of nics' : ''].filter(Boolean).join(' and ');
        ctx.report(
          'scsi-needs-integration-components',
          `${vm.pointer}/guest/integrationComponents`,
          `${vmLabel(vm)} has ${what}, which work on ${product.name} only with the integration components installed in the guest. Install them (integrationComponents: true), or ${fixes}.`,
        );
      }
    },
  },
];
