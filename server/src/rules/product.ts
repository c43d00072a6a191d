import { clip } from '../util/format';
import { nearest } from '../util/nearest';
import { hostLabel } from '../model/plan';
import type { Rule } from './rule';

function editionList(names: string[]): string {
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names.join('');
}

export const productRules: Rule[] = [
  {
    code: 'unknown-product',
    check(ctx) {
      const ids = ctx.model.catalog.productIds();
      for (const host of ctx.model.hosts) {
        if (host.productId === undefined || host.product) continue;
        const suggestion = nearest(host.productId, ids);
        ctx.report(
          'unknown-product',
          `${host.pointer}/product`,
          `"${clip(host.productId)}" is not a product in the catalog.` +
            (suggestion ? ` Did you mean "${suggestion}"?` : '') +
            ` Known products: ${ids.join(', ')} (see \`virtplan facts\`).`,
          suggestion ? { data: { replacement: suggestion } } : {},
        );
      }
    },
  },
  {
    code: 'edition-required',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        const family = host.product?.editions;
        if (!family || Object.hasOwn(host.raw, 'edition')) continue;
        const names = Object.values(family.editions).map((e) => e!.name);
        ctx.report(
          'edition-required',
          host.pointer,
          `${hostLabel(host)} runs ${host.product!.name}, which comes in ${editionList(names)} editions. Add "edition": it sets the socket and memory limits, failover clustering and how many Windows guests are licensed.`,
        );
      }
    },
  },
  {
    code: 'edition-not-applicable',
    check(ctx) {
      for (const host of ctx.model.hosts) {
        if (!host.product || host.product.editions || !(Object.hasOwn(host.raw, 'edition'))) continue;
        ctx.report('edition-not-applicable', `${host.pointer}/edition`, `${host.product.name} has no editions; remove "edition".`);
      }
    },
  },
];
