import { findNodeAtOffset, parseTree, visit, type Node } from 'jsonc-parser';
import { FoldingRangeKind, type FoldingRange, type SelectionRange } from 'vscode-languageserver-types';
import type { ParsedPlan } from '../json/parse';
import type { Position } from '../json/text';

const REGION = /^\s*(?:\/\/|\/\*)\s*#(region|endregion)\b/;

/**
 * Folding ranges for objects and arrays that span lines, block comments, and `// #region` …
 * `// #endregion` pairs. A container folds up to the line before its closing bracket, so the
 * bracket stays in sight, as in VS Code's own JSON support; a range per start line at most.
 */
export function foldingRanges(parsed: ParsedPlan, limit = Number.MAX_SAFE_INTEGER): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const open: number[] = [];
  const regions: number[] = [];
  let lastStart = -1;
  const lineOf = (offset: number) => parsed.lines.positionAt(offset).line;
  const add = (range: FoldingRange) => {
    if (range.startLine === lastStart || ranges.length >= limit) return;
    ranges.push(range);
    lastStart = range.startLine;
  };
  const close = (offset: number) => {
    const startLine = open.pop();
    const line = lineOf(offset);
    if (startLine !== undefined && line > startLine + 1) add({ startLine, endLine: line - 1 });
  };
  visit(parsed.source, {
    onObjectBegin: (offset) => void open.push(lineOf(offset)),
    onArrayBegin: (offset) => void open.push(lineOf(offset)),
    onObjectEnd: (offset) => close(offset),
    onArrayEnd: (offset) => close(offset),
    onComment: (offset, length) => {
      const text = parsed.source.slice(offset, offset + length);
      const region = REGION.exec(text);
      if (region?.[1] === 'region') {
        regions.push(lineOf(offset));
      } else if (region) {
        const startLine = regions.pop();
        const line = lineOf(offset);
        if (startLine !== undefined && line > startLine) add({ startLine, endLine: line, kind: FoldingRangeKind.Region });
      } else if (text.startsWith('/*')) {
        const startLine = lineOf(offset);
        const endLine = lineOf(offset + length);
        if (endLine > startLine) add({ startLine, endLine, kind: FoldingRangeKind.Comment });
      }
    },
  }, { allowTrailingComma: true, disallowComments: false });
  // Ranges come out by their closing line; editors want them by their opening line.
  return ranges.sort((a, b) => a.startLine - b.startLine);
}

/**
 * For each position, the ranges a "expand selection" steps through: the text inside a string's
 * quotes, the string, its property (key and value), the object or array around it, and so on
 * out to the whole plan. Each step strictly contains the one before.
 */
export function selectionRanges(parsed: ParsedPlan, positions: Position[]): SelectionRange[] {
  let root: Node | undefined;
  try {
    root = parseTree(parsed.source, [], { allowTrailingComma: true, disallowComments: false });
  } catch {
    root = undefined;
  }
  return positions.map((position) => {
    const offset = parsed.lines.offsetAt(position);
    const spans: Array<[number, number]> = [];
    let node = root && findNodeAtOffset(root, offset, true);
    if (node?.type === 'string' && node.length >= 2 && offset > node.offset && offset < node.offset + node.length) {
      spans.push([node.offset + 1, node.offset + node.length - 1]);
    }
    for (; node; node = node.parent) spans.push([node.offset, node.offset + node.length]);
    let result: SelectionRange | undefined;
    // From the outside in, so each range is the parent of the next; equal spans are one step.
    for (let i = spans.length - 1; i >= 0; i--) {
      const [start, end] = spans[i];
      if (result && parsed.lines.offsetAt(result.range.start) === start && parsed.lines.offsetAt(result.range.end) === end) continue;
      result = { range: parsed.lines.rangeAt(start, end - start), ...(result ? { parent: result } : {}) };
    }
    return result ?? { range: { start: position, end: position } };
  });
}
