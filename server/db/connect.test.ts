import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from './connect.ts';
import { migrate } from './migrate.ts';

test('a second process-level open of the embedded folder shares the owner\'s database instead of opening the files twice', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openbook-data-'));
  try {
    const owner = await openDatabase({ dataDir });
    assert.match(owner.description, /embedded PGlite/);
    const record = JSON.parse(await readFile(path.join(dataDir, 'owner.json'), 'utf8')) as { pid: number; port: number };
    assert.equal(record.pid, process.pid);

    const second = await openDatabase({ dataDir });
    assert.match(second.description, /shared with process/);
    await migrate(owner.sql);
    await second.sql`create table if not exists shared_check (n int)`;
    await second.sql`insert into shared_check values (42)`;
    const [row] = await owner.sql`select n from shared_check`;
    assert.equal(row?.n, 42, 'both see the same data');
    await second.close();
    await owner.close();
    assert.ok(!existsSync(path.join(dataDir, 'owner.json')), 'the lock is released on close');

    // The data survives a restart of the owner.
    const reopened = await openDatabase({ dataDir });
    const [again] = await reopened.sql`select n from shared_check`;
    assert.equal(again?.n, 42);
    const applied = await migrate(reopened.sql);
    assert.deepEqual(applied, [], 'migrations already recorded are not applied again');
    await reopened.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});

test('a stale lock left by a dead process is taken over', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'openbook-data-'));
  try {
    const { writeFile } = await import('node:fs/promises');
    // PID 2^22 + 1 is above Linux's pid_max default, so no process has it.
    await writeFile(path.join(dataDir, 'owner.json'), JSON.stringify({ pid: 4194305, host: '127.0.0.1', port: 1 }));
    const database = await openDatabase({ dataDir });
    assert.match(database.description, /embedded PGlite in/);
    assert.doesNotMatch(database.description, /shared/);
    await database.close();
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
});
