/**
 * Sammanträden and their protocols in the register: the § series per organ and year, the protocol as it stands
 * (the meeting's facts and each § in tables of their own) and every version of it, the justeringar, the anslag
 * and the expedieringar. Workflow histories are deleted after their retention period; this is what remains, so
 * `hamtaProtokoll` rebuilds the whole protocol — and with it any protokoll or protokollsutdrag — from these
 * tables alone. Every write is idempotent: by key, by protocol version, or by a status that only moves forward.
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import { yearOf, type IsoDate } from '../domain/datum';
import {
  isFullParagraf,
  paragraferAv,
  protokollSchema,
  type Paragraf,
  type ParagrafNummer,
  type Protokoll,
} from '../domain/protokoll';
import { parseOrThrow, type Fel } from '../domain/validering';
import { skrivAudit } from './audit';
import { isUniqueViolation } from './pgFel';
import type { Database, ParagraferTable, SammantradeStatus } from './schema';

export type { SammantradeStatus };

/** Which meeting: its id in the register is `sammantrade/<kommun>/<organ>/<datum>`. */
export interface SammantradeNyckel {
  kommun: string;
  organ: string;
  datum: IsoDate;
}

export function sammantradeId({ kommun, organ, datum }: SammantradeNyckel): string {
  return `sammantrade/${kommun}/${organ}/${datum}`;
}

export interface ParagrafnummerBegaran extends SammantradeNyckel {
  /** Idempotency key: asked again with the same key, the register answers the number it gave. */
  nyckel: string;
  /** The series' key: its year, or the first year of its mandate period (default: the meeting's year). */
  serie?: number;
  /** The number the series starts from when it has none yet (the config's start; default 1). */
  start?: number;
}

export interface ParagrafserieBegaran extends SammantradeNyckel {
  serie?: number;
  /** The first number this meeting's §§ take: the series continues from it. */
  forsta: number;
}

export interface SparatProtokoll {
  protokoll: Protokoll;
  version: number;
  /** What happened, for the audit log: `PROTOKOLLFORT`, `PARAGRAF_TILLAGD`, `JUSTERAT` … */
  handelse: string;
  /** A person id; absent for what Årshjul did by itself. */
  aktor?: string;
  tid: Date;
}

export type JusteringTyp = 'GODKAND' | 'INVANDNING';

export interface NyJustering extends SammantradeNyckel {
  nyckel: string;
  /** The protocol version the justerare answered on. */
  version: number;
  person: string;
  typ: JusteringTyp;
  /** INVANDNING: the §§ objected to. */
  paragrafer: number[];
  kommentar?: string;
  tid: Date;
}

export type AnslagTyp = 'PROTOKOLL' | 'OMEDELBAR' | 'KALLELSE';

export interface SparatAnslag extends SammantradeNyckel {
  nyckel: string;
  typ: AnslagTyp;
  paragrafer: number[];
  uppsatt: IsoDate;
  nedtasTidigast?: IsoDate;
  overklagandeSenast?: IsoDate;
  lagaKraft?: IsoDate;
  nedtagen?: IsoDate;
}

export type ExpedieringFor = 'VERKSTALLIGHET' | 'KANNEDOM';

export interface SparadExpediering extends SammantradeNyckel {
  nyckel: string;
  paragraf: number;
  mottagare: string;
  for: ExpedieringFor;
  /** The task that sends the protokollsutdrag and waits for the receipt. */
  uppgiftId: string;
  skickad?: Date;
  kvitterad?: Date;
  /** The meeting ended with the receipt outstanding and handed it to the register, which takes it later. */
  overlamnad?: Date;
}

export interface SammantradeRad extends SammantradeNyckel {
  id: string;
  status: SammantradeStatus;
  /** The protocol version the register's copy of the protocol is from; absent before any is stored. */
  version?: number;
}

export interface ProtokollversionRad {
  version: number;
  /** The protocol exactly as it was stored at this version. */
  protokoll: Protokoll;
  handelse: string;
  aktor?: string;
  tid: Date;
}

export interface JusteringRad extends Omit<NyJustering, keyof SammantradeNyckel> {
  sammantradeId: string;
}

export interface AnslagRad extends Omit<SparatAnslag, keyof SammantradeNyckel> {
  sammantradeId: string;
}

export interface ExpedieringRad extends Omit<SparadExpediering, keyof SammantradeNyckel> {
  sammantradeId: string;
}

export interface Paragrafserie {
  kommun: string;
  organ: string;
  ar: number;
  /** The last number given or recorded in the series; 0 before its first. */
  senaste: number;
  /** Every number given by `tilldelaParagrafnummer`, in order. */
  tilldelade: { nummer: number; nyckel: string; sammantradeId: string }[];
}

