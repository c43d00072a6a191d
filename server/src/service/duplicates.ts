import { visit } from 'jsonc-parser';
import type { Finding } from '../rules/finding';
import { resolvePointer, toPointer } from './pointer';
import { commentEnd, QUOTE, SLASH, stringEnd } from './scan';
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
  while (i < text.length) {
    const ch = text.charCodeAt(i);
    if (ch === QUOTE) {
      i = stringEnd(text, i);
      continue;
    }
    if (ch === SLASH) {
      const end = commentEnd(text, i);
      if (end !== -1) {
        i = end;
        continue;
      }
    } else if (ch === 58) {
      count++;
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
