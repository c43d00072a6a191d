import { raisedLimits } from '../catalog/facts';
import type { Edition } from '../catalog/types';
import { hostLabel, hostLimit, type HostModel, liftingUpdate, productLabel, wholePointer } from '../model/plan';
import { basisOf, productName } from './explain';
import { defineRule, fmt, hostName, plural, successorIf } from './rule';
import { fmtOver, fmtPositive } from '../util/format';

/** The first edition of the host's family whose fact passes `fits`: the edition to move to. */
function editionThatFits(host: HostModel, fits: (edition: Edition) => boolean): Edition | undefined {
  return Object.values(host.product?.editions?.editions ?? {}).find((edition) => edition && edition !== host.edition && fits(edition));
}

export const hardwareRules = [
  defineRule({
    code: 'host-arch-unsupported',
    severity: 'error',
    summary: "The product does not install on the host's processor architecture.",
    explain: {
      'hosts.*.hardware.arch': ({ host }) => (host.product ? [`${host.product.name} installs on ${host.product.host.hardwareArchs.value.join(' or ')} hardware${basisOf(host.product.host.hardwareArchs)}.`] : []),
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const archs = host.product?.host.hardwareArchs.value;
        if (!archs || host.arch === undefined || archs.includes(host.arch)) continue;
        ctx.report(
          `${host.pointer}/hardware/arch`,
          `${host.product!.name} runs only on ${archs.join(' or ')} hardware, and ${hostName(host)} is ${host.arch}. Plan ${archs.join(' or ')} servers for it, or a product that runs on ${host.arch}.`,
        );
      }
    },
  }),
  defineRule({
    code: 'hardware-virtualization-required',
    severity: 'error',
    summary: 'The product needs hardware virtualisation and DEP, and the host lacks one.',
    explain: {
      'hosts.*.hardware.hardwareVirtualization': ({ host }) =>
        host.product ? [`${host.product.name} ${host.product.host.requiresHardwareVirtualization?.value ? 'requires' : 'does not require'} Intel VT / AMD-V${basisOf(host.product.host.requiresHardwareVirtualization)}.`] : [],
      'hosts.*.hardware.dataExecutionPrevention': ({ host }) =>
        host.product ? [`${host.product.name} ${host.product.host.requiresDataExecutionPrevention?.value ? 'requires' : 'does not require'} hardware DEP${basisOf(host.product.host.requiresDataExecutionPrevention)}.`] : [],
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const facts = host.product?.host;
        if (!facts) continue;
        if (facts.requiresHardwareVirtualization?.value && host.hardwareVirtualization === false) {
          ctx.report(
            `${host.pointer}/hardware/hardwareVirtualization`,
            `${host.product!.name} needs hardware virtualisation (Intel VT or AMD-V). Enable it in the firmware of ${hostName(host)}, or choose hardware that has it.`,
          );
        }
        if (facts.requiresDataExecutionPrevention?.value && host.dataExecutionPrevention === false) {
          ctx.report(
            `${host.pointer}/hardware/dataExecutionPrevention`,
            `${host.product!.name} needs hardware data execution prevention (Intel XD or AMD NX). Enable it in the firmware of ${hostName(host)}.`,
          );
        }
      }
    },
  }),
  defineRule({
    code: 'too-many-logical-processors',
    severity: 'error',
    summary: "The host has more logical processors than the product supports.",
    explain: {
      'hosts.*.hardware.coresPerSocket': ({ host }) => {
        const limit = hostLimit(host, 'logicalProcessors');
        if (!limit || !host.product) return [];
        const raised = host.product.updates.filter((u) => u.raises.logicalProcessors).map((u) => `${u.raises.logicalProcessors} with ${u.id}`);
        return [
          `${host.product.name} runs up to ${limit.fact.value} logical processors${raised.length ? ` (${raised.join(', ')})` : ''}${basisOf(limit.fact)}.`,
          ...(host.logicalProcessors !== undefined ? [`This host: ${host.sockets} × ${host.coresPerSocket} = ${host.logicalProcessors} logical processors; the limit in force is ${limit.value}.`] : []),
        ];
      },
      'hosts.*.updates': ({ host }) => (host.product?.updates ?? []).map((u) => `${u.id}: ${u.title}; raises the host's limits to ${raisedLimits(u)}${basisOf(u)}.`),
    },
    fixes: { addUpdate: (id) => `Add update ${id} to the host` },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const limit = hostLimit(host, 'logicalProcessors');
        const count = host.logicalProcessors;
        if (!limit || count === undefined || count <= limit.value) continue;
        // A count of logical processors is made of both.
        const shape = `${plural(host.sockets!, 'socket')} × ${plural(host.coresPerSocket!, 'core')}`;
        const update = liftingUpdate(host, 'logicalProcessors', count);
        const successor = successorIf(ctx.model, host.product, (s) => (s.host.logicalProcessors?.value ?? 0) >= count);
        const under = `${host.product!.name} runs at most ${limit.value}${limit.raisedBy ? ` (with ${limit.raisedBy})` : ''}`;
        const fix = update
          ? `Install update ${update.id}, which raises the limit to ${update.value}, or plan fewer cores.`
          : `Plan fewer cores${successor ? `, or ${successor.name} (${successor.host.logicalProcessors!.value})` : ''}.`;
        ctx.report(wholePointer(host), `${hostLabel(host)} has ${count} logical processors (${shape}); ${under}. ${fix}`, {
          data: { limit: limit.value, product: host.productId, ...(update ? { update: update.id, hostPointer: host.pointer } : {}) },
        });
      }
    },
  }),
  defineRule({
    code: 'too-many-sockets',
    severity: 'error',
    summary: "The host has more sockets than the product or edition supports.",
    explain: {
      'hosts.*.hardware.sockets': (place) => {
        const fact = place.host.edition?.sockets ?? place.host.product?.host.sockets;
        return fact ? [`${productName(place, !!place.host.edition?.sockets)} supports up to ${fact.value} sockets${basisOf(fact)}.`] : [];
      },
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const sockets = host.sockets;
        const fact = host.edition?.sockets ?? host.product?.host.sockets;
        if (sockets === undefined || !fact || sockets <= fact.value) continue;
        const better = editionThatFits(host, (e) => (e.sockets?.value ?? 0) >= sockets);
        ctx.report(
          `${host.pointer}/hardware/sockets`,
          `${hostLabel(host)} has ${sockets} sockets; ${productLabel(host, true)} supports at most ${fact.value}. ` +
            (better ? `Use the ${better.name} edition (${better.sockets!.value}) or fewer sockets.` : 'Plan fewer sockets.'),
          { data: { limit: fact.value, product: host.productId } },
        );
      }
    },
  }),
  defineRule({
    code: 'host-memory-exceeds-limit',
    severity: 'warning',
    summary: 'The host has more memory than the product or edition can use.',
    explain: {
      'hosts.*.hardware.memoryGB': ({ host }) => {
        const lines: string[] = [];
        const product = host.product?.host.memoryGB;
        if (product) lines.push(`${host.product!.name} uses up to ${fmt(product.value)} GB${basisOf(product)}.`);
        if (host.edition?.memoryGB) lines.push(`The ${host.edition.name} edition uses up to ${fmt(host.edition.memoryGB.value)} GB${basisOf(host.edition.memoryGB)}.`);
        return lines;
      },
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const memory = host.memoryGB;
        if (memory === undefined || !host.product) continue;
        const productLimit = hostLimit(host, 'memoryGB')?.value ?? Infinity;
        const editionLimit = host.edition?.memoryGB?.value ?? Infinity;
        const limit = Math.min(productLimit, editionLimit);
        if (memory <= limit) continue;
        const byEdition = editionLimit <= productLimit;
        const better = byEdition ? editionThatFits(host, (e) => (e.memoryGB?.value ?? 0) >= memory) : undefined;
        ctx.report(
          `${host.pointer}/hardware/memoryGB`,
          `${hostLabel(host)} has ${fmtOver(memory, limit)[0]} GB of memory; ${productLabel(host, byEdition)} uses at most ${fmtOver(memory, limit)[1]} GB, so ${fmtPositive(memory - limit)} GB would sit idle. ` +
            (better ? `Use the ${better.name} edition (${fmt(better.memoryGB!.value)} GB) or plan less memory.` : 'Plan less memory.'),
          { data: { limit, product: host.productId } },
        );
      }
    },
  }),
];
