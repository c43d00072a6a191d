import { hostLabel } from '../model/plan';
import { fmt, guestsLicensed, plural } from '../util/format';
import { basisOf } from './explain';
import { defineRule } from './rule';

function editionList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

export const editionRules = [
  defineRule({
    code: 'edition-required',
    severity: 'error',
    summary: 'A product that comes in editions is missing its edition.',
    fixes: { addEdition: (id) => `Add "edition": ${JSON.stringify(id)}` },
    explain: {
      'hosts.*.edition': ({ host }) =>
        Object.values(host.product?.editions?.editions ?? {}).map((e) => {
          const parts = [
            e!.sockets && plural(e!.sockets.value, 'socket'),
            e!.memoryGB && `${fmt(e!.memoryGB.value)} GB`,
            e!.clustering && (e!.clustering.value ? 'failover clustering' : 'no clustering'),
            e!.licensedWindowsGuests && guestsLicensed(e!.licensedWindowsGuests.value),
          ].filter(Boolean);
          return `${e!.name}: ${parts.join(', ')}${basisOf(e!.licensedWindowsGuests)}.`;
        }),
    },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const family = host.product?.editions;
        if (!family || Object.hasOwn(host.raw, 'edition')) continue;
        const names = Object.values(family.editions).map((e) => e!.name);
        ctx.report(
          host.pointer,
          `${hostLabel(host)} runs ${host.product!.name}, which comes in ${editionList(names)} editions. Add "edition": it sets the socket and memory limits, failover clustering and how many Windows guests are licensed.`,
          { data: { hostPointer: host.pointer, editions: Object.keys(family.editions) } },
        );
      }
    },
  }),
  defineRule({
    code: 'edition-not-applicable',
    severity: 'warning',
    summary: 'An edition is given for a product without editions.',
    fixes: { remove: 'Remove the edition' },
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.product.editions || !(Object.hasOwn(host.raw, 'edition'))) continue;
        ctx.report(`${host.pointer}/edition`, `${host.product.name} has no editions; remove "edition".`);
      }
    },
  }),
];
