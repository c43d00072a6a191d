import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse, type ParseError } from 'jsonc-parser';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-types';
import type { CompletionOptions } from '../../server/src/service/completion';
import { PlanLanguageService } from '../../server/src/service/language-service';

const service = new PlanLanguageService();
const VSCODE: CompletionOptions = { snippetSupport: true, triggerSuggest: true };

/** Completion at the `|` in `marked`, as the text is: no space is added around the cursor. */
export function complete(marked: string, options: CompletionOptions = VSCODE): { list: CompletionList; text: string } {
  const offset = marked.indexOf('|');
  assert.ok(offset >= 0, 'the text has a | cursor');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const parsed = service.parse(text);
  return { list: service.complete(parsed, parsed.lines.positionAt(offset), options), text };
}

const labels = (list: CompletionList) => list.items.map((i) => i.label);
const item = (list: CompletionList, label: string): CompletionItem => {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `an item ${label} among ${labels(list).join(', ')}`);
  return found;
};

/** The options of a choice placeholder's body (`a,b\\,c`), unescaped. */
const choices = (body: string): string[] => (body.match(/(?:\\.|[^\\,])+/g) ?? []).map((o) => o.replace(/\\(.)/g, '$1'));
const CHOICE = /\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}/g;

/** A snippet as the editor leaves it when every placeholder keeps its default (the first choice), or takes `pick`'s option for a stop. */
export function expandSnippet(snippet: string, pick: Record<number, number> = {}): string {
  return snippet
    .replace(CHOICE, (_, stop: string, body: string) => choices(body)[pick[Number(stop)] ?? 0])
    .replace(/\$\{\d+:((?:\\.|[^\\}])*)\}/g, (_, text: string) => text.replace(/\\(.)/g, '$1'))
    .replace(/\$\d+/g, '');
}

/** The text after accepting `item`: its edit, its additional edits, its snippet filled with defaults. */
export function accept(text: string, item: CompletionItem): string {
  const parsed = service.parse(text);
  const edit = item.textEdit as TextEdit;
  assert.ok(edit, `${item.label} says what it replaces`);
  const all = [{ ...edit, newText: expandSnippet(edit.newText) }, ...(item.additionalTextEdits ?? [])];
  all.sort((a, b) => parsed.lines.offsetAt(b.range.start) - parsed.lines.offsetAt(a.range.start));
  let out = text;
  for (const e of all) out = out.slice(0, parsed.lines.offsetAt(e.range.start)) + e.newText + out.slice(parsed.lines.offsetAt(e.range.end));
  return out;
}

function syntaxErrors(text: string): ParseError[] {
  const errors: ParseError[] = [];
  parse(text, errors, { allowTrailingComma: true });
  return errors;
}

function acceptCleanly(marked: string, label: string): string {
  const { list, text } = complete(marked);
  const after = accept(text, item(list, label));
  assert.deepEqual(syntaxErrors(after), [], `accepting ${label} at ${marked} leaves ${after}`);
  return after;
}

const HOSTS = '{"name":"p","hosts":[{"name":"hv-01","product":"hyperv-2008","edition":"enterprise"},{"name":"hv-02","product":"vmware-esx-3.5"}]';

