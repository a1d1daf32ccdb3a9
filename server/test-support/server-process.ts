/**
 * Starts the real server entry (server/main.ts) as a child process, as `npm start` would, and waits for
 * the address it prints. Used by the end-to-end tests and the HTTP benchmarks.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

export function startServerProcess(env: Record<string, string>, { timeoutMs = 120_000 } = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    // Tests and benchmarks send everything from one address as fast as they can, and stop the server at once
    // when done: no rate limits and no drain before closing, unless asked.
    env: {
      ...process.env,
      PORT: '0',
      LOG_LEVEL: 'warn',
      OPENBOOK_RATE_LIMIT_PER_IP: '0',
      OPENBOOK_RATE_LIMIT_PER_TENANT: '0',
      OPENBOOK_SHUTDOWN_DRAIN_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in time:\n${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/[^\s]+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({
          child,
          base: match[1],
          async stop() {
            if (child.exitCode === null) child.kill('SIGTERM');
            await exited;
          },
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}
