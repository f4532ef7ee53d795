/**
 * How long the HTTP server keeps an idle connection open between requests. Node's default is 5 s, shorter than
 * what the clients in front of it keep theirs (a reverse proxy's upstream keep-alive, a load balancer's idle timeout:
 * 60 s). When the server closes a connection in the moment a client sends its next request on it, that request
 * fails with ECONNRESET. So the server keeps its connections longer than those clients do, and drops them only after
 * the clients have.
 *
 * It happens in-process too: a synchronous render (a protocol PDF) that holds the event loop past 6 s (Node's 5 s
 * and its buffer of 1 s) leaves both timers run out at once, and the server's close can come before the client has
 * dropped the connection (test/integration/keepAlive.test.ts).
 */
import type { Server } from 'node:http';

/** Above the 60 s common to proxies and load balancers. */
export const KEEP_ALIVE_MS = 65_000;

export function keepConnectionsAlive<S extends Server>(server: S): S {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  return server;
}
