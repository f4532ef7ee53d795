import { createServer } from 'node:net';

/** Ports this process has handed out: two servers of one test never get the same. */
const givna = new Set<number>();

/**
 * A TCP port on 127.0.0.1 below 32768 that was free a moment ago and not handed out before in this process.
 *
 * Below the kernel's ephemeral range (32768–60999), where the product's own `ledigPort` and every server that binds
 * port 0 find theirs — the Temporal dev server picks its services' ports so as it starts — and outgoing connections
 * take their local ports. A port found free there can be taken by one of those before the test's server binds it:
 * `npm start`'s maildev, given such a port while the dev server beside it was picking its own, once exited in CI
 * before it answered, most likely so. The Temporal server on PostgreSQL needs its ports there too: it keeps them
 * as smallint.
 */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (givna.has(port)) continue;
    const free = await new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (free) {
      givna.add(port);
      return port;
    }
  }
}
