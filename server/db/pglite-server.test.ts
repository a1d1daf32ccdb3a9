import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { startPgliteServer, type PgliteServer } from './pglite-server.ts';

describe('the embedded database served over the PostgreSQL wire protocol', () => {
  let db: PGlite;
  let server: PgliteServer;
  const clients: postgres.Sql[] = [];
  const connect = (max: number) => {
    const sql = postgres({ host: server.host, port: server.port, user: 'postgres', database: 'postgres', max, onnotice: () => {} });
    clients.push(sql);
    return sql;
  };

  before(async () => {
    db = await PGlite.create();
    server = await startPgliteServer(db);
    await connect(1)`create table t (id int primary key, who text not null)`;
  });
  after(async () => {
    await Promise.all(clients.map((sql) => sql.end()));
    await server.close();
    await db.close();
  });

  test('concurrent clients each see their own transactions and answers, never another client\'s', async () => {
    const a = connect(4);
    const b = connect(4);
    const answers = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b)`select ${i}::int as i, pg_sleep(0)`.then(([row]) => row?.i));
    const results = await Promise.all([
      a.begin(async (tx) => { for (let i = 0; i < 30; i += 1) await tx`insert into t values (${i}, 'a')`; }),
      b.begin(async (tx) => { for (let i = 100; i < 130; i += 1) await tx`insert into t values (${i}, 'b')`; }),
      b.begin(async (tx) => {
        await tx`insert into t values (999, 'rolled back')`;
        throw new Error('abort this transaction');
      }).catch((error: Error) => error.message),
      ...answers,
    ]);
    assert.deepEqual(results.slice(3), Array.from({ length: 40 }, (_, i) => i), 'every query got its own answer');
    assert.equal(results[2], 'abort this transaction');
    const counts = await a`select who, count(*)::int as n from t group by who order by who`;
    assert.deepEqual([...counts], [{ who: 'a', n: 30 }, { who: 'b', n: 30 }]);
  });

  test('a client that disconnects inside a transaction leaves nothing behind and does not block others', async () => {
    const quitter = connect(1);
    const inside = quitter.begin(async (tx) => {
      await tx`insert into t values (500, 'quitter')`;
      await quitter.end({ timeout: 0 });
    }).catch(() => undefined);
    await inside;
    const other = connect(1);
    const [row] = await other`select count(*)::int as n from t where who = 'quitter'`;
    assert.equal(row?.n, 0);
  });

  test('an error in one query does not break the next queries of the same client', async () => {
    const sql = connect(1);
    await assert.rejects(sql`select * from no_such_table`, /no_such_table/);
    const [row] = await sql`select 1 as one`;
    assert.equal(row?.one, 1);
  });
});
