/**
 * The timing of the refresh after ingestion, alone, with fake timers: a tenant's customers are refreshed
 * once its batches pause, never later than the maximum delay, and none is ever dropped. (That a real
 * batch's customers end up with a fresh standing is in server/routes/ingest.test.ts.)
 */
import { afterEach, beforeEach, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { DebouncedRefresh } from './rescoring.ts';

const QUIET = 1_000;
const MAX = 5_000;
/** Lets the promise callbacks queued by a timer (the refresh and what follows it) run. */
const microtasks = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('refresh after ingestion, debounced per tenant', () => {
  let clock = 0;
  let calls: Array<{ tenantId: string; ids: string[] }>;
  let queue: DebouncedRefresh;
  const advance = async (ms: number) => {
    clock += ms;
    mock.timers.tick(ms);
    await microtasks();
  };
  const refreshed = (tenantId?: string) => calls.filter((call) => tenantId === undefined || call.tenantId === tenantId).map((call) => [...call.ids].sort());

  beforeEach(() => {
    clock = 0;
    calls = [];
    mock.timers.enable({ apis: ['setTimeout'] });
    queue = new DebouncedRefresh(
      async (tenantId, ids) => {
        calls.push({ tenantId, ids });
      },
      { quietMs: QUIET, maxDelayMs: MAX },
      () => clock,
    );
  });
  afterEach(() => mock.timers.reset());

  test('batches that keep coming are refreshed once, together, after the pause', async () => {
    queue.enqueue('t1', ['a', 'b']);
    await advance(600);
    queue.enqueue('t1', ['b', 'c']);
    await advance(600);
    queue.enqueue('t1', ['d']);
    await advance(QUIET - 1);
    assert.deepEqual(refreshed(), [], 'nothing while the batches keep coming');
    await advance(1);
    assert.deepEqual(refreshed(), [['a', 'b', 'c', 'd']]);
    await queue.idle();
  });

  test('a tenant that never pauses is refreshed at the maximum delay, and what came after goes to the next refresh', async () => {
    const sent: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      sent.push(`c${i}`);
      queue.enqueue('t1', [`c${i}`]);
      await advance(500);
    }
    // 12 batches 500 ms apart: the first refresh at 5 s, after the first 10 of them.
    assert.deepEqual(refreshed(), [sent.slice(0, 10).sort()]);
    await advance(QUIET);
    assert.deepEqual(refreshed().flat().sort(), [...sent].sort(), 'every customer refreshed, none twice');
    assert.equal(calls.length, 2);
  });

  test("tenants wait apart: one tenant's batches do not hold back another's refresh", async () => {
    queue.enqueue('t1', ['a']);
    await advance(500);
    queue.enqueue('t2', ['x']);
    await advance(500);
    assert.deepEqual(refreshed('t1'), [['a']]);
    assert.deepEqual(refreshed('t2'), []);
    await advance(500);
    assert.deepEqual(refreshed('t2'), [['x']]);
  });

  test('settling refreshes everything collected at once, without waiting for the pause', async () => {
    queue.enqueue('t1', ['a']);
    queue.enqueue('t2', ['x', 'y']);
    await queue.flush();
    assert.deepEqual(refreshed('t1'), [['a']]);
    assert.deepEqual(refreshed('t2'), [['x', 'y']]);
    await advance(MAX);
    assert.equal(calls.length, 2, 'the timers were cleared: nothing refreshed twice');
  });

  test('customers collected while a refresh runs are refreshed after it, and idle waits for both', async () => {
    let release = () => {};
    const started: string[][] = [];
    const slow = new DebouncedRefresh(
      async (_tenantId, ids) => {
        started.push([...ids].sort());
        if (started.length === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      { quietMs: QUIET, maxDelayMs: MAX },
      () => clock,
    );
    slow.enqueue('t1', ['a']);
    await advance(QUIET);
    assert.deepEqual(started, [['a']]);
    slow.enqueue('t1', ['a', 'b']);
    let idle = false;
    const becameIdle = slow.idle().then(() => (idle = true));
    await advance(QUIET);
    assert.deepEqual(started, [['a']], 'one refresh at a time');
    assert.equal(idle, false);
    release();
    await becameIdle;
    assert.deepEqual(started, [['a'], ['a', 'b']]);
  });

  test('a failed refresh does not stop the next ones', async () => {
    const attempts: string[] = [];
    const flaky = new DebouncedRefresh(async (tenantId) => {
      attempts.push(tenantId);
      if (tenantId === 't1') throw new Error('database gone');
    });
    flaky.enqueue('t1', ['a']);
    flaky.enqueue('t2', ['b']);
    await flaky.flush();
    assert.deepEqual(attempts, ['t1', 't2']);
  });

  test('closing refreshes everything collected, and anything collected after it at once', async () => {
    queue.enqueue('t1', ['a']);
    await queue.close();
    assert.deepEqual(refreshed(), [['a']]);
    queue.enqueue('t1', ['b']);
    await queue.idle();
    assert.deepEqual(refreshed(), [['a'], ['b']]);
  });
});
