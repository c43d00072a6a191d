import { visit } from 'jsonc-parser';
import type { Finding } from './diagnostic';
import { resolvePointer, toPointer } from './pointer';
import { describeLocation } from './schema';
import { deepSafe } from '../util/deep-safe';
import { clip } from '../util/format';

/** Property names in the parsed value, counted without building anything. */
function countValueProperties(value: unknown): number {
  let count = 0;
  const stack: unknown[] = [value];
  while (stack.length) {
    const item = stack.pop();
    if (Array.isArray(item)) {
      for (const element of item) if (typeof element === 'object' && element !== null) stack.push(element);
    } else if (typeof item === 'object' && item !== null) {
      for (const key in item) {
        count++;
        const inner = (item as Record<string, unknown>)[key];
        if (typeof inner === 'object' && inner !== null) stack.push(inner);
      }
    }
  }
  return count;
}

/** Colons outside strings and comments: the properties written in the text. */
function countTextProperties(text: string): number {
  let count = 0;
  let i = 0;
  const length = text.length;
  while (i < length) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      let close = text.indexOf('"', i + 1);
      while (close !== -1) {
        let backslashes = 0;
        while (text.charCodeAt(close - 1 - backslashes) === 92) backslashes++;
        if (backslashes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      i = close === -1 ? length : close + 1;
      continue;
    }
    if (ch === 58) count++;
    else if (ch === 47 && text.charCodeAt(i + 1) === 47) {
      const end = text.indexOf('\n', i);
      i = end === -1 ? length : end;
      continue;
    } else if (ch === 47 && text.charCodeAt(i + 1) === 42) {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? length : end + 2;
      continue;
    }
    i++;
  }
  return count;
}

/**
 * Keys written twice in one object. JSON.parse keeps the last and drops the first without a
 * word; the earlier key is reported. Counting properties in the text and in the value finds
 * out cheaply whether there is any duplicate; only then is the text visited to find where.
 */
export function findDuplicateKeys(source: string, value: unknown): Finding[] {
  if (countTextProperties(source) === countValueProperties(value)) return [];
  const findings: Finding[] = [];
  const objects: Array<Map<string, number>> = [];
  deepSafe(() =>
    visit(
      source,
      {
        onObjectBegin: () => {
          objects.push(new Map());
        },
        onObjectEnd: () => {
          objects.pop();
        },
        onObjectProperty: (name, offset, length, _line, _character, pathOfObject) => {
          const keys = objects[objects.length - 1];
          const pointer = toPointer([...pathOfObject(), name]);
          // A key whose value a syntax error swallowed was never stored: nothing was dropped.
          if (keys?.has(name) && resolvePointer(value, pointer) !== undefined) {
            const earlier = keys.get(name)!;
            findings.push({
              code: 'schema',
              severity: 'error',
              message: `"${clip(name)}" is written twice in ${describeLocation(value, pathOfObject().map(String))}; only the later one counts. Remove or rename the other.`,
              pointer,
              span: { offset: earlier, length },
            });
          }
          keys?.set(name, offset);
        },
      },
      { allowTrailingComma: true, disallowComments: false },
    ),
  );
  return findings;
}
