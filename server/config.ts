/** Settings from the environment, with the defaults DESIGN.md documents. */
export interface Config {
  databaseUrl: string | undefined;
  /** Folder of the embedded database when DATABASE_URL is unset. */
  dataDir: string;
  port: number;
  host: string;
  demo: boolean;
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got "${env.PORT}"`);
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.OPENBOOK_DATA_DIR || '.data',
    port,
    host: env.HOST || '127.0.0.1',
    demo: env.OPENBOOK_DEMO === '1',
  };
}
