/**
 * Whether two JSON values are equal: what ajv's `uniqueItems` asks of the items of a list. It
 * stands in for the deep-equal ajv ships (esbuild.mjs resolves `ajv/dist/runtime/equal` here), which
 * calls an object's `valueOf` and `toString` when they are not Object's own: a plan item such
 * as `{"toString": []}` is data, and calling it stopped the check with a TypeError. Only own
 * keys and values are read here, and nothing of the values is called.
 */
export default function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!equal(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    if (!Object.hasOwn(b, key) || !equal((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

// Where ajv writes the function into code it generates, as its own runtime/equal says.
equal.code = 'require("ajv/dist/runtime/equal").default';