/**
 * The protocol was refused because two §§ would share a number in the organ's series for the year: twice in the
 * protocol itself, or already recorded for another of the organ's meetings. Nothing of it was stored.
 */
export class ParagrafKonflikt extends Error {
  constructor(
    readonly sammantradeId: string,
    readonly version: number,
    readonly dubbletter: number[],
    readonly upptagna: { nummer: number; sammantradeId: string }[],
    options?: { cause?: unknown },
  ) {
    const skal = [
      ...dubbletter.map((n) => `§ ${n} appears twice in it`),
      ...upptagna.map((u) => `§ ${u.nummer} is already recorded for ${u.sammantradeId}`),
    ];
    super(
      `register: the protocol of ${sammantradeId} (version ${version}) was not stored: ` +
        `${skal.length > 0 ? skal.join('; ') : 'a § number is already taken'} ` +
        `(§§ are unique per kommun, organ and year)`,
      options,
    );
    this.name = 'ParagrafKonflikt';
  }
}

/** The same protocol version was stored before with other content: a changed protocol needs a new version. */
export class ProtokollversionKonflikt extends Error {
  constructor(
    readonly sammantradeId: string,
    readonly version: number,
  ) {
    super(
      `register: version ${version} of the protocol of ${sammantradeId} is stored with other content; ` +
        'a changed protocol is stored under a new version number',
    );
    this.name = 'ProtokollversionKonflikt';
  }
}

/** The order a meeting goes through; a write only ever moves its status forward. */
const STATUSORDNING: readonly SammantradeStatus[] = [
  'PLANERAT',
  'KALLAT',
  'PROTOKOLLFORT',
  'JUSTERAT',
  'ANSLAGET',
  // The protocol's anslag is taken down, the day after the appeal period (KL 13 kap. 5 §): its beslut have
  // vunnit laga kraft unless appealed, which the register is not told of.
  'LAGA_KRAFT',
];

/**
 * The next number of the organ's § series for the year of `datum`. The upsert takes the counter row's lock
 * until commit, so concurrent allocations (two meetings of the organ recorded at once included) queue on it;
 * a rollback returns the number, which leaves no gap.
 */
export async function tilldelaParagrafnummer(
  db: Kysely<Database>,
  input: ParagrafnummerBegaran,
): Promise<number> {
  const earlier = await nummerMedNyckel(db, input.nyckel);
  if (earlier !== undefined) return earlier;
  const ar = input.serie ?? yearOf(input.datum);
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await sakerstallSammantrade(trx, input);
      const { senaste } = await trx
        .insertInto('paragrafserier')
        .values({ kommun_id: input.kommun, organ: input.organ, ar, senaste: input.start ?? 1 })
        .onConflict((oc) =>
          oc
            .columns(['kommun_id', 'organ', 'ar'])
            .doUpdateSet((eb) => ({ senaste: eb('paragrafserier.senaste', '+', 1) })),
        )
        .returning('senaste')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('paragrafnummer')
        .values({
          nyckel: input.nyckel,
          kommun_id: input.kommun,
          organ: input.organ,
          ar,
          nummer: senaste,
          sammantrade_id: id,
        })
        .execute();
      return senaste;
    });
  } catch (error) {
    // A concurrent call with the same key committed first: our number went back with the rollback.
    if (isUniqueViolation(error)) {
      const theirs = await nummerMedNyckel(db, input.nyckel);
      if (theirs !== undefined) return theirs;
    }
    throw error;
  }
}

/**
 * Sets where the organ's § series for the year (or period) continues: from `forsta`, when the series has no number
 * yet or its last is the one before. A gap (numbers skipped) or a reuse (a number already given) is refused,
 * naming the number, and nothing changes. Returns the refusals (empty when set).
 */
export async function bestamParagrafserie(db: Kysely<Database>, input: ParagrafserieBegaran): Promise<Fel[]> {
  const ar = input.serie ?? yearOf(input.datum);
  return db.transaction().execute(async (trx) => {
    await sakerstallSammantrade(trx, input);
    const serie = await trx
      .selectFrom('paragrafserier')
      .select('senaste')
      .where('kommun_id', '=', input.kommun)
      .where('organ', '=', input.organ)
      .where('ar', '=', ar)
      .forUpdate()
      .executeTakeFirst();
    const senaste = serie?.senaste ?? 0;
    if (senaste === input.forsta - 1) return [];
    if (!serie) {
      await trx
        .insertInto('paragrafserier')
        .values({ kommun_id: input.kommun, organ: input.organ, ar, senaste: input.forsta - 1 })
        .execute();
      return [];
    }
    const nasta = senaste + 1;
    return [
      senaste >= input.forsta
        ? {
            field: 'forstaParagraf',
            rule: 'paragraf_ateranvand',
            message: `§ ${input.forsta} är redan använd: ${input.organ}s paragrafserie ${ar} har kommit till § ${senaste}; nästa paragraf är § ${nasta}`,
          }
        : {
            field: 'forstaParagraf',
            rule: 'paragraf_lucka',
            message: `§ ${nasta}${input.forsta - 1 > nasta ? `–${input.forsta - 1}` : ''} skulle saknas: ${input.organ}s paragrafserie ${ar} har kommit till § ${senaste}; nästa paragraf är § ${nasta}`,
          },
    ];
  });
}

