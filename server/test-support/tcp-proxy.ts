/**
 * A TCP proxy between the app and its database, for fault tests: it forwards, refuses connections (stops
 * listening, like a database server that is down), or swallows them (accepts and never answers, like a
 * network that drops packets); `cut()` breaks every connection open through it, as a crash or a failover would.
 */
import net from 'node:net';

export type ProxyMode = 'forward' | 'refuse' | 'swallow';

export interface TcpProxy {
  host: string;
  port: number;
  setMode(mode: ProxyMode): Promise<void>;
  /** Destroys every connection open through the proxy, in every mode. */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
  };

  const server = net.createServer((client) => {
    track(client);
    if (mode === 'swallow') return;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Stops accepting at once; connections already open stay until cut (close() alone would wait for them).
  const stopListening = async () => {
    server.close();
  };
  await listen(0);
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the proxy has no TCP address');
  const { port } = address;

  const cut = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    host: '127.0.0.1',
    port,
    async setMode(next: ProxyMode) {
      if (next === 'refuse' && server.listening) await stopListening();
      if (next !== 'refuse' && !server.listening) await listen(port);
      mode = next;
    },
    cut,
    async close() {
      cut();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
