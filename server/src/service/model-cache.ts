import type { Catalog } from '../catalog/catalog';
import { capacityOf, type CapacityModel, type CapacityOptions } from '../model/capacity';
import { buildModel, type PlanModel } from '../model/plan';
import type { ParsedPlan } from '../json/parse';

const models = new WeakMap<ParsedPlan, PlanModel | null>();

/** The rules' view of a plan version, for features that explain limits; built once per version. */
export function modelOf(parsed: ParsedPlan, catalog: Catalog): PlanModel | undefined {
  let model = models.get(parsed);
  if (model === undefined) {
    model = buildModel(parsed.value, catalog) ?? null;
    models.set(parsed, model);
  }
  return model ?? undefined;
}

/** The capacity of a plan version, shared by diagnostics, hovers, inlay hints and code lens; built once per version. */
export function capacityOfParsed(parsed: ParsedPlan, catalog: Catalog, options?: CapacityOptions): { model: PlanModel; capacity: CapacityModel } | undefined {
  const model = modelOf(parsed, catalog);
  return model ? { model, capacity: capacityOf(model, options) } : undefined;
}
