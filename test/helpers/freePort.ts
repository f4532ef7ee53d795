import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago: the product's own (src/lifecycle/ledigPort.ts). */
export { ledigPort as freePort } from '../../src/lifecycle/ledigPort';

/**
 * A TCP port on 127.0.0.1 below 32768 that was free a moment ago. The Temporal server keeps its services' ports in
 * PostgreSQL as smallint, so they must be below the kernel's ephemeral range, where `freePort` finds its ports.
 */
export async function freeLowPort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
