/** Makes the one postgres.js `sql` instance available as `app.sql`; the caller owns its lifetime. */
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';

declare module 'fastify' {
  interface FastifyInstance {
    sql: Sql;
  }
}

async function db(app: FastifyInstance, options: { sql: Sql }) {
  app.decorate('sql', options.sql);
}

export default fp(db, { name: 'db' });