/** The SHA-256 (hex) of a protocol version as stored: of its JSON text. */
export const protokollHash = (json: string): string =>
  createHash('sha256').update(json, 'utf8').digest('hex');

/**
 * Stores the protocol as it now stands, in one transaction: the version (if new) with an audit entry, and — when
 * it is newer than the one the tables hold — the meeting's facts and its §§. A late, stale version goes into the
 * history but does not overwrite a newer one. Returns whether the version was new.
 */
export async function sparaProtokoll(db: Kysely<Database>, input: SparatProtokoll): Promise<boolean> {
  const p = input.protokoll;
  const id = sammantradeId(p);
  if (p.paragrafer.length === 0) {
    throw new Error(
      `register: the protocol of ${id} (version ${input.version}) has no §§; it needs at least one`,
    );
  }
  const ar = yearOf(p.datum);
  const protokoll = JSON.stringify(p);
  try {
    return await db.transaction().execute(async (trx) => {
      await sakerstallSammantrade(trx, p);
      // Locked, so two writers of the same meeting take turns comparing versions. FOR NO KEY UPDATE, not FOR
      // UPDATE: an allocation for this meeting holds the series' lock and then refers to this row by its key
      // (a foreign key's KEY SHARE), while this transaction may go on to raise the series — a ring otherwise.
      const { version: lagrad } = await trx
        .selectFrom('sammantraden')
        .select('version')
        .where('id', '=', id)
        .forNoKeyUpdate()
        .executeTakeFirstOrThrow();

      const ny = await trx
        .insertInto('protokollversioner')
        .values({
          sammantrade_id: id,
          version: input.version,
          protokoll,
          handelse: input.handelse,
          aktor: input.aktor ?? null,
          tid: input.tid,
          sha256: protokollHash(protokoll),
        })
        .onConflict((oc) => oc.columns(['sammantrade_id', 'version']).doNothing())
        .returning('version')
        .executeTakeFirst();
      if (!ny) {
        const { samma } = await trx
          .selectFrom('protokollversioner')
          .select(sql<boolean>`protokoll = ${protokoll}::jsonb`.as('samma'))
          .where('sammantrade_id', '=', id)
          .where('version', '=', input.version)
          .executeTakeFirstOrThrow();
        if (!samma) throw new ProtokollversionKonflikt(id, input.version);
      }

      if (ny && (lagrad === null || input.version > lagrad)) {
        await trx
          .updateTable('sammantraden')
          .set(sammantradeFakta(p, input.version))
          .where('id', '=', id)
          .execute();
        await flyttaStatus(trx, id, protokollstatus(p));
        // The §§ as they now stand replace the ones stored: a plain insert, so a § number taken twice — in this
        // protocol or by another of the organ's meetings that year — is refused by the key, and all rolls back.
        await trx.deleteFrom('paragrafer').where('sammantrade_id', '=', id).execute();
        await trx
          .insertInto('paragrafer')
          .values(p.paragrafer.map((x) => paragrafRad(id, p, ar, x)))
          .execute();
        await hojParagrafserie(trx, p, ar, Math.max(...p.paragrafer.map((x) => x.nummer)));
      }

      await skrivAudit(trx, [
        {
          nyckel: `protokoll:${id}:${input.version}`,
          tid: input.tid,
          aktor: input.aktor,
          handling: input.handelse,
          objekt: id,
          detaljer: { version: input.version, paragrafer: paragraferAv(p) },
        },
      ]);
      return ny !== undefined;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw await paragrafKonflikt(db, input, error);
    throw error;
  }
}

/**
 * A justerare's answer; idempotent by `nyckel`, audited as the justerare's act. Returns whether it was new, and the
 * SHA-256 of the protocol version answered (when that version is stored with its hash).
 */
export async function registreraJustering(
  db: Kysely<Database>,
  input: NyJustering,
): Promise<{ ny: boolean; sha256?: string }> {
  return db.transaction().execute(async (trx) => {
    const id = await sakerstallSammantrade(trx, input);
    const version = await trx
      .selectFrom('protokollversioner')
      .select(['sha256', sql<string>`protokoll::text`.as('text')])
      .where('sammantrade_id', '=', id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    // A version stored before hashes were kept is hashed as the register holds it.
    const sha256 = version ? (version.sha256 ?? protokollHash(version.text)) : undefined;
    const ny = await trx
      .insertInto('justeringar')
      .values({
        nyckel: input.nyckel,
        sammantrade_id: id,
        version: input.version,
        person: input.person,
        typ: input.typ,
        paragrafer: input.paragrafer,
        kommentar: input.kommentar ?? null,
        tid: input.tid,
        sha256: sha256 ?? null,
      })
      .onConflict((oc) => oc.column('nyckel').doNothing())
      .returning('nyckel')
      .executeTakeFirst();
    await skrivAudit(trx, [
      {
        nyckel: `justering:${input.nyckel}`,
        tid: input.tid,
        aktor: input.person,
        handling: `JUSTERING_${input.typ}`,
        objekt: id,
        detaljer: {
          version: input.version,
          ...(input.paragrafer.length > 0 ? { paragrafer: input.paragrafer } : {}),
          ...(input.kommentar !== undefined ? { kommentar: input.kommentar } : {}),
          ...(sha256 ? { sha256 } : {}),
        },
      },
    ]);
    return { ny: ny !== undefined, ...(sha256 ? { sha256 } : {}) };
  });
}

/**
 * Upserts an anslag by `nyckel`. A statutory date left out keeps the stored one; `nedtagen` is set once and
 * never cleared. The kallelse's anslag marks the meeting KALLAT, the protocol's ANSLAGET, and the protocol's
 * taken down LAGA_KRAFT.
 */
export async function sparaAnslag(db: Kysely<Database>, input: SparatAnslag): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const id = await sakerstallSammantrade(trx, input);
    const { nedtagen } = await trx
      .insertInto('anslag')
      .values({
        nyckel: input.nyckel,
        sammantrade_id: id,
        typ: input.typ,
        paragrafer: input.paragrafer,
        uppsatt: input.uppsatt,
        nedtas_tidigast: input.nedtasTidigast ?? null,
        overklagande_senast: input.overklagandeSenast ?? null,
        laga_kraft: input.lagaKraft ?? null,
        nedtagen: input.nedtagen ?? null,
      })
      .onConflict((oc) =>
        oc.column('nyckel').doUpdateSet((eb) => ({
          typ: eb.ref('excluded.typ'),
          paragrafer: eb.ref('excluded.paragrafer'),
          uppsatt: eb.ref('excluded.uppsatt'),
          nedtas_tidigast: eb.fn.coalesce('excluded.nedtas_tidigast', 'anslag.nedtas_tidigast'),
          overklagande_senast: eb.fn.coalesce('excluded.overklagande_senast', 'anslag.overklagande_senast'),
          laga_kraft: eb.fn.coalesce('excluded.laga_kraft', 'anslag.laga_kraft'),
          nedtagen: eb.fn.coalesce('anslag.nedtagen', 'excluded.nedtagen'),
        })),
      )
      .returning('nedtagen')
      .executeTakeFirstOrThrow();
    if (input.typ === 'KALLELSE') await flyttaStatus(trx, id, 'KALLAT');
    if (input.typ === 'PROTOKOLL') await flyttaStatus(trx, id, nedtagen !== null ? 'LAGA_KRAFT' : 'ANSLAGET');
  });
}

