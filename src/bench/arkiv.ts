/**
 * `npm run bench:arkiv [-- --mb 25 --runs 5]`: a document's round trip through the register — stored as one
 * version (bytes, row and audit entry in one transaction) and read back — on each back end the register runs
 * on: PGlite in memory, PGlite in a data folder, and the PostgreSQL server (`DATABASE_URL`, else the test
 * server of scripts/postgres). Side by side with the baseline of the design not chosen: a content-addressed file
 * in a folder (written, fsynced, read back). Medians of N runs after one warm-up, each run new random bytes.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, open, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openRegister, type Register } from '../db/register';

interface Tider {
  skriv: number[];
  las: number[];
}

interface Baksida {
  namn: string;
  spara(bytes: Buffer): Promise<string>;
  las(sha: string): Promise<Uint8Array | undefined>;
  stang(): Promise<void>;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function iRegistret(
  namn: string,
  register: Register,
  stang: () => Promise<void> = async () => undefined,
): Baksida {
  return {
    namn,
    async spara(bytes) {
      const sha = sha256(bytes);
      const id = randomUUID();
      await register.sparaDokument(
        {
          id,
          kommun: 'bench',
          processId: 'bench/2026/KS/delarsrapport-augusti',
          roll: 'RAPPORT',
          namn: 'Delårsrapport.pdf',
          typ: 'pdf',
          sha256: sha,
          bytes,
          uppladdadAv: 'bench',
          uppladdad: new Date(),
        },
        {
          nyckel: `bench:${id}`,
          tid: new Date(),
          aktor: 'bench',
          handling: 'DOKUMENT_UPPLADDAT',
          objekt: 'bench',
        },
      );
      return sha;
    },
    las: (sha) => register.dokumentinnehall(sha),
    async stang() {
      await register.close();
      await stang();
    },
  };
}

/** The design not chosen: each content once in a folder under its hash, fsynced before it counts as stored. */
function mapp(dir: string): Baksida {
  const fil = (sha: string) => path.join(dir, sha.slice(0, 2), sha);
  return {
    namn: 'fil i mapp (baslinje)',
    async spara(bytes) {
      const sha = sha256(bytes);
      await mkdir(path.dirname(fil(sha)), { recursive: true });
      const handle = await open(fil(sha), 'w');
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return sha;
    },
    las: (sha) => readFile(fil(sha)),
    stang: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function postgresServer(): Promise<Baksida | string> {
  let url = process.env.DATABASE_URL;
  if (!url) {
    try {
      url = execFileSync('bash', [path.resolve(__dirname, '../../scripts/postgres'), 'url'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return 'ingen PostgreSQL-server (sätt DATABASE_URL eller kör scripts/postgres url)';
    }
  }
  const schema = `bench_arkiv_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const medSchema = new URL(url);
  medSchema.searchParams.set('options', `-c search_path=${schema}`);
  const register = await openRegister({ url: medSchema.toString() });
  return iRegistret('PostgreSQL-server (bytea)', register, async () => {
    await admin.query(`drop schema ${schema} cascade`);
    await admin.end();
  });
}

async function mat(b: Baksida, mb: number, runs: number): Promise<Tider> {
  const tider: Tider = { skriv: [], las: [] };
  for (let i = 0; i <= runs; i++) {
    const bytes = randomBytes(mb * 1024 * 1024);
    let start = process.hrtime.bigint();
    const sha = await b.spara(bytes);
    const skriv = ms(start);
    start = process.hrtime.bigint();
    const tillbaka = await b.las(sha);
    const las = ms(start);
    if (!tillbaka || sha256(tillbaka) !== sha)
      throw new Error(`${b.namn}: read back other bytes than stored`);
    if (i === 0) continue; // the warm-up
    tider.skriv.push(skriv);
    tider.las.push(las);
  }
  return tider;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { mb: { type: 'string', default: '25' }, runs: { type: 'string', default: '5' } },
  });
  const mb = Number(values.mb);
  const runs = Number(values.runs);
  if (!(mb > 0) || !Number.isInteger(runs) || runs < 1)
    throw new Error('--mb must be > 0 and --runs a positive integer');

  const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-bench-arkiv-'));
  const baksidor: (Baksida | string)[] = [
    mapp(path.join(dir, 'dokument')),
    iRegistret('PGlite i minnet', await openRegister({})),
    iRegistret('PGlite i datamapp', await openRegister({ dataDir: path.join(dir, 'pglite') })),
    await postgresServer(),
  ];
  console.log(
    `Ett dokument om ${mb} MB sparas (en version, i en transaktion) och läses tillbaka; median av ${runs} körningar.\n`,
  );
  const rader: string[][] = [['Baksida', 'Spara (ms)', 'Läsa (ms)', 'Tur och retur (ms)', 'Mot baslinjen']];
  let baslinje: number | undefined;
  for (const b of baksidor) {
    if (typeof b === 'string') {
      rader.push(['PostgreSQL-server', b, '', '', '']);
      continue;
    }
    try {
      const t = await mat(b, mb, runs);
      const skriv = median(t.skriv);
      const las = median(t.las);
      baslinje ??= skriv + las;
      rader.push([
        b.namn,
        skriv.toFixed(0),
        las.toFixed(0),
        (skriv + las).toFixed(0),
        `${((skriv + las) / baslinje).toFixed(1)} ×`,
      ]);
    } finally {
      await b.stang();
    }
  }
  rmSync(dir, { recursive: true, force: true });
  const bredd = rader[0]!.map((_, i) => Math.max(...rader.map((r) => (r[i] ?? '').length)));
  for (const r of rader)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(bredd[i]!) : c.padStart(bredd[i]!))).join('  '));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
