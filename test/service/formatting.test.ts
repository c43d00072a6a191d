import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, stripComments, visit, type Edit } from 'jsonc-parser';
import { getLanguageService } from 'vscode-json-languageservice';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentHighlightKind, type Range, type TextEdit } from 'vscode-languageserver-types';
import { formatEdits, formatPlanText } from '../../server/src/service/formatting';
import { findHighlights } from '../../server/src/service/navigation';
import { parsePlan } from '../../server/src/json/parse';
import { foldingRanges, selectionRanges } from '../../server/src/service/ranges';
import { planText } from '../helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);

/** Applies LSP edits with an independent line count, so the service's own index is not trusted. */
function apply(text: string, edits: TextEdit[]): string {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\r' && text[i + 1] === '\n') continue;
    if (ch === '\n' || ch === '\r') starts.push(i + 1);
  }
  const offset = (p: Range['start']) => starts[p.line] + p.character;
  const plain: Edit[] = edits.map((e) => ({ offset: offset(e.range.start), length: offset(e.range.end) - offset(e.range.start), content: e.newText }));
  return applyEdits(text, plain);
}

/**
 * The value of a laid-out text (comments, no trailing commas): JSON.parse after the comments
 * go, so a key such as "__proto__" is an own property, as the plan reads it. jsonc-parser's
 * `parse` sets such a key as the object's prototype, and two equal texts compare unequal.
 */
function parse(text: string): unknown {
  return JSON.parse(stripComments(text));
}

function comments(text: string): string[] {
  const found: string[] = [];
  visit(text, { onComment: (offset, length) => void found.push(text.slice(offset, offset + length)) });
  return found;
}