/**
 * Upserts one recipient's expediering of one § by `nyckel`. `skickad` and `kvitterad` are set once: the first
 * time on record stays, and a later save without them (a retried, older step) never clears them.
 */
export async function sparaExpediering(db: Kysely<Database>, input: SparadExpediering): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const id = await sakerstallSammantrade(trx, input);
    await trx
      .insertInto('expedieringar')
      .values({
        nyckel: input.nyckel,
        sammantrade_id: id,
        paragraf: input.paragraf,
        mottagare: input.mottagare,
        skickas_for: input.for,
        uppgift_id: input.uppgiftId,
        skickad: input.skickad ?? null,
        kvitterad: input.kvitterad ?? null,
        overlamnad: input.overlamnad ?? null,
      })
      .onConflict((oc) =>
        oc.column('nyckel').doUpdateSet((eb) => ({
          skickad: eb.fn.coalesce('expedieringar.skickad', 'excluded.skickad'),
          kvitterad: eb.fn.coalesce('expedieringar.kvitterad', 'excluded.kvitterad'),
          overlamnad: eb.fn.coalesce('expedieringar.overlamnad', 'excluded.overlamnad'),
        })),
      )
      .execute();
  });
}

export async function hamtaSammantrade(
  db: Kysely<Database>,
  nyckel: SammantradeNyckel,
): Promise<SammantradeRad | undefined> {
  const row = await db
    .selectFrom('sammantraden')
    .select(['id', 'kommun_id', 'organ', 'datum', 'status', 'version'])
    .where('id', '=', sammantradeId(nyckel))
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      kommun: row.kommun_id,
      organ: row.organ,
      datum: row.datum,
      status: row.status,
      ...(row.version !== null ? { version: row.version } : {}),
    }
  );
}

