import type { Edition } from '../catalog/types';
import { hostLabel, hostLimit, type HostModel, liftingUpdate, productLabel, wholePointer } from '../model/plan';
import { fmt, successorIf, type Rule } from './rule';

/** The first edition of the host's family whose fact passes `fits`: the edition to move to. */
function editionThatFits(host: HostModel, fits: (edition: Edition) => boolean): Edition | undefined {
  return Object.values(host.product?.editions?.editions ?? {}).find((edition) => edition && edition !== host.edition && fits(edition));
}

export const hardwareRules: Rule[] = [
  {
    code: 'host-arch-unsupported',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const archs = host.product?.host.hardwareArchs.value;
        if (!archs || host.arch === undefined || archs.includes(host.arch)) continue;
        ctx.report(
          'host-arch-unsupported',
          `${host.pointer}/hardware/arch`,
          `${host.product!.name} runs only on ${archs.join(' or ')} hardware, and ${hostLabel(host).toLowerCase()} is ${host.arch}. Plan ${archs.join(' or ')} servers for it, or a product that runs on ${host.arch}.`,
        );
      }
    },
  },
  {
    code: 'hardware-virtualization-required',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const facts = host.product?.host;
        if (!facts) continue;
        if (facts.requiresHardwareVirtualization?.value && host.hardwareVirtualization === false) {
          ctx.report(
            'hardware-virtualization-required',
            `${host.pointer}/hardware/hardwareVirtualization`,
            `${host.product!.name} needs hardware virtualisation (Intel VT or AMD-V). Enable it in the firmware of ${host.name ?? 'this host'}, or choose hardware that has it.`,
          );
        }
        if (facts.requiresDataExecutionPrevention?.value && host.dataExecutionPrevention === false) {
          ctx.report(
            'hardware-virtualization-required',
            `${host.pointer}/hardware/dataExecutionPrevention`,
            `${host.product!.name} needs hardware data execution prevention (Intel XD or AMD NX). Enable it in the firmware of ${host.name ?? 'this host'}.`,
          );
        }
      }
    },
  },
  {
    code: 'too-many-logical-processors',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const limit = hostLimit(host, 'logicalProcessors');
        const count = host.logicalProcessors;
        if (!limit || count === undefined || count <= limit.value) continue;
        const shape = `${host.sockets} sockets × ${host.coresPerSocket} cores`;
        const update = liftingUpdate(host, 'logicalProcessors', count);
        const successor = successorIf(ctx.model, host.product, (s) => (s.host.logicalProcessors?.value ?? 0) >= count);
        const under = `${host.product!.name} runs at most ${limit.value}${limit.raisedBy ? ` (with ${limit.raisedBy})` : ''}`;
        const fix = update
          ? `Install update ${update.id}, which raises the limit to ${update.value}, or plan fewer cores.`
          : `Plan fewer cores${successor ? `, or ${successor.name} (${successor.host.logicalProcessors!.value})` : ''}.`;
        ctx.report('too-many-logical-processors', wholePointer(host), `${hostLabel(host)} has ${count} logical processors (${shape}); ${under}. ${fix}`, {
          data: { limit: limit.value, product: host.productId, ...(update ? { update: update.id, hostPointer: host.pointer } : {}) },
        });
      }
    },
  },
  {
    code: 'too-many-sockets',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const sockets = host.sockets;
        const fact = host.edition?.sockets ?? host.product?.host.sockets;
        if (sockets === undefined || !fact || sockets <= fact.value) continue;
        const better = editionThatFits(host, (e) => (e.sockets?.value ?? 0) >= sockets);
        ctx.report(
          'too-many-sockets',
          `${host.pointer}/hardware/sockets`,
          `${hostLabel(host)} has ${sockets} sockets; ${productLabel(host, true)} supports at most ${fact.value}. ` +
            (better ? `Use the ${better.name} edition (${better.sockets!.value}) or fewer sockets.` : 'Plan fewer sockets.'),
          { data: { limit: fact.value, product: host.productId } },
        );
      }
    },
  },
  {
    code: 'host-memory-exceeds-limit',
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
          'host-memory-exceeds-limit',
          `${host.pointer}/hardware/memoryGB`,
          `${hostLabel(host)} has ${fmt(memory)} GB of memory; ${productLabel(host, byEdition)} uses at most ${fmt(limit)} GB, so ${fmt(memory - limit)} GB would sit idle. ` +
            (better ? `Use the ${better.name} edition (${fmt(better.memoryGB!.value)} GB) or plan less memory.` : 'Plan less memory.'),
          { data: { limit, product: host.productId } },
        );
      }
    },
  },
];
