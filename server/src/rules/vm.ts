import { productLabel, vmLabel, type VmModel } from '../model/plan';
import { basisOf, factLine } from './explain';
import { defineRule, fmt, hostName, successorIf, type CheckContext } from './rule';
import { fmtOver, plural } from '../util/format';
import { own } from '../util/own';

/*
 * The reports of the VM checks that name a successor are functions of their own: a check
 * holding the successor's test, which reads the VM, would make a scope object for each VM.
 */

function reportVcpus(ctx: CheckContext, vm: VmModel, vcpus: number, limit: number): void {
  const product = vm.host!.product!;
  const successor = successorIf(ctx.model, product, (s) => (s.vm.vcpus?.value ?? 0) >= vcpus);
  ctx.report(
    `${vm.pointer}/vcpus`,
    `${vmLabel(vm)} has ${vcpus} virtual processors; ${product.name} gives a VM at most ${limit}. Set vcpus to ${limit}${successor ? ` or plan ${successor.name} (${successor.vm.vcpus!.value})` : ''}.`,
    { data: { replacement: limit, limit, product: product.id } },
  );
}

function reportMemory(ctx: CheckContext, vm: VmModel, memoryGB: number, limit: number): void {
  const product = vm.host!.product!;
  const successor = successorIf(ctx.model, product, (s) => (s.vm.memoryGB?.value ?? 0) >= memoryGB);
  ctx.report(
    `${vm.pointer}/memoryGB`,
    `${vmLabel(vm)} has ${fmtOver(memoryGB, limit)[0]} GB of memory; ${product.name} gives a VM at most ${fmtOver(memoryGB, limit)[1]} GB. Set memoryGB to ${fmt(limit)} or less${successor ? `, or plan ${successor.name} (${fmt(successor.vm.memoryGB!.value)} GB)` : ''}.`,
    { data: { replacement: limit, limit, product: product.id } },
  );
}

export const vmRules = [
  defineRule({
    code: 'too-many-vcpus',
    severity: 'error',
    summary: "A VM has more virtual processors than the product's per-VM limit.",
    explain: {
      'vms.*.vcpus': (place) => factLine(place, place.host.product?.vm.vcpus, (v) => `allows ${plural(v, 'virtual processor')} per VM`),
    },
    fixes: { replace: (v) => `Set vcpus to ${v}` },
    checkEachVm(ctx) {
      return (vm) => {
        const limit = vm.host?.product?.vm.vcpus?.value;
        if (limit === undefined || vm.vcpus === undefined || vm.vcpus <= limit) return;
        reportVcpus(ctx, vm, vm.vcpus, limit);
      };
    },
  }),
  defineRule({
    code: 'guest-vcpus-unsupported',
    severity: 'warning',
    summary: 'A VM has more virtual processors than the product supports for its guest OS.',
    explain: {
      'vms.*.vcpus': ({ host, vm, catalog }) => {
        const limit = vm?.guestId ? own(host.product?.vm.guestVcpus?.value, vm.guestId) : undefined;
        return limit !== undefined ? [`A ${catalog.guest(vm!.guestId!)?.name ?? vm!.guestId} guest: ${plural(limit, 'virtual processor')}${basisOf(host.product!.vm.guestVcpus)}.`] : [];
      },
    },
    fixes: { replace: (v) => `Set vcpus to ${v}` },
    checkEachVm(ctx) {
      return (vm) => {
        const product = vm.host?.product;
        if (!product || vm.vcpus === undefined || vm.guestId === undefined) return;
        if (vm.vcpus > (product.vm.vcpus?.value ?? Infinity)) return; // too-many-vcpus says it
        const limit = own(product.vm.guestVcpus?.value, vm.guestId);
        if (limit === undefined || vm.vcpus <= limit) return;
        ctx.report(
          `${vm.pointer}/vcpus`,
          `${vmLabel(vm)} has ${vm.vcpus} virtual processors; ${product.name} supports ${vm.guest?.name ?? vm.guestId} guests with at most ${limit}. Set vcpus to ${limit}, or plan a guest OS that supports more.`,
          { data: { replacement: limit, limit, product: product.id } },
        );
      };
    },
  }),
  defineRule({
    code: 'vm-memory-exceeds-limit',
    severity: 'error',
    summary: "A VM has more memory than the product's per-VM limit.",
    explain: {
      'vms.*.memoryGB': (place) => factLine(place, place.host.product?.vm.memoryGB, (v) => `allows ${fmt(v)} GB per VM`),
    },
    fixes: { replace: (v) => `Set memoryGB to ${v}` },
    checkEachVm(ctx) {
      return (vm) => {
        const limit = vm.host?.product?.vm.memoryGB?.value;
        if (limit === undefined || vm.memoryGB === undefined || vm.memoryGB <= limit) return;
        reportMemory(ctx, vm, vm.memoryGB, limit);
      };
    },
  }),
  defineRule({
    code: 'guest-arch-unsupported',
    severity: 'error',
    summary: 'A 64-bit guest on a product or host hardware without 64-bit guests.',
    explain: {
      'vms.*.guest.arch': (place) => factLine(place, place.host.product?.vm.guest64Bit, (v) => (v ? 'runs 64-bit guests' : 'runs 32-bit guests only')),
    },
    fixes: { replace: (v) => `Use a ${v} guest` },
    checkEachVm(ctx) {
      return (vm) => {
        const host = vm.host;
        if (!host?.product || vm.guestArch !== 'x64') return;
        if (host.product.vm.guest64Bit?.value === false) {
          const successor = successorIf(ctx.model, host.product, (s) => s.vm.guest64Bit?.value === true);
          ctx.report(
            `${vm.pointer}/guest/arch`,
            `${host.product.name} runs only 32-bit guests, and ${vmLabel(vm)} is 64-bit. Use the guest's x86 version${successor ? `, or plan ${successor.name}, which runs 64-bit guests` : ''}.`,
            { data: { replacement: 'x86', product: host.productId } },
          );
        } else if (host.arch === 'x86') {
          ctx.report(
            `${vm.pointer}/guest/arch`,
            `${vmLabel(vm)} is a 64-bit guest, but ${hostName(host)} is x86 hardware (${productLabel(host)} cannot run 64-bit guests there). Use the guest's x86 version or x64 host hardware.`,
            { data: { replacement: 'x86' } },
          );
        }
      };
    },
  }),
];