/**
 * The protocol rebuilt from the tables — the meeting's facts from `sammantraden`, each § from `paragrafer` — and
 * checked by the protocol's schema on the way out. Undefined when no protocol of the meeting is stored.
 */
export async function hamtaProtokoll(
  db: Kysely<Database>,
  nyckel: SammantradeNyckel,
): Promise<Protokoll | undefined> {
  const id = sammantradeId(nyckel);
  // One snapshot: a protocol stored between the two reads must not mix into this one.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      const s = await trx.selectFrom('sammantraden').selectAll().where('id', '=', id).executeTakeFirst();
      if (!s || s.version === null) return undefined;
      const paragrafer = await trx
        .selectFrom('paragrafer')
        .selectAll()
        .where('sammantrade_id', '=', id)
        .orderBy('nummer')
        .execute();
      return parseOrThrow(protokollSchema, {
        kommun: s.kommun_id,
        ...(s.kommun_namn !== null ? { kommunNamn: s.kommun_namn } : {}),
        organ: s.organ,
        organNamn: s.organ_namn,
        datum: s.datum,
        tid: s.tid,
        ajourneringar: s.ajourneringar,
        plats: s.plats,
        narvaro: s.narvaro,
        ordforande: s.ordforande,
        sekreterare: s.sekreterare,
        justerare: s.justerare,
        justering: {
          datum: s.justering_datum,
          ...(s.justering_klockan !== null ? { klockan: s.justering_klockan } : {}),
          plats: s.justering_plats,
          ...(s.justerad !== null ? { justerad: s.justerad } : {}),
          ...(s.justering_omedelbar ? { omedelbar: true } : {}),
          signaturer: s.justering_signaturer ?? [],
        },
        ...(s.anslag_uppsatt !== null ? { anslagUppsatt: s.anslag_uppsatt } : {}),
        ...(s.anslag_nedtaget !== null ? { anslagNedtaget: s.anslag_nedtaget } : {}),
        forvaringsplats: s.forvaringsplats,
        paragrafer: paragrafer.map(paragrafAvRad),
      }) as Protokoll;
    });
}

export interface SammantradetsJustering {
  organ: string;
  organNamn?: string;
  datum: IsoDate;
  status: SammantradeStatus;
  justerad?: IsoDate;
}

/** The kommun's meetings of year `ar` in the register, with the day each was justerad (for JUSTERING_FORSENAD). */
export async function sammantradenUnderAret(
  db: Kysely<Database>,
  kommun: string,
  ar: number,
): Promise<SammantradetsJustering[]> {
  const rows = await db
    .selectFrom('sammantraden')
    .select(['organ', 'organ_namn', 'datum', 'status', 'justerad'])
    .where('kommun_id', '=', kommun)
    .where('datum', '>=', `${ar}-01-01` as IsoDate)
    .where('datum', '<=', `${ar}-12-31` as IsoDate)
    .orderBy('datum')
    .orderBy('organ')
    .execute();
  return rows.map((r) => ({
    organ: r.organ,
    ...(r.organ_namn !== null ? { organNamn: r.organ_namn } : {}),
    datum: r.datum,
    status: r.status,
    ...(r.justerad !== null ? { justerad: r.justerad } : {}),
  }));
}

export async function protokollversioner(db: Kysely<Database>, id: string): Promise<ProtokollversionRad[]> {
  const rows = await db
    .selectFrom('protokollversioner')
    .selectAll()
    .where('sammantrade_id', '=', id)
    .orderBy('version')
    .execute();
  return rows.map((r) => ({
    version: r.version,
    protokoll: r.protokoll as Protokoll,
    handelse: r.handelse,
    ...(r.aktor !== null ? { aktor: r.aktor } : {}),
    tid: r.tid,
  }));
}

