/**
 * Who may use the sekreterare's pages and read a protocol before it is justerat — the kommun's policy in
 * src/domain/behorighet.ts; the workflow's validator checks the actor of every command again
 * (src/domain/sammantrade.ts). The people of an organ, as the forms offer them, are here too.
 */
import type { KommunConfig, Person, Roll } from '../../domain/kommun';
import { behorighet, type BehorighetKommando } from '../../domain/behorighet';
import type { Session } from '../../api/session';

const har = (person: Pick<Person, 'roller'>, roller: readonly Roll[], organ?: string) =>
  person.roller.some(
    (r) => roller.includes(r.roll) && (organ === undefined || r.organ === undefined || r.organ === organ),
  );

/**
 * The pages themselves are for those who keep the protocol: the organ's sekreterare and the kanslichef, by the
 * kommun's policy (src/domain/behorighet.ts).
 */
export const SIDORNA: BehorighetKommando = 'sammantrade.protokollforMotet';

/** The organs whose meetings this person keeps (a kanslichef: every organ of the kommun). */
export function organFor(s: Pick<Session, 'person'>, config: KommunConfig): string[] {
  return config.organ
    .map((o) => o.kortnamn)
    .filter((organ) => behorighet(config, s.person, SIDORNA, { organ }).length === 0);
}

/** "Anders Almgren (S)": a person as the protocol names them. */
export const visningsnamn = (p: Pick<Person, 'namn' | 'parti'>) =>
  p.parti ? `${p.namn} (${p.parti})` : p.namn;

/** The organ's people by what they do at a meeting, from the config. */
export function organetsFolk(config: KommunConfig, organ: string) {
  const med = (...roller: Roll[]) =>
    config.personer.filter((p) => p.roller.some((r) => roller.includes(r.roll) && r.organ === organ));
  const ledamoter = med('ordforande', 'vice_ordforande', 'ledamot');
  return {
    ledamoter,
    ersattare: med('ersattare').filter((p) => !ledamoter.includes(p)),
    justerare: med('justerare'),
    sekreterare: [
      ...med('sekreterare'),
      ...config.personer.filter((p) => har(p, ['kanslichef']) && !har(p, ['sekreterare'], organ)),
    ],
    /** Names "Beslutet skickas till" is usually written with: the kommun's mottagare. */
    mottagare: config.personer.filter((p) => p.roller.some((r) => r.roll === 'mottagare')),
  };
}

/** The role a ledamot has at the meeting, as the protocol writes it. */
export function motesroll(p: Pick<Person, 'roller'>, organ: string): string | undefined {
  if (p.roller.some((r) => r.roll === 'ordforande' && r.organ === organ)) return 'ordförande';
  if (p.roller.some((r) => r.roll === 'vice_ordforande' && r.organ === organ)) return 'vice ordförande';
  return undefined;
}
