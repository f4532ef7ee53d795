/**
 * The sammanträde chain — kallelse → protocol → justering → anslag → laga kraft → expediering — kept so that
 * any protokoll or protokollsutdrag can be produced again, years later, from the register alone: the meeting's
 * facts and its §§ in tables of their own (columns where they are queried, jsonb where they are structured),
 * every protocol version as it was stored, and the § series per organ and year. One statement per call (PGlite).
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  // One row per meeting, from the first write that names it (a kallelse, a § number, the protocol). The meeting
  // facts are the protocol's as of `version`; until a protocol is stored they are null.
  sql`create table sammantraden (
    id text primary key,
    kommun_id text not null,
    organ text not null,
    datum date not null,
    status text not null
      check (status in ('PLANERAT', 'KALLAT', 'PROTOKOLLFORT', 'JUSTERAT', 'ANSLAGET', 'LAGA_KRAFT')),
    version integer,
    organ_namn text,
    tid jsonb,
    ajourneringar jsonb,
    plats text,
    narvaro jsonb,
    ordforande text,
    sekreterare text,
    justerare text[],
    justering_datum date,
    justering_klockan text,
    justering_plats text,
    justerad date,
    anslag_uppsatt date,
    forvaringsplats text,
    unique (kommun_id, organ, datum),
    check (
      version is null or (
        organ_namn is not null and tid is not null and ajourneringar is not null and plats is not null
        and narvaro is not null and ordforande is not null and sekreterare is not null and justerare is not null
        and justering_datum is not null and justering_plats is not null and forvaringsplats is not null
      )
    )
  )`,
  sql`create index sammantraden_status on sammantraden (kommun_id, status, datum)`,

  // §§ are numbered per organ and year across its meetings (domain-brief §5). One counter row per series: its
  // row lock serialises allocations, so numbers have no gaps and no duplicates. `paragrafnummer` remembers
  // each allocation's key, so a retried allocation gets the number it was given.
  sql`create table paragrafserier (
    kommun_id text not null,
    organ text not null,
    ar integer not null,
    senaste integer not null check (senaste > 0),
    primary key (kommun_id, organ, ar)
  )`,
  sql`create table paragrafnummer (
    nyckel text primary key,
    kommun_id text not null,
    organ text not null,
    ar integer not null,
    nummer integer not null check (nummer > 0),
    sammantrade_id text not null references sammantraden (id),
    unique (kommun_id, organ, ar, nummer)
  )`,

  // "§ 355" alone is ambiguous; (kommun, organ, year, §) is the key. A § listed by number only has no beslut.
  sql`create table paragrafer (
    kommun_id text not null,
    organ text not null,
    ar integer not null,
    nummer integer not null check (nummer > 0),
    sammantrade_id text not null references sammantraden (id),
    rubrik text,
    diarienummer text,
    omedelbart_justerad boolean not null default false,
    beslut jsonb,
    innehall jsonb,
    primary key (kommun_id, organ, ar, nummer),
    check ((beslut is null) = (innehall is null)),
    check (beslut is not null or (diarienummer is null and not omedelbart_justerad))
  )`,
  sql`create index paragrafer_sammantrade on paragrafer (sammantrade_id, nummer)`,
  sql`create index paragrafer_diarienummer on paragrafer (kommun_id, diarienummer)`,

  sql`create table protokollversioner (
    sammantrade_id text not null references sammantraden (id),
    version integer not null check (version >= 0),
    protokoll jsonb not null,
    handelse text not null,
    aktor text,
    tid timestamptz not null,
    primary key (sammantrade_id, version)
  )`,

  sql`create table justeringar (
    nyckel text primary key,
    sammantrade_id text not null references sammantraden (id),
    version integer not null,
    person text not null,
    typ text not null check (typ in ('GODKAND', 'INVANDNING')),
    paragrafer integer[] not null default '{}',
    kommentar text,
    tid timestamptz not null
  )`,
  sql`create index justeringar_sammantrade on justeringar (sammantrade_id, tid)`,

  sql`create table anslag (
    nyckel text primary key,
    sammantrade_id text not null references sammantraden (id),
    typ text not null check (typ in ('PROTOKOLL', 'OMEDELBAR', 'KALLELSE')),
    paragrafer integer[] not null default '{}',
    uppsatt date not null,
    nedtas_tidigast date,
    overklagande_senast date,
    laga_kraft date,
    nedtagen date,
    check (nedtagen is null or nedtagen >= uppsatt)
  )`,
  sql`create index anslag_sammantrade on anslag (sammantrade_id)`,
  // The public anslagstavla: what is up now.
  sql`create index anslag_uppe on anslag (uppsatt) where nedtagen is null`,

  sql`create table expedieringar (
    nyckel text primary key,
    sammantrade_id text not null references sammantraden (id),
    paragraf integer not null check (paragraf > 0),
    mottagare text not null,
    skickas_for text not null check (skickas_for in ('VERKSTALLIGHET', 'KANNEDOM')),
    uppgift_id text not null,
    skickad timestamptz,
    kvitterad timestamptz
  )`,
  sql`create index expedieringar_sammantrade on expedieringar (sammantrade_id, paragraf)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}