/** One stored version of a meeting's protocol, or undefined when that version is not stored. */
export async function protokollversion(
  db: Kysely<Database>,
  id: string,
  version: number,
): Promise<Protokoll | undefined> {
  const row = await db
    .selectFrom('protokollversioner')
    .select('protokoll')
    .where('sammantrade_id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return row ? (row.protokoll as Protokoll) : undefined;
}

export async function justeringar(db: Kysely<Database>, id: string): Promise<JusteringRad[]> {
  const rows = await db
    .selectFrom('justeringar')
    .selectAll()
    .where('sammantrade_id', '=', id)
    .orderBy('tid')
    .orderBy('nyckel')
    .execute();
  return rows.map((r) => ({
    nyckel: r.nyckel,
    sammantradeId: r.sammantrade_id,
    version: r.version,
    person: r.person,
    typ: r.typ,
    paragrafer: r.paragrafer,
    ...(r.kommentar !== null ? { kommentar: r.kommentar } : {}),
    tid: r.tid,
  }));
}

export async function anslag(db: Kysely<Database>, id: string): Promise<AnslagRad[]> {
  const rows = await db
    .selectFrom('anslag')
    .selectAll()
    .where('sammantrade_id', '=', id)
    .orderBy('uppsatt')
    .orderBy('nyckel')
    .execute();
  return rows.map(anslagRad);
}

function anslagRad(r: {
  nyckel: string;
  sammantrade_id: string;
  typ: AnslagRad['typ'];
  paragrafer: number[];
  uppsatt: IsoDate;
  nedtas_tidigast: IsoDate | null;
  overklagande_senast: IsoDate | null;
  laga_kraft: IsoDate | null;
  nedtagen: IsoDate | null;
}): AnslagRad {
  return {
    nyckel: r.nyckel,
    sammantradeId: r.sammantrade_id,
    typ: r.typ,
    paragrafer: r.paragrafer,
    uppsatt: r.uppsatt,
    ...(r.nedtas_tidigast !== null ? { nedtasTidigast: r.nedtas_tidigast } : {}),
    ...(r.overklagande_senast !== null ? { overklagandeSenast: r.overklagande_senast } : {}),
    ...(r.laga_kraft !== null ? { lagaKraft: r.laga_kraft } : {}),
    ...(r.nedtagen !== null ? { nedtagen: r.nedtagen } : {}),
  };
}

export interface AnslagPaTavlan extends AnslagRad {
  organ: string;
  organNamn?: string;
  datum: IsoDate;
}

/** The kommun's anslagstavla now: every anslag up and not taken down, the newest first. */
export async function anslagstavlan(db: Kysely<Database>, kommun: string): Promise<AnslagPaTavlan[]> {
  const rows = await db
    .selectFrom('anslag')
    .innerJoin('sammantraden', 'sammantraden.id', 'anslag.sammantrade_id')
    .selectAll('anslag')
    .select(['sammantraden.organ', 'sammantraden.organ_namn', 'sammantraden.datum'])
    .where('sammantraden.kommun_id', '=', kommun)
    .where('anslag.nedtagen', 'is', null)
    .orderBy('anslag.uppsatt', 'desc')
    .orderBy('anslag.nyckel')
    .execute();
  return rows.map((r) => ({
    ...anslagRad(r),
    organ: r.organ,
    ...(r.organ_namn !== null ? { organNamn: r.organ_namn } : {}),
    datum: r.datum,
  }));
}

/** By §, those who must act first (as "Beslutet skickas till" lists them), then by recipient. */
export async function expedieringar(db: Kysely<Database>, id: string): Promise<ExpedieringRad[]> {
  const rows = await db
    .selectFrom('expedieringar')
    .selectAll()
    .where('sammantrade_id', '=', id)
    .orderBy('paragraf')
    .orderBy(sql`skickas_for = 'VERKSTALLIGHET'`, 'desc')
    .orderBy('mottagare')
    .orderBy('nyckel')
    .execute();
  return rows.map((r) => ({
    nyckel: r.nyckel,
    sammantradeId: r.sammantrade_id,
    paragraf: r.paragraf,
    mottagare: r.mottagare,
    for: r.skickas_for,
    uppgiftId: r.uppgift_id,
    ...(r.skickad !== null ? { skickad: r.skickad } : {}),
    ...(r.kvitterad !== null ? { kvitterad: r.kvitterad } : {}),
    ...(r.overlamnad !== null ? { overlamnad: r.overlamnad } : {}),
  }));
}

/** A receipt the register holds for a meeting that has ended: by its task and recipient. */
export interface OverlamnadKvittens {
  uppgiftId: string;
  mottagare: string;
  paragraf: number;
  overlamnad: Date;
  kvitterad?: Date;
}

/** The receipt of `uppgiftId` by `mottagare`, when its meeting handed it to the register; else undefined. */
export async function overlamnadKvittens(
  db: Kysely<Database>,
  uppgiftId: string,
  mottagare: string,
): Promise<OverlamnadKvittens | undefined> {
  const r = await db
    .selectFrom('expedieringar')
    .select(['uppgift_id', 'mottagare', 'paragraf', 'overlamnad', 'kvitterad'])
    .where('uppgift_id', '=', uppgiftId)
    .where('mottagare', '=', mottagare)
    .where('overlamnad', 'is not', null)
    .executeTakeFirst();
  if (!r) return undefined;
  return {
    uppgiftId: r.uppgift_id,
    mottagare: r.mottagare,
    paragraf: r.paragraf,
    overlamnad: r.overlamnad!,
    ...(r.kvitterad !== null ? { kvitterad: r.kvitterad } : {}),
  };
}

/**
 * A receipt by its link after the meeting ended: written to the register's row of the receipt the meeting
 * handed over, once (the first time stays), and audited as the recipient's act. Returns the row as it now stands,
 * or undefined when the meeting handed over no such receipt.
 */
export async function kvitteraOverlamnad(
  db: Kysely<Database>,
  input: { uppgiftId: string; mottagare: string; tid: Date },
): Promise<OverlamnadKvittens | undefined> {
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .updateTable('expedieringar')
      .set((eb) => ({ kvitterad: eb.fn.coalesce('kvitterad', eb.val(input.tid)) }))
      .where('uppgift_id', '=', input.uppgiftId)
      .where('mottagare', '=', input.mottagare)
      .where('overlamnad', 'is not', null)
      .returning(['sammantrade_id', 'paragraf', 'kvitterad'])
      .execute();
    if (rows.length === 0) return undefined;
    await skrivAudit(trx, [
      {
        nyckel: `kvittens:${input.uppgiftId}:${input.mottagare}`,
        tid: rows[0]!.kvitterad ?? input.tid,
        aktor: input.mottagare,
        handling: 'KVITTERAD_I_REGISTRET',
        objekt: rows[0]!.sammantrade_id,
        detaljer: { uppgiftId: input.uppgiftId, paragraf: rows[0]!.paragraf },
      },
    ]);
    return overlamnadKvittens(trx, input.uppgiftId, input.mottagare);
  });
}

