import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Debouncer } from '../../server/src/server-runtime';

/** One turn of the event loop per message, as the connection reads them. */
const nextMessage = (handle: () => void) => setImmediate(handle);

describe('the debouncer', () => {
  it('runs a check after the messages already received, even when its delay is over first', async () => {
    const debouncer = new Debouncer();
    const order: string[] = [];
    await new Promise<void>((done) => {
      nextMessage(() => {
        // didChange: the check is scheduled with no delay, and handling the change takes a while.
        debouncer.schedule('plan', 0, () => {
          order.push('check');
          done();
        });
        const until = performance.now() + 5;
        while (performance.now() < until);
        nextMessage(() => order.push('completion'));
      });
    });
    assert.deepEqual(order, ['completion', 'check']);
  });

  it('a newer edit replaces the pending check, before or after its delay is over', async () => {
    const debouncer = new Debouncer();
    const runs: string[] = [];
    await new Promise<void>((done) =>
      debouncer.schedule('plan', 0, () => {
        runs.push('first');
        done();
      }),
    );
    // Replaced before its delay is over.
    debouncer.schedule('plan', 0, () => runs.push('replaced'));
    await new Promise<void>((done) =>
      debouncer.schedule('plan', 0, () => {
        runs.push('second');
        done();
      }),
    );
    // Replaced after its delay, while it waits for the messages already received.
    await new Promise<void>((done) =>
      nextMessage(() => {
        debouncer.schedule('plan', 0, () => runs.push('waiting'));
        const until = performance.now() + 5;
        while (performance.now() < until);
        nextMessage(() =>
          debouncer.schedule('plan', 0, () => {
            runs.push('third');
            done();
          }),
        );
      }),
    );
    debouncer.schedule('other', 0, () => runs.push('other'));
    debouncer.cancelAll();
    await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(runs, ['first', 'second', 'third']);
  });
});
