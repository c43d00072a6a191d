/**
 * Counts of a parsed value and of its text that let a scan trust shortcuts: whether any key is
 * written twice (json/duplicates.ts), and whether every bracket of the text is one of the
 * value's objects and arrays, so a container can be stepped over by its brackets alone.
 */

export interface ValueCounts {
  /** Property names, over all objects. */
  properties: number;
  /** Objects and arrays, the value itself included. */
  containers: number;
}

const counted = new WeakMap<object, ValueCounts>();

/** The value's properties and containers, counted once per value without building anything. */
export function countValue(value: unknown): ValueCounts {
  if (typeof value !== 'object' || value === null) return { properties: 0, containers: 0 };
  const known = counted.get(value);
  if (known) return known;
  let properties = 0;
  let containers = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      containers++;
      for (const element of item) if (typeof element === 'object' && element !== null) stack.push(element);
    } else if (typeof item === 'object' && item !== null) {
      containers++;
      for (const key in item) {
        properties++;
        const inner = (item as Record<string, unknown>)[key];
        if (typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
  const counts = { properties, containers };
  counted.set(value, counts);
  return counts;
}

/** How often a character occurs in the text, found with indexOf. */
export function occurrences(text: string, ch: string): number {
  let count = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) count++;
  return count;
}

const structural = new WeakMap<object, { source: string; answer: boolean }>();

/**
 * Whether every bracket of a text JSON.parse read (comments and trailing commas blanked) opens
 * or closes one of the value's containers: none is inside a string or a comment, and no key
 * written twice dropped a container. Each container is written with one opening and one
 * closing bracket, so the text holds at least as many of each as the value has containers;
 * just as many of both says there are no others.
 */
export function bracketsAreStructural(source: string, value: unknown): boolean {
  // Every feature of a version locates through here: the answer is kept with the value.
  const known = typeof value === 'object' && value !== null ? structural.get(value) : undefined;
  if (known && known.source === source) return known.answer;
  const { containers } = countValue(value);
  const answer =
    occurrences(source, '{') + occurrences(source, '[') === containers &&
    occurrences(source, '}') + occurrences(source, ']') === containers;
  if (typeof value === 'object' && value !== null) structural.set(value, { source, answer });
  return answer;
}


/**
 * What is known of `before` carried to `after`, a value made from it by replacing one string or
 * number, written in the new text `source` from `offset` to `offset + added` where the old
 * text `removed` stood: the same containers and properties, and, when neither the old nor the
 * new text of the value holds a bracket, the same answer about the text's brackets.
 */
export function carryCounts(before: { readonly source: string; readonly value: unknown }, after: { readonly source: string; readonly value: unknown }, offset: number, removed: number, added: number): void {
  if (typeof before.value !== 'object' || before.value === null || typeof after.value !== 'object' || after.value === null) return;
  const counts = counted.get(before.value);
  if (counts) counted.set(after.value, counts);
  const known = structural.get(before.value);
  if (!known || known.source !== before.source) return;
  const bracket = /[{}[\]]/;
  if (bracket.test(before.source.slice(offset, offset + removed)) || bracket.test(after.source.slice(offset, offset + added))) return;
  structural.set(after.value, { source: after.source, answer: known.answer });
}

/**
 * Steps over the container opening at `start` by its brackets alone, found with indexOf (many
 * times faster than reading each character); only for a text whose brackets are all
 * structural (`bracketsAreStructural`). Returns the offset after its closing bracket.
 */
export function skipByBrackets(text: string, start: number): number {
  const far = text.length;
  const find = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at === -1 ? far : at;
  };
  let openBrace = find('{', start + 1);
  let closeBrace = find('}', start + 1);
  let openBracket = find('[', start + 1);
  let closeBracket = find(']', start + 1);
  let depth = 1;
  for (;;) {
    const open = openBrace < openBracket ? openBrace : openBracket;
    const close = closeBrace < closeBracket ? closeBrace : closeBracket;
    if (open < close) {
      depth++;
      if (open === openBrace) openBrace = find('{', open + 1);
      else openBracket = find('[', open + 1);
      continue;
    }
    if (close >= far) return far;
    if (--depth === 0) return close + 1;
    if (close === closeBrace) closeBrace = find('}', close + 1);
    else closeBracket = find(']', close + 1);
  }
}