export async function paragrafserie(
  db: Kysely<Database>,
  kommun: string,
  organ: string,
  ar: number,
): Promise<Paragrafserie> {
  const serie = await db
    .selectFrom('paragrafserier')
    .select('senaste')
    .where('kommun_id', '=', kommun)
    .where('organ', '=', organ)
    .where('ar', '=', ar)
    .executeTakeFirst();
  const tilldelade = await db
    .selectFrom('paragrafnummer')
    .select(['nummer', 'nyckel', 'sammantrade_id as sammantradeId'])
    .where('kommun_id', '=', kommun)
    .where('organ', '=', organ)
    .where('ar', '=', ar)
    .orderBy('nummer')
    .execute();
  return { kommun, organ, ar, senaste: serie?.senaste ?? 0, tilldelade };
}

/** The meeting's row, created by whichever write names the meeting first. Returns its id. */
export async function sakerstallSammantrade(
  trx: Transaction<Database>,
  nyckel: SammantradeNyckel,
): Promise<string> {
  const id = sammantradeId(nyckel);
  await trx
    .insertInto('sammantraden')
    .values({
      id,
      kommun_id: nyckel.kommun,
      organ: nyckel.organ,
      datum: nyckel.datum,
      status: 'PLANERAT',
    })
    // No conflict target: the id and (kommun, organ, datum) are the same meeting, and a concurrent first write
    // must find either of them taken without an error (a target would arbitrate only one of the two indexes).
    .onConflict((oc) => oc.doNothing())
    .execute();
  return id;
}

async function flyttaStatus(
  trx: Transaction<Database>,
  id: string,
  status: SammantradeStatus,
): Promise<void> {
  const tidigare = STATUSORDNING.slice(0, STATUSORDNING.indexOf(status));
  if (tidigare.length === 0) return;
  await trx
    .updateTable('sammantraden')
    .set({ status })
    .where('id', '=', id)
    .where('status', 'in', tidigare)
    .execute();
}

/** How far the protocol itself says the meeting has come. */
function protokollstatus(p: Protokoll): SammantradeStatus {
  if (!p.justering.justerad) return 'PROTOKOLLFORT';
  return p.anslagUppsatt ? 'ANSLAGET' : 'JUSTERAT';
}

