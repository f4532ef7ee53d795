/**
 * The follow-up of the reports (issue 17): the kommun's mål, indikatorer, uppdrag and verksamheter as objects kept
 * across periods — an uppdrag lives until a status closes it, so the uppdrag register outlives each report — and
 * each report's values for them (bedömning, status, numbers and kommentar), one row per report and object.
 */
import { sql, type Kysely } from 'kysely';

const STATEMENTS = [
  // `nyckel` is the object's key within the kommun: an uppdrag's own id (one uppdrag, however many nämnder
  // follow it up), a mål's, indikator's or verksamhet's `<organ>/<år>/<id>` (each nämnd's own, each year's own).
  sql`create table uppfoljning_objekt (
    kommun_id text not null,
    nyckel text not null,
    id text not null,
    slag text not null check (slag in ('MAL', 'INDIKATOR', 'UPPDRAG', 'EKONOMI')),
    organ text[] not null,
    ar integer not null,
    titel text not null,
    data jsonb not null,
    slutdatum date,
    uppdaterad timestamptz not null,
    primary key (kommun_id, nyckel)
  )`,
  sql`create index uppfoljning_objekt_slag on uppfoljning_objekt (kommun_id, slag, ar)`,
  sql`create table uppfoljning_varde (
    rapport_id text not null,
    kommun_id text not null,
    nyckel text not null,
    period date not null,
    bedomning text,
    bedomning_steg text,
    trend text,
    trend_steg text,
    kommentar text,
    utfall text,
    prognos text,
    budget double precision,
    utfall_belopp double precision,
    prognos_belopp double precision,
    avvikelse double precision,
    sparad_av text not null,
    sparad timestamptz not null,
    primary key (rapport_id, nyckel),
    foreign key (kommun_id, nyckel) references uppfoljning_objekt (kommun_id, nyckel)
  )`,
  sql`create index uppfoljning_varde_objekt on uppfoljning_varde (kommun_id, nyckel, period)`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of STATEMENTS) await statement.execute(db);
}
