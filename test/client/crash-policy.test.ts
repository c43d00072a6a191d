import assert from 'node:assert/strict';
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { CrashPolicy, type ServerProcessState } from '../../src/crash-policy';

const RUNNING: ServerProcessState = { pid: 1, exitCode: null, signalCode: null };
const KILLED: ServerProcessState = { pid: 1, exitCode: null, signalCode: 'SIGKILL' };

const IDLE = 'setInterval(() => {}, 1000)';

/** The error Node gives for a write to a server that has died: what the client sees in a crash. */
async function writeToDeadChild(transport: 'ipc' | 'stdio'): Promise<Error> {
  const child: ChildProcess =
    transport === 'ipc'
      ? fork('-e', [IDLE], { execArgv: [], stdio: ['pipe', 'ignore', 'ignore', 'ipc'] })
      : spawn(process.execPath, ['-e', IDLE], { stdio: ['pipe', 'ignore', 'ignore'] });
  await once(child, 'spawn');
  child.kill('SIGKILL');
  await once(child, 'exit');
  return transport === 'ipc' ? sendTo(child) : writeTo(child);
}

/** The error for a write to a server whose end of the pipe has closed while its exit is not yet known. */
async function writeToClosedPipe(): Promise<{ error: Error; state: ServerProcessState }> {
  const child = spawn(process.execPath, ['-e', `require('node:fs').closeSync(0); process.stdout.write('closed'); ${IDLE}`], { stdio: ['pipe', 'pipe', 'ignore'] });
  await once(child.stdout!, 'data');
  const error = await writeTo(child);
  const state = { pid: child.pid, exitCode: child.exitCode, signalCode: child.signalCode };
  child.kill('SIGKILL');
  return { error, state };
}

function sendTo(child: ChildProcess): Promise<Error> {
  return new Promise((resolve) => child.send({ jsonrpc: '2.0', method: 'textDocument/didChange' }, (error) => resolve(error!)));
}

function writeTo(child: ChildProcess): Promise<Error> {
  return new Promise((resolve) => {
    child.stdin!.on('error', resolve);
    child.stdin!.write('Content-Length: 2\r\n\r\n{}', (error) => error && resolve(error));
  });
}

function assertQuietContinue(policy: CrashPolicy, error: Error): void {
  for (let count = 1; count <= 10; count++) {
    const decision = policy.onError(error, count);
    assert.deepEqual([decision.shutdown, decision.tell], [false, false], `${error.message} (${String((error as { code?: unknown }).code)}), error ${count} in a row`);
  }
}

describe('the client\'s crash policy', () => {
  for (const transport of ['ipc', 'stdio'] as const) {
    it(`a write over ${transport} to a killed server is part of the crash: carried on quietly`, async () => {
      assertQuietContinue(new CrashPolicy(() => RUNNING), await writeToDeadChild(transport));
    });
  }

  it('a write that fails with EPIPE is part of the crash even while the process still runs', async () => {
    const { error, state } = await writeToClosedPipe();
    assert.equal((error as { code?: unknown }).code, 'EPIPE');
    assert.deepEqual([state.exitCode, state.signalCode], [null, null]);
    assertQuietContinue(new CrashPolicy(() => state), error);
  });

  it('any error once the server process has exited is carried on quietly', () => {
    for (const state of [KILLED, { exitCode: 1, signalCode: null }, undefined]) {
      const decision = new CrashPolicy(() => state).onError(new Error('Unexpected token in header'), 9);
      assert.deepEqual([decision.shutdown, decision.tell], [false, false], JSON.stringify(state));
    }
  });

  it('a live server whose connection keeps failing is stopped, and the user told', () => {
    const policy = new CrashPolicy(() => RUNNING);
    const decisions = [1, 2, 3, 4].map((count) => policy.onError(new Error('Header must provide a Content-Length property.'), count));
    assert.deepEqual(
      decisions.map((d) => [d.shutdown, d.tell]),
      [[false, false], [false, false], [false, false], [true, true]],
    );
    assert.match(decisions[3].message, /Restart Server/);
  });

  it('restarts a dead server quietly with a logged reason, four times in the window; the fifth is told once', () => {
    let now = 0;
    const policy = new CrashPolicy(() => undefined, { restarts: 4, windowMs: 180_000 }, () => now);
    const decisions = [1, 2, 3, 4, 5].map(() => {
      now += 10_000;
      return policy.onClosed();
    });
    assert.deepEqual(
      decisions.map((d) => [d.restart, d.tell]),
      [[true, false], [true, false], [true, false], [true, false], [false, true]],
    );
    assert.match(decisions[0].message, /stopped; restarting it \(1 of 4 restarts allowed in 3 minutes\)/);
    assert.match(decisions[4].message, /stopped several times/);
    // Crashes older than the window no longer count.
    now += 180_000;
    const later = policy.onClosed();
    assert.deepEqual([later.restart, later.tell], [true, false]);
    assert.match(later.message, /\(1 of 4/);
  });
});