describe('completion where auto-closing leaves the cursor, with no space around it', () => {
  it('{|}: the plan’s properties', () => {
    const { list } = complete('{|}');
    assert.ok(labels(list).includes('name') && labels(list).includes('hosts'), labels(list).join());
    assert.equal(acceptCleanly('{|}', 'hosts'), '{"hosts": []}');
  });

  it('"hardware": {|}: the hardware properties', () => {
    const { list } = complete(`${HOSTS.slice(0, -2)},"hardware":{|}}]}`);
    assert.ok(['sockets', 'coresPerSocket', 'memoryGB'].every((l) => labels(list).includes(l)), labels(list).join());
  });

  it('"updates": [|]: the product’s updates', () => {
    assert.deepEqual(labels(complete('{"name":"p","hosts":[{"name":"h","product":"hyperv-2008","updates":[|]}]}').list), ['KB956710']);
  });

  it('"nodes": [|]: the plan’s host names', () => {
    const marked = `${HOSTS},"clusters":[{"name":"c","nodes":[|]}]}`;
    assert.deepEqual(labels(complete(marked).list), ['hv-01', 'hv-02']);
    assert.match(acceptCleanly(marked, 'hv-02'), /"nodes":\["hv-02"\]/);
  });

  it('"host": |}: host names, before a closing brace with no space', () => {
    assert.deepEqual(labels(complete(`${HOSTS},"vms":[{"host":|}]}`).list), ['hv-01', 'hv-02']);
  });

  it('"host": "|": host names replacing the empty string', () => {
    const marked = `${HOSTS},"vms":[{"host":"|"}]}`;
    assert.deepEqual(labels(complete(marked).list), ['hv-01', 'hv-02']);
    assert.match(acceptCleanly(marked, 'hv-01'), /"host":"hv-01"\}/);
  });

  it('"hosts": [|]: a {} item and the host snippet', () => {
    const marked = '{"name":"p","hosts":[|]}';
    assert.ok(labels(complete(marked).list).includes('virtplan host'));
    assert.equal(acceptCleanly(marked, '{}'), '{"name":"p","hosts":[{}]}');
    assert.equal(item(complete(marked).list, '{}').command?.command, 'editor.action.triggerSuggest');
  });

  it('at the end of the file', () => {
    assert.ok(labels(complete('{"name":"p","hosts":[{"name":"h","product":|').list).includes('hyperv-2008-r2'));
    assert.ok(labels(complete('{"name":"p","hosts":[{"name":"h",|').list).includes('product'));
  });

  it('a string typed without its closing quote keeps the brackets after it on its line', () => {
    assert.equal(acceptCleanly('{"name":"p","hosts":[{"na|}]}', 'name'), '{"name":"p","hosts":[{"name": ""}]}');
    assert.equal(acceptCleanly('{"name":"p","hosts":[{"name":"h","product":"hyp|}]}', 'hyperv-2008'), '{"name":"p","hosts":[{"name":"h","product":"hyperv-2008"}]}');
    assert.match(acceptCleanly(`${HOSTS},"vms":[{"host":"hv|}]}`, 'hv-02'), /"host":"hv-02"\}\]\}$/);
    assert.match(acceptCleanly('{"name":"p","hosts":[{"name":"h","product":"hyperv-2008","updates":["|]}]}', 'KB956710'), /"updates":\["KB956710"\]\}\]\}$/);
  });

  it('after a comma, right before the closing bracket', () => {
    assert.ok(labels(complete('{"name":"p","hosts":[{"name":"h",|}]}').list).includes('product'));
    assert.deepEqual(labels(complete(`${HOSTS},"clusters":[{"name":"c","nodes":["hv-01",|]}]}`).list), ['hv-01', 'hv-02']);
  });
});

describe('completion in the right context', () => {
  it('a property inserted before another gets its comma', () => {
    assert.equal(acceptCleanly('{|"name":"p"}', 'hosts'), '{"hosts": [],"name":"p"}');
    assert.equal(acceptCleanly('{"name":"p","hosts":[{"name":"h",|"product":"hyperv-2008"}]}', 'hardware'), '{"name":"p","hosts":[{"name":"h","hardware": {},"product":"hyperv-2008"}]}');
  });

  it('on a new line after a value with no comma: the next keys, with the comma put after that value', () => {
    const marked = '{"name":"p","hosts":[{"name":"h","product":"hyperv-2008"\n|}]}';
    const { list } = complete(marked);
    assert.ok(!labels(list).includes('vmware-esx-3.5'), 'no product ids');
    assert.ok(labels(list).includes('hardware'), labels(list).join());
    assert.equal(acceptCleanly(marked, 'hardware'), '{"name":"p","hosts":[{"name":"h","product":"hyperv-2008",\n"hardware": {}}]}');
    assert.match(acceptCleanly(`${HOSTS},"clusters":[{"name":"c","nodes":["hv-01"\n|]}]}`, 'hv-02'), /"nodes":\["hv-01",\n"hv-02"\]/);
    assert.equal(acceptCleanly('{"name":"p","hosts":[{"name":"h","product":"hyperv-2008"\n"ha|"}]}', 'hardware'), '{"name":"p","hosts":[{"name":"h","product":"hyperv-2008",\n"hardware": {}}]}');
    assert.match(acceptCleanly(`${HOSTS},"clusters":[{"name":"c","nodes":["hv-01"\n"hv|"]}]}`, 'hv-02'), /"nodes":\["hv-01",\n"hv-02"\]/);
  });

  it('inside an array before {: items, not keys', () => {
    const marked = '{"name":"p","hosts":[|{"name":"h"}]}';
    const { list } = complete(marked);
    assert.ok(!list.items.some((i) => i.label === 'product' || i.label === 'hardware'), labels(list).join());
    assert.equal(acceptCleanly(marked, '{}'), '{"name":"p","hosts":[{},{"name":"h"}]}');
  });

  it('accepting a key whose value has suggestions opens them', () => {
    const { list } = complete('{"name":"p","hosts":[{|}]}');
    assert.equal(item(list, 'product').command?.command, 'editor.action.triggerSuggest');
    assert.equal(item(list, 'hardware').command?.command, 'editor.action.triggerSuggest');
    const plain = complete('{"name":"p","hosts":[{|}]}', { snippetSupport: true });
    assert.equal(item(plain.list, 'product').command, undefined, 'only for a client that has the command');
  });

  it('nothing inside a comment, in a sound plan or a broken one', () => {
    for (const marked of ['{"name":"p", // a note|\n"hosts":[]}', '{"name":"p","hosts":[/* |*/]}', '{"name":"p","hosts":[ // |\n']) {
      assert.deepEqual(labels(complete(marked).list), [], marked);
    }
  });

  it('a key typed before an existing colon is replaced alone', () => {
    assert.equal(acceptCleanly('{"name":"p","hosts":[{"prod|":"x"}]}', 'product'), '{"name":"p","hosts":[{"product":"x"}]}');
  });
});

