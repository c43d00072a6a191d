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

/** What `bracketsAreStructural` knows already of a value and its text, without counting. */
export function knownStructural(source: string, value: unknown): boolean | undefined {
  const known = typeof value === 'object' && value !== null ? structural.get(value) : undefined;
  return known && known.source === source ? known.answer : undefined;
}

/** What a scan that counted every bracket of the text found (`BracketWalk`), kept as `bracketsAreStructural` keeps its answer. */
export function noteStructural(source: string, value: unknown, answer: boolean): void {
  if (typeof value === 'object' && value !== null) structural.set(value, { source, answer });
}

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

const OPEN_BRACE = '{';
const CLOSE_BRACE = '}';
const OPEN_BRACKET = '[';
const CLOSE_BRACKET = ']';

/**
 * The brackets of a text met in order by a scan that moves forward: each found once with
 * indexOf and counted once, whether a container is stepped over by its brackets (`skip`) or
 * the scan passes it another way (`passTo`). Once `finish` has counted the rest, `opens` and
 * `closes` are the text's counts, so the scan learns, at no extra pass, whether the brackets
 * it stepped by were all structural (`structuralFor`); when they were not, what it found by
 * them is not to be trusted.
 */
export class BracketWalk {
  /** Brackets counted so far. */
  opens = 0;
  closes = 0;
  // The next of each kind not counted yet; the text's length when there is none.
  private openBrace: number;
  private closeBrace: number;
  private openBracket: number;
  private closeBracket: number;

  constructor(private readonly text: string) {
    this.openBrace = this.find(OPEN_BRACE, 0);
    this.closeBrace = this.find(CLOSE_BRACE, 0);
    this.openBracket = this.find(OPEN_BRACKET, 0);
    this.closeBracket = this.find(CLOSE_BRACKET, 0);
  }

  private find(ch: string, from: number): number {
    const at = this.text.indexOf(ch, from);
    return at === -1 ? this.text.length : at;
  }

  /** Counts the brackets before `offset` that are not counted yet. */
  passTo(offset: number): void {
    while (this.openBrace < offset) {
      this.opens++;
      this.openBrace = this.find(OPEN_BRACE, this.openBrace + 1);
    }
    while (this.openBracket < offset) {
      this.opens++;
      this.openBracket = this.find(OPEN_BRACKET, this.openBracket + 1);
    }
    while (this.closeBrace < offset) {
      this.closes++;
      this.closeBrace = this.find(CLOSE_BRACE, this.closeBrace + 1);
    }
    while (this.closeBracket < offset) {
      this.closes++;
      this.closeBracket = this.find(CLOSE_BRACKET, this.closeBracket + 1);
    }
  }

  /**
   * `skipByBrackets(text, start)`, counting the brackets it passes: the offset after the
   * closing bracket of the container opening at `start`. `start` must not be before an offset
   * the walk has passed.
   */
  skip(start: number): number {
    this.passTo(start);
    const far = this.text.length;
    let depth = 0;
    for (;;) {
      const open = this.openBrace < this.openBracket ? this.openBrace : this.openBracket;
      const close = this.closeBrace < this.closeBracket ? this.closeBrace : this.closeBracket;
      if (open < close) {
        depth++;
        this.opens++;
        if (open === this.openBrace) this.openBrace = this.find(OPEN_BRACE, open + 1);
        else this.openBracket = this.find(OPEN_BRACKET, open + 1);
        continue;
      }
      if (close >= far) return far;
      this.closes++;
      if (close === this.closeBrace) this.closeBrace = this.find(CLOSE_BRACE, close + 1);
      else this.closeBracket = this.find(CLOSE_BRACKET, close + 1);
      if (--depth === 0) return close + 1;
    }
  }

  /**
   * Counts the rest of the text and says whether every bracket of it is one of the value's
   * containers: `bracketsAreStructural`'s answer, kept with the value as it keeps it.
   */
  structuralFor(value: unknown): boolean {
    this.passTo(this.text.length);
    const { containers } = countValue(value);
    const answer = this.opens === containers && this.closes === containers;
    noteStructural(this.text, value, answer);
    return answer;
  }
}
