/** Formats a number of GB or a count for a message: 3.6, 2048, 12.5. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${fmt(count)} ${count === 1 ? one : many}`;
}

/** An edition's licensed guests in words: `1 Windows guest licensed`, `unlimited Windows guests licensed`. */
export function guestsLicensed(count: number | 'unlimited'): string {
  return `${typeof count === 'number' ? plural(count, 'Windows guest') : `${count} Windows guests`} licensed`;
}

/** A value from the plan as messages quote it: long strings are cut, so a message stays a line. */
export function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Names for a message: the first few, then how many more, so a message stays a line. */
export function listed(names: readonly string[], shown = 5): string {
  const head = names.slice(0, shown).map((n) => clip(n, 40));
  return names.length > shown ? `${head.join(', ')} and ${names.length - shown} more` : head.join(', ');
}