describe('suggestions that fit the plan', () => {
  it('no edition, key or values, for a product without editions', () => {
    const esx = '{"name":"p","hosts":[{"name":"h","product":"vmware-esx-3.5",|}]}';
    assert.ok(!labels(complete(esx).list).includes('edition'));
    assert.deepEqual(labels(complete('{"name":"p","hosts":[{"name":"h","product":"vmware-esx-3.5","edition":|}]}').list), []);
    assert.ok(labels(complete('{"name":"p","hosts":[{"name":"h","product":"hyperv-2008",|}]}').list).includes('edition'));
    assert.deepEqual(labels(complete('{"name":"p","hosts":[{"name":"h","product":"hyperv-2008","edition":"|"}]}').list).sort(), ['datacenter', 'enterprise', 'standard']);
  });

  it('only codes a suppression can silence in a suppress list', () => {
    for (const marked of ['{"name":"p","suppress":["|"]}', `${HOSTS},"vms":[{"name":"v","suppress":[|]}]}`]) {
      const offered = labels(complete(marked).list);
      assert.ok(offered.includes('too-many-vcpus'), marked);
      for (const never of ['parse-error', 'suppression-unused', 'file-too-large']) assert.ok(!offered.includes(never), `${never} in ${marked}`);
    }
  });

  it('host, VM and cluster snippets only where such an item goes', () => {
    for (const marked of ['{"name":"p",|}', '{|}', '{"name":"p","hosts":[{|}]}']) {
      assert.ok(!labels(complete(marked).list).some((l) => /virtplan (host|vm|cluster)/.test(l)), marked);
    }
    assert.ok(labels(complete('{"name":"p","vms":[|]}').list).includes('virtplan vm'));
  });

  it('the cluster and VM snippets use the plan’s host names', () => {
    const cluster = item(complete(`${HOSTS},"clusters":[|]}`).list, 'virtplan cluster');
    const after = accept(`${HOSTS},"clusters":[]}`, cluster);
    assert.deepEqual(syntaxErrors(after), []);
    assert.deepEqual((parse(after) as { clusters: Array<{ nodes: string[] }> }).clusters[0].nodes, ['hv-01', 'hv-02']);
    const vm = item(complete(`${HOSTS},"vms":[|]}`).list, 'virtplan vm');
    assert.equal((parse(accept(`${HOSTS},"vms":[]}`, vm)) as { vms: Array<{ host: string }> }).vms[0].host, 'hv-01');
    const bare = item(complete('{"name":"p","hosts":[],"clusters":[|]}').list, 'virtplan cluster');
    assert.doesNotMatch((bare.textEdit as TextEdit).newText, /hv-0/, 'no host name the plan does not have');
  });

  it('a product picked in the plan or host snippet comes with an edition exactly when it has editions', () => {
    const snippets = [
      { marked: '|', label: 'virtplan plan' },
      { marked: `${HOSTS.slice(0, -1)},|]}`, label: 'virtplan host' },
    ];
    for (const { marked, label } of snippets) {
      const { list, text } = complete(marked);
      const edit = item(list, label);
      const snippet = (edit.textEdit as TextEdit | undefined)?.newText ?? (edit.insertText as string);
      const productStop = [...snippet.matchAll(CHOICE)].find((m) => choices(m[2]).some((o) => o.includes('vmware-esx-3.5')))!;
      const options = choices(productStop[2]);
      assert.ok(options.length >= 6, `${label} offers the products`);
      options.forEach((_, i) => {
        const filled = expandSnippet(snippet, { [Number(productStop[1])]: i });
        const after = edit.textEdit ? accept(text, { ...edit, textEdit: { ...(edit.textEdit as TextEdit), newText: filled } }) : filled;
        assert.deepEqual(syntaxErrors(after), [], after);
        const codes = service.validate(service.parse(after)).map((d) => String(d.code));
        assert.deepEqual(codes.filter((c) => c.startsWith('edition-')), [], `${label}, option ${i + 1}: ${after}`);
      });
    }
  });

  it('the editor takes its snippets from the server, which knows where they go', async () => {
    const manifest = (await import('../../package.json')).default as { contributes: Record<string, unknown> };
    assert.equal(manifest.contributes.snippets, undefined);
  });
});

