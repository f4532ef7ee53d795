import { SMTPServer } from 'smtp-server';
import { Korning, Postgres, startaMiljo } from '../src/bench/miljo';
import { matAr } from '../src/bench/matt/ar';
import { ledigPort } from '../src/lifecycle/ledigPort';
async function main() {
  const k = new Korning();
  const pgs = await Postgres.oppna();
  const m = await startaMiljo(k, pgs, () => {});
  try {
    const p = await ledigPort();
    const srv = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'], onData(stream, _s, cb) { stream.resume(); stream.on('end', () => cb()); } });
    await new Promise<void>((r) => srv.listen(p, '127.0.0.1', r));
    const mode = process.env.MODE;
    for (let i = 0; i < 2; i++) {
      const mm = mode === 'fast' ? { ...m, smtpUrl: `smtp://127.0.0.1:${p}` } : m;
      const r = await matAr(mm as any, { rounds: 1 });
      console.log('RES', mode, r.detaljer['A median s']);
    }
    srv.close();
  } finally { await k.stang(); process.exit(0); }
}
main();
