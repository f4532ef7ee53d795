/**
 * An ärende's documents in the register: every upload a version of its own, numbered 1, 2, … per ärende without
 * gaps, never overwritten; the bytes once per content (SHA-256) in `dokumentinnehall`; which versions each
 * approval bound; and the PDF a DOCX is shown as. One statement per call outside transactions (PGlite).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import { skrivAudit, type AuditPost } from './audit';
import { isUniqueViolation } from './pgFel';
import type { Database, DokumentTable } from './schema';
import type { DokumentRoll, DokumentTyp } from '../domain/arendedokument';

export type { DokumentRoll, DokumentTyp } from '../domain/arendedokument';

export interface NyttDokument {
  id: string;
  kommun: string;
  processId: string;
  roll: DokumentRoll;
  namn: string;
  typ: DokumentTyp;
  sha256: string;
  bytes: Uint8Array;
  uppladdadAv: string;
  uppladdad: Date;
  uppgiftId?: string;
  kommentar?: string;
}

export interface DokumentRad {
  id: string;
  kommun: string;
  processId: string;
  nr: number;
  roll: DokumentRoll;
  namn: string;
  typ: DokumentTyp;
  sha256: string;
  storlek: number;
  uppladdadAv: string;
  uppladdad: Date;
  uppgiftId?: string;
  kommentar?: string;
}

export interface Godkannande {
  uppgiftId: string;
  processId: string;
  godkandAv: string;
  godkand: Date;
  dokument: { id: string; sha256: string }[];
}

/**
 * The bytes go to and from the register as base64 text, decoded and encoded by PostgreSQL itself: PGlite takes a
 * binary parameter byte by byte (a 25 MB document: 8 s to store, 2.6 s to read) but base64 text in under a
 * second (`npm run bench:arkiv`); the server is as quick either way.
 */
const somBytea = (bytes: Uint8Array) =>
  sql<Buffer>`decode(${Buffer.from(bytes).toString('base64')}, 'base64')`;

function rad(r: Selectable<DokumentTable>): DokumentRad {
  return {
    id: r.id,
    kommun: r.kommun_id,
    processId: r.process_id,
    nr: r.nr,
    roll: r.roll as DokumentRoll,
    namn: r.namn,
    typ: r.typ as DokumentTyp,
    sha256: r.sha256,
    storlek: r.storlek,
    uppladdadAv: r.uppladdad_av,
    uppladdad: r.uppladdad,
    ...(r.uppgift_id !== null ? { uppgiftId: r.uppgift_id } : {}),
    ...(r.kommentar !== null ? { kommentar: r.kommentar } : {}),
  };
}

/**
 * Stores a new version in one transaction: its bytes (once per content), its row with the next number of the
 * ärende, and the audit entry of its upload — all or nothing. Two uploads at once may want the same number: the
 * unique key refuses one, whose transaction is tried again and takes the next.
 */
export async function sparaDokument(
  db: Kysely<Database>,
  input: NyttDokument,
  audit?: AuditPost,
): Promise<DokumentRad> {
  for (let forsok = 0; ; forsok++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('dokumentinnehall')
          .values({ sha256: input.sha256, bytes: somBytea(input.bytes), storlek: input.bytes.byteLength })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        const { senaste } = await trx
          .selectFrom('dokument')
          .select((eb) => eb.fn.coalesce(eb.fn.max('nr'), eb.lit(0)).as('senaste'))
          .where('process_id', '=', input.processId)
          .executeTakeFirstOrThrow();
        const row = await trx
          .insertInto('dokument')
          .values({
            id: input.id,
            kommun_id: input.kommun,
            process_id: input.processId,
            nr: Number(senaste) + 1,
            roll: input.roll,
            namn: input.namn,
            typ: input.typ,
            sha256: input.sha256,
            storlek: input.bytes.byteLength,
            uppladdad_av: input.uppladdadAv,
            uppladdad: input.uppladdad,
            uppgift_id: input.uppgiftId ?? null,
            kommentar: input.kommentar ?? null,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        if (audit) await skrivAudit(trx, [audit]);
        return rad(row);
      });
    } catch (error) {
      if (!isUniqueViolation(error) || forsok >= 20) throw error;
    }
  }
}

