import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parse } from 'jsonc-parser';
import precompiled from 'virtplan:plan-validator';
import { loadCatalog } from '../../server/src/catalog/catalog';
import { planValidator } from '../../server/src/service/schema';
import { repoRoot } from '../protocol/lsp-client';
import { planText } from '../helpers';

const schema = loadCatalog().planSchema;
/** The same schema as another object with a different text: compiled at run time. */
const runtime = planValidator({ ...schema, $comment: 'compiled when first used' });
const errorsOf = (validate: typeof runtime, value: unknown) => {
  validate(value);
  return (validate.errors ?? []).map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
};

const plans = [
  ...readdirSync(join(repoRoot(), 'examples')).map((file) => parse(readFileSync(join(repoRoot(), 'examples', file), 'utf8')) as unknown),
  JSON.parse(planText()) as unknown,
];

describe('the plan schema validator compiled at build time', () => {
  it('is the one used for the schema in schemas/', () => {
    assert.equal(planValidator(schema), precompiled);
    assert.notEqual(runtime, precompiled);
  });

  it('reports the same errors as the schema compiled at run time, on any plan-like value', () => {
    const leaf = fc.oneof(fc.constantFrom('hyperv-2008', 'live', 'datacenter', '', 'x'), fc.integer({ min: -3, max: 100 }), fc.double(), fc.boolean(), fc.constant(null));
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'product', 'edition', 'hosts', 'vms', 'host', 'vcpus', 'memoryGB', 'disks', 'hardware', 'sockets', 'extra'), tie('node'), { maxKeys: 4 })),
    })).node;
    // A real plan with one part replaced by something random.
    const mutated = fc.tuple(fc.constantFrom(...plans), fc.array(fc.constantFrom('hosts', 'vms', '0', '1', 'hardware', 'disks', 'name', 'vcpus'), { maxLength: 4 }), value).map(([plan, path, replacement]) => {
      const copy = structuredClone(plan) as Record<string, unknown>;
      let at: Record<string, unknown> = copy;
      for (const key of path.slice(0, -1)) {
        const next = at[key];
        if (typeof next !== 'object' || next === null) break;
        at = next as Record<string, unknown>;
      }
      at[path[path.length - 1] ?? 'name'] = replacement;
      return copy;
    });
    fc.assert(
      fc.property(fc.oneof(value, mutated), (input) => {
        assert.deepEqual(errorsOf(precompiled, input), errorsOf(runtime, input));
      }),
      { numRuns: 500 },
    );
  });
});
