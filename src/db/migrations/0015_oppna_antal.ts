/**
 * The number of open tasks, kept beside the tasks (issue 16): the kanslichef's overview shows "Öppna uppgifter
 * (N)" over every page, and counting the open tasks on each load reads all of them — the page itself reads 50.
 * A trigger on `uppgift` keeps one count per kommun, organ and kind in the same transaction as the task's own
 * write, so the count is exact and reading it is a lookup of at most a few rows whatever the number of tasks.
 * `organ` is '' for a task of no organ (a primary key column cannot be null).
 */
import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create table uppgift_oppna_antal (
    kommun_id text not null,
    organ text not null,
    typ text not null,
    antal integer not null check (antal >= 0),
    primary key (kommun_id, organ, typ)
  )`.execute(db);
  await sql`create function uppgift_oppna_rakna() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.status = 'OPPEN' then
        update uppgift_oppna_antal set antal = antal - 1
          where kommun_id = old.kommun_id and organ = coalesce(old.organ, '') and typ = old.typ;
      end if;
      if tg_op in ('INSERT', 'UPDATE') and new.status = 'OPPEN' then
        insert into uppgift_oppna_antal (kommun_id, organ, typ, antal)
          values (new.kommun_id, coalesce(new.organ, ''), new.typ, 1)
          on conflict (kommun_id, organ, typ) do update set antal = uppgift_oppna_antal.antal + 1;
      end if;
      return null;
    end
  $$`.execute(db);
  await sql`create trigger uppgift_oppna_antal after insert or delete or update of status, kommun_id, organ, typ
    on uppgift for each row execute function uppgift_oppna_rakna()`.execute(db);
  await sql`insert into uppgift_oppna_antal (kommun_id, organ, typ, antal)
    select kommun_id, coalesce(organ, ''), typ, count(*) from uppgift where status = 'OPPEN'
    group by kommun_id, coalesce(organ, ''), typ`.execute(db);
}
