/** JSON Pointers (RFC 6901), the form every diagnostic's location takes. */

export function escapeSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

export function toPointer(segments: ReadonlyArray<string | number>): string {
  let pointer = '';
  for (const segment of segments) pointer += '/' + escapeSegment(segment);
  return pointer;
}

/**
 * The pointer itself, then each ancestor up to the root (''): its prefixes that end before a
 * `/`. An escaped segment holds no `/` (it is written `~1`), so no segment is parsed or
 * escaped again.
 */
export function ancestorPointers(pointer: string): string[] {
  const out = [pointer];
  for (let end = pointer.lastIndexOf('/'); end >= 0; end = end === 0 ? -1 : pointer.lastIndexOf('/', end - 1)) out.push(pointer.slice(0, end));
  return out;
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  const segments = pointer.slice(1).split('/');
  // Most pointers escape nothing: no segment is searched for an escape then.
  return pointer.includes('~') ? segments.map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~')) : segments;
}

/** The value a pointer names inside a parsed JSON value, or undefined. */
export function resolvePointer(root: unknown, pointer: string): unknown {
  let value = root;
  for (const segment of parsePointer(pointer)) {
    if (Array.isArray(value)) value = /^(0|[1-9]\d*)$/.test(segment) ? value[Number(segment)] : undefined;
    else if (typeof value === 'object' && value !== null && Object.prototype.hasOwnProperty.call(value, segment)) {
      value = (value as Record<string, unknown>)[segment];
    } else return undefined;
  }
  return value;
}