/** JSON text with comments and random white space between tokens, built from a value. */
const spacing = fc.constantFrom('', ' ', '\n', '\n    ', '\t', '\r\n', ' /* note */ ', '// line note\n', '\n/* two\n lines */\n');
function layout(value: unknown, gaps: string[]): string {
  let n = 0;
  const gap = () => gaps[n++ % gaps.length];
  const write = (v: unknown): string => {
    if (Array.isArray(v)) return `[${gap()}${v.map((x) => write(x)).join(`,${gap()}`)}${gap()}]`;
    if (typeof v === 'object' && v !== null) {
      const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}${gap()}:${gap()}${write(x)}`);
      return `{${gap()}${entries.join(`,${gap()}`)}${gap()}}`;
    }
    return JSON.stringify(v);
  };
  return `${gap()}${write(value)}${gap()}`;
}
const laidOut = fc.tuple(fc.jsonValue({ maxDepth: 4 }), fc.array(spacing, { minLength: 1, maxLength: 12 })).map(([v, gaps]) => layout(v, gaps));

describe('formatting', () => {
  it('never changes the value or the comments, and formatting twice changes nothing', () => {
    fc.assert(
      fc.property(laidOut, (text) => {
        const formatted = formatPlanText(text);
        assert.deepEqual(parse(formatted), parse(text));
        assert.deepEqual(comments(formatted), comments(text));
        assert.equal(formatPlanText(formatted), formatted);
        assert.ok(formatted.endsWith('\n'));
      }),
      { numRuns: RUNS },
    );
  });

  it('gives the editor edits that change only white space, also in broken files', () => {
    const damaged = fc.tuple(laidOut, fc.nat(), fc.nat(), fc.constantFrom('', ',', '"', '{', ']', ':')).map(([text, at, len, insert]) => {
      const start = at % (text.length + 1);
      return text.slice(0, start) + insert + text.slice(start + (len % 4));
    });
    fc.assert(
      fc.property(damaged, fc.constantFrom(2, 4), fc.boolean(), (text, tabSize, insertSpaces) => {
        const after = apply(text, formatEdits(parsePlan(text), { tabSize, insertSpaces }));
        assert.equal(after.replace(/\s+/g, ''), text.replace(/\s+/g, ''));
      }),
      { numRuns: RUNS },
    );
  });

  it('honours the editor tab size and tabs', () => {
    const text = '{"name":"p","hosts":[{"name":"h"\n}]}';
    assert.equal(apply(text, formatEdits(parsePlan(text), { tabSize: 4, insertSpaces: true })), '{\n    "name": "p",\n    "hosts": [\n        {\n            "name": "h"\n        }\n    ]\n}');
    assert.equal(apply(text, formatEdits(parsePlan(text), { tabSize: 4, insertSpaces: false })), '{\n\t"name": "p",\n\t"hosts": [\n\t\t{\n\t\t\t"name": "h"\n\t\t}\n\t]\n}');
  });

  it('keeps CRLF line ends and a byte-order mark', () => {
    const text = '\uFEFF{"name":"p",\r\n"hosts":[]}';
    const formatted = formatPlanText(text);
    assert.equal(formatted, '\uFEFF{\r\n  "name": "p",\r\n  "hosts": []\r\n}\r\n');
    assert.equal(apply(text, formatEdits(parsePlan(text), { tabSize: 2, insertSpaces: true })), formatted.slice(0, -2));
  });

  it('formats only the lines a range covers, indented as in the whole plan', () => {
    const text = '{\n"name":   "p",\n"hosts":   []\n}';
    const edits = formatEdits(parsePlan(text), { tabSize: 2, insertSpaces: true }, { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
    assert.equal(apply(text, edits), '{\n"name":   "p",\n  "hosts": []\n}');
  });
});

describe('folding ranges', () => {
  const json = getLanguageService({});

  it('fold as VS Code folds JSON with comments', () => {
    fc.assert(
      fc.property(laidOut, (text) => {
        const document = TextDocument.create('file:///a.json', 'jsonc', 1, text);
        // VS Code's JSON support also names its container ranges "object" and "array"; LSP has no such kinds.
        const strip = (r: { startLine: number; endLine: number; kind?: string }) => ({ startLine: r.startLine, endLine: r.endLine, ...(r.kind === 'comment' || r.kind === 'region' ? { kind: r.kind } : {}) });
        const order = (a: { startLine: number; endLine: number }, b: { startLine: number; endLine: number }) => a.startLine - b.startLine || a.endLine - b.endLine;
        assert.deepEqual(foldingRanges(parsePlan(text)).map(strip), json.getFoldingRanges(document).map(strip).sort(order));
      }),
      { numRuns: RUNS },
    );
  });

  it('fold block comments and regions, and respect the client limit', () => {
    const text = '{\n  // #region hosts\n  "hosts": [\n    {}\n  ],\n  // #endregion\n  /* a\n     b */\n  "name": "x"\n}\n';
    assert.deepEqual(foldingRanges(parsePlan(text)), [
      { startLine: 0, endLine: 8 },
      { startLine: 1, endLine: 5, kind: 'region' },
      { startLine: 2, endLine: 3 },
      { startLine: 6, endLine: 7, kind: 'comment' },
    ]);
    assert.equal(foldingRanges(parsePlan(text), 2).length, 2);
  });
});

describe('selection ranges', () => {
  it('grow from the cursor out to the whole plan, each step containing the last', () => {
    fc.assert(
      fc.property(laidOut, fc.double({ min: 0, max: 1, noNaN: true }), (text, at) => {
        const parsed = parsePlan(text);
        const position = parsed.lines.positionAt(Math.floor(at * text.length));
        const offset = parsed.lines.offsetAt(position);
        let range = selectionRanges(parsed, [position])[0];
        const spans: Array<[number, number]> = [];
        for (let r: typeof range | undefined = range; r; r = r.parent) spans.push([parsed.lines.offsetAt(r.range.start), parsed.lines.offsetAt(r.range.end)]);
        assert.ok(spans[0][0] <= offset && offset <= spans[0][1], 'the innermost range holds the cursor');
        for (let i = 1; i < spans.length; i++) {
          assert.ok(spans[i][0] <= spans[i - 1][0] && spans[i - 1][1] <= spans[i][1], 'each range contains the one inside it');
          assert.notDeepEqual(spans[i], spans[i - 1], 'no step repeats the last');
        }
        range = range.parent ?? range;
      }),
      { numRuns: RUNS },
    );
  });

  it('step from a host name to its property, its host, the hosts and the plan', () => {
    const text = '{"hosts": [{"name": "hv-01", "product": "hyperv-2008"}]}';
    const parsed = parsePlan(text);
    const texts: string[] = [];
    for (let r: ReturnType<typeof selectionRanges>[0] | undefined = selectionRanges(parsed, [{ line: 0, character: 22 }])[0]; r; r = r.parent) {
      texts.push(text.slice(parsed.lines.offsetAt(r.range.start), parsed.lines.offsetAt(r.range.end)));
    }
    assert.deepEqual(texts, ['hv-01', '"hv-01"', '"name": "hv-01"', '{"name": "hv-01", "product": "hyperv-2008"}', '[{"name": "hv-01", "product": "hyperv-2008"}]', '"hosts": [{"name": "hv-01", "product": "hyperv-2008"}]', text]);
  });
});

describe('document highlights', () => {
  it('mark every use of a host name, the declaration as written', () => {
    const text = planText();
    const parsed = parsePlan(text);
    const offset = text.indexOf('"hv-02"') + 2;
    const found = findHighlights(parsed, offset).map((h) => ({ line: h.range.start.line, text: text.split('\n')[h.range.start.line].slice(h.range.start.character, h.range.end.character), kind: h.kind }));
    assert.deepEqual(found.map((f) => [f.text, f.kind]), [['hv-02', DocumentHighlightKind.Write], ['hv-02', DocumentHighlightKind.Read]]);
    assert.deepEqual(findHighlights(parsed, text.indexOf('"Test plan"') + 2), [], 'the plan name is not a host');
  });
});
