/** An express app on a free loopback port for a test: its base URL, and how to close it. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type express from 'express';
import { keepConnectionsAlive } from '../../src/api/keepAlive';

export async function lyssna(app: express.Express): Promise<{ base: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const s = keepConnectionsAlive(app.listen(0, '127.0.0.1', () => resolve(s)));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
