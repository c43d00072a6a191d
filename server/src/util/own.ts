/**
 * `record[key]` only when `key` is the record's own property. Plan text used as a key of a
 * plain object would otherwise find Object.prototype's members: `toString` is a function and
 * `__proto__` an object, and either would reach a message or a fix as a value.
 */
export function own<V>(record: Readonly<Partial<Record<string, V>>> | undefined, key: string): V | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A lookup table keyed by plan text: no prototype, so only the entries given are found. */
export function table<V>(entries: Record<string, V>): Readonly<Record<string, V>> {
  return Object.assign(Object.create(null) as Record<string, V>, entries);
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
