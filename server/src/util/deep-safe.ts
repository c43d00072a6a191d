/**
 * jsonc-parser's visitor recurses once per nesting level: a hostile file nested tens of
 * thousands deep overflows the stack. Such a file has nothing to offer those features.
 */
export function deepSafe<T>(run: () => T): T | undefined {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
