import { productLabel, vmLabel } from '../model/plan';
import { fmt, successorIf, type Rule } from './rule';
import { own } from '../util/own';

export const vmRules: Rule[] = [
  {
    code: 'too-many-vcpus',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const limit = vm.host?.product?.vm.vcpus?.value;
        if (limit === undefined || vm.vcpus === undefined || vm.vcpus <= limit) continue;
        const product = vm.host!.product!;
        const successor = successorIf(ctx.model, product, (s) => (s.vm.vcpus?.value ?? 0) >= vm.vcpus!);
        ctx.report(
          'too-many-vcpus',
          `${vm.pointer}/vcpus`,
          `${vmLabel(vm)} has ${vm.vcpus} virtual processors; ${product.name} gives a VM at most ${limit}. Set vcpus to ${limit}${successor ? ` or plan ${successor.name} (${successor.vm.vcpus!.value})` : ''}.`,
          { data: { replacement: limit, limit, product: product.id } },
        );
      }
    },
  },
  {
    code: 'guest-vcpus-unsupported',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const product = vm.host?.product;
        if (!product || vm.vcpus === undefined || vm.guestId === undefined) continue;
        if (vm.vcpus > (product.vm.vcpus?.value ?? Infinity)) continue; // too-many-vcpus says it
        const limit = own(product.vm.guestVcpus?.value, vm.guestId);
        if (limit === undefined || vm.vcpus <= limit) continue;
        ctx.report(
          'guest-vcpus-unsupported',
          `${vm.pointer}/vcpus`,
          `${vmLabel(vm)} has ${vm.vcpus} virtual processors; ${product.name} supports ${vm.guest?.name ?? vm.guestId} guests with at most ${limit}. Set vcpus to ${limit}, or plan a guest OS that supports more.`,
          { data: { replacement: limit, limit, product: product.id } },
        );
      }
    },
  },
  {
    code: 'vm-memory-exceeds-limit',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const limit = vm.host?.product?.vm.memoryGB?.value;
        if (limit === undefined || vm.memoryGB === undefined || vm.memoryGB <= limit) continue;
        const product = vm.host!.product!;
        const successor = successorIf(ctx.model, product, (s) => (s.vm.memoryGB?.value ?? 0) >= vm.memoryGB!);
        ctx.report(
          'vm-memory-exceeds-limit',
          `${vm.pointer}/memoryGB`,
          `${vmLabel(vm)} has ${fmt(vm.memoryGB)} GB of memory; ${product.name} gives a VM at most ${fmt(limit)} GB. Set memoryGB to ${fmt(limit)} or less${successor ? `, or plan ${successor.name} (${fmt(successor.vm.memoryGB!.value)} GB)` : ''}.`,
          { data: { replacement: limit, limit, product: product.id } },
        );
      }
    },
  },
  {
    code: 'guest-arch-unsupported',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const host = vm.host;
        if (!host?.product || vm.guestArch !== 'x64') continue;
        const pointer = `${vm.pointer}/guest/arch`;
        if (host.product.vm.guest64Bit?.value === false) {
          const successor = successorIf(ctx.model, host.product, (s) => s.vm.guest64Bit?.value === true);
          ctx.report(
            'guest-arch-unsupported',
            pointer,
            `${host.product.name} runs only 32-bit guests, and ${vmLabel(vm)} is 64-bit. Use the guest's x86 version${successor ? `, or plan ${successor.name}, which runs 64-bit guests` : ''}.`,
            { data: { replacement: 'x86', product: host.productId } },
          );
        } else if (host.arch === 'x86') {
          ctx.report(
            'guest-arch-unsupported',
            pointer,
            `${vmLabel(vm)} is a 64-bit guest, but host "${host.name ?? host.index + 1}" is x86 hardware (${productLabel(host)} cannot run 64-bit guests there). Use the guest's x86 version or x64 host hardware.`,
            { data: { replacement: 'x86' } },
          );
        }
      }
    },
  },
  {
    code: 'too-many-snapshots',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const limit = vm.host?.product?.vm.snapshots?.value;
        if (limit === undefined || vm.snapshots === undefined || vm.snapshots <= limit) continue;
        ctx.report(
          'too-many-snapshots',
          `${vm.pointer}/snapshots`,
          `${vmLabel(vm)} keeps ${vm.snapshots} snapshots; ${vm.host!.product!.name} keeps at most ${limit} per VM. Plan to delete older snapshots and keep ${limit} or fewer.`,
          { data: { replacement: limit, limit, product: vm.host!.productId } },
        );
      }
    },
  },
  {
    code: 'too-many-nics',
    check(ctx) {
      for (const vm of ctx.model.vms) {
        const product = vm.host?.product;
        const limit = product?.vm.nics?.value;
        if (!product || limit === undefined || vm.nics === undefined) continue;
        if (vm.nics > limit) {
          ctx.report(
            'too-many-nics',
            `${vm.pointer}/nics`,
            `${vmLabel(vm)} has ${vm.nics} network adapters; ${product.name} allows at most ${limit} per VM. Set nics to ${limit} or fewer, or team traffic onto fewer adapters.`,
            { data: { replacement: limit, limit, product: product.id } },
          );
          continue;
        }
        if (vm.legacyNics === undefined || vm.legacyNics === 0) continue;
        const legacyLimit = product.vm.legacyNics?.value;
        if (legacyLimit !== undefined) {
          if (vm.legacyNics > legacyLimit) {
            ctx.report(
              'too-many-nics',
              `${vm.pointer}/legacyNics`,
              `${vmLabel(vm)} has ${vm.legacyNics} legacy network adapters; ${product.name} allows at most ${legacyLimit} per VM. Set legacyNics to ${legacyLimit} or fewer.`,
              { data: { replacement: legacyLimit, limit: legacyLimit, product: product.id } },
            );
          }
        } else if (vm.nics + vm.legacyNics > limit) {
          ctx.report(
            'too-many-nics',
            `${vm.pointer}/legacyNics`,
            `${vmLabel(vm)} has ${vm.nics + vm.legacyNics} network adapters in all; ${product.name} allows at most ${limit} per VM. Use ${limit - vm.nics} or fewer legacy adapters.`,
            { data: { replacement: limit - vm.nics, limit, product: product.id } },
          );
        }
      }
    },
  },
];
