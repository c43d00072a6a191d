/** Formats a number of GB or a count for a message: 3.6, 2048, 12.5. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10) / 10);
}

/** `value` to at most `decimals` decimals, trailing zeros dropped; one decimal is `fmt`. */
export function fmtTo(value: number, decimals: number): string {
  if (decimals <= 1 || Number.isInteger(value)) return fmt(value);
  const fixed = value.toFixed(Math.min(decimals, 20));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

/**
 * Amounts are compared with a tolerance of 10⁻⁹ (model/capacity.ts): more decimals than that
 * would show the rounding of a sum, not a difference.
 */
const MOST_DECIMALS = 9;

/**
 * The decimals that show `value` as more than `limit` when it is: one, as `fmt` shows amounts,
 * or as many more as it takes (2.3001 of 2.3, not 2.3 of 2.3). An amount within its limit
 * never shows as over with one decimal, so only one over it needs more.
 */
export function overDecimals(value: number, limit: number): number {
  let decimals = 1;
  if (!(value > limit)) return decimals;
  while (decimals < MOST_DECIMALS && Number(fmtTo(value, decimals)) <= Number(fmtTo(limit, decimals))) decimals++;
  return decimals;
}

/** An amount and the limit it is measured against, with the decimals that keep an amount over its limit from looking equal to it. */
export function fmtOver(value: number, limit: number): [string, string] {
  const decimals = overDecimals(value, limit);
  return [fmtTo(value, decimals), fmtTo(limit, decimals)];
}

/** A shortfall or surplus: a positive amount never shows as 0 (0.0001, not 0). */
export function fmtPositive(value: number): string {
  const shown = fmtTo(value, overDecimals(value, 0));
  return value > 0 && Number(shown) === 0 ? String(value) : shown;
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