/** Every version of the ärende's documents, the oldest first. */
export async function listaDokument(db: Kysely<Database>, processId: string): Promise<DokumentRad[]> {
  const rows = await db
    .selectFrom('dokument')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('nr')
    .execute();
  return rows.map(rad);
}

export async function hamtaDokument(db: Kysely<Database>, id: string): Promise<DokumentRad | undefined> {
  const row = await db.selectFrom('dokument').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rad(row) : undefined;
}

export async function dokumentinnehall(
  db: Kysely<Database>,
  sha256: string,
): Promise<Uint8Array | undefined> {
  const row = await db
    .selectFrom('dokumentinnehall')
    .select(sql<string>`encode(bytes, 'base64')`.as('base64'))
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return row ? new Uint8Array(Buffer.from(row.base64, 'base64')) : undefined;
}

/** Records the versions an approval bound (idempotent by task and document). */
export async function sparaGodkannande(db: Kysely<Database>, g: Godkannande): Promise<void> {
  if (g.dokument.length === 0) return;
  await db
    .insertInto('dokument_godkannanden')
    .values(
      g.dokument.map((d) => ({
        uppgift_id: g.uppgiftId,
        process_id: g.processId,
        dokument_id: d.id,
        sha256: d.sha256,
        godkand_av: g.godkandAv,
        godkand: g.godkand,
      })),
    )
    .onConflict((oc) => oc.columns(['uppgift_id', 'dokument_id']).doNothing())
    .execute();
}

/** Every approval of the ärende, the first first, each with the versions it bound. */
export async function godkannanden(db: Kysely<Database>, processId: string): Promise<Godkannande[]> {
  const rows = await db
    .selectFrom('dokument_godkannanden')
    .selectAll()
    .where('process_id', '=', processId)
    .orderBy('godkand')
    .orderBy('dokument_id')
    .execute();
  const per = new Map<string, Godkannande>();
  for (const r of rows) {
    const g = per.get(r.uppgift_id) ?? {
      uppgiftId: r.uppgift_id,
      processId: r.process_id,
      godkandAv: r.godkand_av,
      godkand: r.godkand,
      dokument: [],
    };
    g.dokument.push({ id: r.dokument_id, sha256: r.sha256 });
    per.set(r.uppgift_id, g);
  }
  return [...per.values()];
}

/** The versions the ärende's last approval bound, in the order the ärende keeps them. */
export async function godkandaDokument(db: Kysely<Database>, processId: string): Promise<DokumentRad[]> {
  const senaste = (await godkannanden(db, processId)).at(-1);
  if (!senaste) return [];
  const versioner = await listaDokument(db, processId);
  const bundna = new Set(senaste.dokument.map((d) => d.id));
  return versioner.filter((v) => bundna.has(v.id));
}

/** The PDF a document's content is shown as, if it has been converted. */
export async function visningsPdf(db: Kysely<Database>, sha256: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('dokumentvisning')
    .select('pdf_sha256')
    .where('kalla_sha256', '=', sha256)
    .executeTakeFirst();
  return row?.pdf_sha256;
}

export async function sparaVisningsPdf(
  db: Kysely<Database>,
  kalla: string,
  pdf: { sha256: string; bytes: Uint8Array },
): Promise<void> {
  await db
    .insertInto('dokumentinnehall')
    .values({ sha256: pdf.sha256, bytes: somBytea(pdf.bytes), storlek: pdf.bytes.byteLength })
    .onConflict((oc) => oc.column('sha256').doNothing())
    .execute();
  await db
    .insertInto('dokumentvisning')
    .values({ kalla_sha256: kalla, pdf_sha256: pdf.sha256 })
    .onConflict((oc) => oc.column('kalla_sha256').doNothing())
    .execute();
}