/** A snippet filled with its defaults, and where the cursor goes: the end of the first tab stop, else the end. */
function expandWithCursor(snippet: string): { text: string; cursor: number } {
  let text = '';
  let first: { stop: number; at: number } | undefined;
  const pattern = /\$\{(\d+)\|((?:\\.|[^\\|])*)\|\}|\$\{(\d+):((?:\\.|[^\\}])*)\}|\$(\d+)/g;
  let last = 0;
  for (const m of snippet.matchAll(pattern)) {
    text += snippet.slice(last, m.index);
    text += m[2] !== undefined ? choices(m[2])[0] : (m[4] ?? '').replace(/\\(.)/g, '$1');
    const stop = Number(m[1] ?? m[3] ?? m[5]);
    if (stop > 0 && (!first || stop < first.stop)) first = { stop, at: text.length };
    last = m.index + m[0].length;
  }
  text += snippet.slice(last);
  return { text, cursor: first?.at ?? text.length };
}

/** Accepts the item labelled `label` at the cursor, as VS Code does: its edits, then the cursor at its first tab stop. */
function acceptAt(state: { text: string; cursor: number }, label: string): { text: string; cursor: number; reopens: boolean } {
  const parsed = service.parse(state.text);
  const list = service.complete(parsed, parsed.lines.positionAt(state.cursor), VSCODE);
  const chosen = item(list, label);
  const edit = chosen.textEdit as TextEdit;
  const start = parsed.lines.offsetAt(edit.range.start);
  const end = parsed.lines.offsetAt(edit.range.end);
  const expanded = chosen.insertTextFormat === 2 ? expandWithCursor(edit.newText) : { text: edit.newText, cursor: edit.newText.length };
  let text = state.text.slice(0, start) + expanded.text + state.text.slice(end);
  let cursor = start + expanded.cursor;
  for (const extra of chosen.additionalTextEdits ?? []) {
    const at = parsed.lines.offsetAt(extra.range.start);
    assert.ok(at <= start, 'an additional edit comes before the item');
    text = text.slice(0, at) + extra.newText + text.slice(parsed.lines.offsetAt(extra.range.end));
    cursor += extra.newText.length;
  }
  return { text, cursor, reopens: chosen.command?.command === 'editor.action.triggerSuggest' };
}

describe('typing a VM by accepting suggestions', () => {
  it('from an empty list to a VM without a syntax or structure error, pressing only Enter, Tab and the name', () => {
    const plan = '{\n  "name": "p",\n  "hosts": [{ "name": "hv-01", "product": "hyperv-2008", "edition": "enterprise", "hardware": { "sockets": 2, "coresPerSocket": 4, "memoryGB": 64 } }],\n  "vms": []\n}\n';
    let state = { text: plan, cursor: plan.indexOf('[]') + 1 };
    const type = (typed: string) => (state = { text: state.text.slice(0, state.cursor) + typed + state.text.slice(state.cursor), cursor: state.cursor + typed.length });
    /** Tab past the end of a string value that a snippet opened. */
    const leaveString = () => (state = { ...state, cursor: state.text.indexOf('"', state.cursor) + 1 });
    /** Tab past the end of an object that a snippet opened. */
    const leaveObject = () => (state = { ...state, cursor: state.text.indexOf('}', state.cursor) + 1 });
    const steps: Array<() => void> = [
      () => (state = acceptAt(state, '{}')),
      () => (state = acceptAt(state, 'name')),
      () => type('web-01'),
      leaveString,
      () => type('\n'),
      () => {
        const next = acceptAt(state, 'host');
        assert.ok(next.reopens, 'accepting "host" opens the host names');
        state = next;
      },
      () => (state = acceptAt(state, 'hv-01')),
      () => type('\n'),
      () => (state = acceptAt(state, 'guest')),
      () => (state = acceptAt(state, 'os')),
      leaveString,
      leaveObject,
      () => type('\n'),
      () => (state = acceptAt(state, 'vcpus')),
      () => type('\n'),
      () => (state = acceptAt(state, 'memoryGB')),
    ];
    for (const step of steps) step();
    assert.deepEqual(syntaxErrors(state.text), [], state.text);
    const vm = (parse(state.text) as { vms: Array<Record<string, unknown>> }).vms[0];
    assert.deepEqual(Object.keys(vm), ['name', 'host', 'guest', 'vcpus', 'memoryGB']);
    assert.deepEqual(service.validate(service.parse(state.text)).filter((d) => d.severity === 1), [], state.text);
  });
});
