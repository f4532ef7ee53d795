/**
 * The web server keeps an idle connection open longer than its clients do (src/api/keepAlive.ts). With Node's
 * default (5 s, the connection closed after 6), a request sent on a kept-alive connection after the event loop was
 * held past 6 s — a long synchronous render in the same process, as the tests' PDFs are on a busy machine — failed
 * with ECONNRESET: the server's timer closed the connection as the request went out on it.
 */
import express from 'express';
import { listen } from '../../src/webServer';
import { freePort } from '../helpers/freePort';

it('answers a request on a kept-alive connection after the event loop was held for 7 s', async () => {
  const app = express();
  app.post('/', (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  const web = await listen(app, { ARSHJUL_HTTP_HOST: '127.0.0.1', ARSHJUL_HTTP_PORT: await freePort() });
  try {
    expect(await (await fetch(`${web.address}/`, { method: 'POST', body: 'först' })).text()).toBe('ok');
    await new Promise((resolve) => setTimeout(resolve, 100));
    // Held, as a synchronous render holds it.
    const t = Date.now();
    while (Date.now() - t < 7_000);
    expect(await (await fetch(`${web.address}/`, { method: 'POST', body: 'sedan' })).text()).toBe('ok');
  } finally {
    await web.close();
  }
}, 30_000);
