import type { FastifyInstance } from 'fastify';
import type { Sql } from 'postgres';
import { createTenant, type CreatedTenant } from '../db/tenant-repository.ts';

export const bearer = (credential: string) => ({ authorization: `Bearer ${credential}` });

export async function newTenant(sql: Sql, name = 'Acme', origins: string[] = []): Promise<CreatedTenant> {
  return createTenant(sql, { name, origins });
}

export async function post(app: FastifyInstance, url: string, credential: string, payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url, headers: { ...bearer(credential), ...headers }, payload: payload as object });
}

export async function get(app: FastifyInstance, url: string, credential?: string, headers: Record<string, string> = {}) {
  return app.inject({ method: 'GET', url, headers: { ...(credential ? bearer(credential) : {}), ...headers } });
}

export async function mintToken(app: FastifyInstance, apiKey: string, customerId: string): Promise<string> {
  const response = await post(app, '/v1/embed-tokens', apiKey, { customerId });
  if (response.statusCode !== 200) throw new Error(`minting failed: ${response.statusCode} ${response.body}`);
  return (response.json() as { token: string }).token;
}