function sammantradeFakta(p: Protokoll, version: number) {
  return {
    version,
    organ_namn: p.organNamn,
    tid: JSON.stringify(p.tid),
    ajourneringar: JSON.stringify(p.ajourneringar),
    plats: p.plats,
    narvaro: JSON.stringify(p.narvaro),
    ordforande: p.ordforande,
    sekreterare: p.sekreterare,
    justerare: p.justerare,
    justering_datum: p.justering.datum ?? null,
    justering_klockan: p.justering.klockan ?? null,
    justering_plats: p.justering.plats,
    justerad: p.justering.justerad ?? null,
    anslag_uppsatt: p.anslagUppsatt ?? null,
    forvaringsplats: p.forvaringsplats ?? null,
    kommun_namn: p.kommunNamn ?? null,
    justering_omedelbar: p.justering.omedelbar ?? null,
    justering_signaturer: JSON.stringify(p.justering.signaturer),
    anslag_nedtaget: p.anslagNedtaget ?? null,
  };
}

/** The § 's queried facts as columns; its beslut and the rest of its record as jsonb. */
function paragrafRad(id: string, p: Protokoll, ar: number, x: Paragraf | ParagrafNummer) {
  const nyckel = { kommun_id: p.kommun, organ: p.organ, ar, nummer: x.nummer, sammantrade_id: id };
  if (!isFullParagraf(x)) {
    return {
      ...nyckel,
      rubrik: x.rubrik ?? null,
      diarienummer: null,
      omedelbart_justerad: false,
      beslut: null,
      innehall: null,
    };
  }
  const { nummer: _nummer, rubrik, diarienummer, omedelbartJusterad, beslut, ...innehall } = x;
  return {
    ...nyckel,
    rubrik,
    diarienummer: diarienummer ?? null,
    omedelbart_justerad: omedelbartJusterad,
    beslut: JSON.stringify(beslut),
    innehall: JSON.stringify(innehall),
  };
}

function paragrafAvRad(r: Selectable<ParagraferTable>): unknown {
  if (r.beslut === null) return { nummer: r.nummer, ...(r.rubrik !== null ? { rubrik: r.rubrik } : {}) };
  return {
    nummer: r.nummer,
    rubrik: r.rubrik,
    ...(r.diarienummer !== null ? { diarienummer: r.diarienummer } : {}),
    beslut: r.beslut,
    ...(r.innehall as Record<string, unknown>),
    omedelbartJusterad: r.omedelbart_justerad,
  };
}

/** The series never hands out a number a stored protocol already uses (an imported protocol, say). */
async function hojParagrafserie(
  trx: Transaction<Database>,
  { kommun, organ }: Protokoll,
  ar: number,
  hogsta: number,
): Promise<void> {
  const serie = await trx
    .selectFrom('paragrafserier')
    .select('senaste')
    .where('kommun_id', '=', kommun)
    .where('organ', '=', organ)
    .where('ar', '=', ar)
    .executeTakeFirst();
  // Only then the counter's lock: storing a protocol within its series does not queue behind allocations.
  if (serie && serie.senaste >= hogsta) return;
  await trx
    .insertInto('paragrafserier')
    .values({ kommun_id: kommun, organ, ar, senaste: hogsta })
    .onConflict((oc) =>
      oc
        .columns(['kommun_id', 'organ', 'ar'])
        .doUpdateSet({ senaste: sql<number>`greatest(paragrafserier.senaste, excluded.senaste)` }),
    )
    .execute();
}

/** Why the protocol's §§ were refused, looked up after the rollback. */
async function paragrafKonflikt(
  db: Kysely<Database>,
  input: SparatProtokoll,
  cause: unknown,
): Promise<ParagrafKonflikt> {
  const p = input.protokoll;
  const id = sammantradeId(p);
  const nummer = p.paragrafer.map((x) => x.nummer);
  const dubbletter = [...new Set(nummer.filter((n, i) => nummer.indexOf(n) !== i))].sort((a, b) => a - b);
  const upptagna = await db
    .selectFrom('paragrafer')
    .select(['nummer', 'sammantrade_id as sammantradeId'])
    .where('kommun_id', '=', p.kommun)
    .where('organ', '=', p.organ)
    .where('ar', '=', yearOf(p.datum))
    .where('nummer', 'in', nummer)
    .where('sammantrade_id', '<>', id)
    .orderBy('nummer')
    .execute();
  return new ParagrafKonflikt(id, input.version, dubbletter, upptagna, { cause });
}

async function nummerMedNyckel(db: Kysely<Database>, nyckel: string): Promise<number | undefined> {
  const row = await db
    .selectFrom('paragrafnummer')
    .select('nummer')
    .where('nyckel', '=', nyckel)
    .executeTakeFirst();
  return row?.nummer;
}
