import { createServer } from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago (the bench's servers and the tests' take theirs here). */
export function ledigPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
