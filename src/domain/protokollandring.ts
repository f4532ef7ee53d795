/**
 * A protocol stored by reference: the meeting's workflow sends the register only what changed since the version
 * it stored last — the head when it changed, the §§ that are new or changed, and the order of the numbers — and
 * the register applies it to that version. So each step of the workflow carries one §, never the whole protocol,
 * and a meeting's history grows with its §§, not with their square.
 */
import type { Protokoll } from './protokoll';

type Paragraf = Protokoll['paragrafer'][number];

export type Protokollhuvud = Omit<Protokoll, 'paragrafer'>;

export interface Protokollandring {
  /** Everything but the §§, when it changed since the base (always when there is no base). */
  huvud?: Protokollhuvud;
  /** The §§ that are new or changed since the base. */
  paragrafer: Paragraf[];
  /** Every § number of the protocol, in its order. */
  nummer: number[];
}

const huvudAv = ({ paragrafer: _p, ...huvud }: Protokoll): Protokollhuvud => huvud;

/** What changed from `bas` (the version stored last; none before the first) to `protokoll`. */
export function protokollandring(bas: Protokoll | undefined, protokoll: Protokoll): Protokollandring {
  const huvud = huvudAv(protokoll);
  const fore = new Map((bas?.paragrafer ?? []).map((p) => [p.nummer, JSON.stringify(p)]));
  return {
    ...(bas && JSON.stringify(huvudAv(bas)) === JSON.stringify(huvud) ? {} : { huvud }),
    paragrafer: protokoll.paragrafer.filter((p) => fore.get(p.nummer) !== JSON.stringify(p)),
    nummer: protokoll.paragrafer.map((p) => p.nummer),
  };
}

/** The protocol `andring` makes of `bas`; undefined when a § or the head it needs is in neither. */
export function tillampaProtokollandring(
  bas: Protokoll | undefined,
  andring: Protokollandring,
): Protokoll | undefined {
  const huvud = andring.huvud ?? (bas ? huvudAv(bas) : undefined);
  if (!huvud) return undefined;
  const ny = new Map(andring.paragrafer.map((p) => [p.nummer, p]));
  const gammal = new Map((bas?.paragrafer ?? []).map((p) => [p.nummer, p]));
  const paragrafer: Paragraf[] = [];
  for (const n of andring.nummer) {
    const p = ny.get(n) ?? gammal.get(n);
    if (!p) return undefined;
    paragrafer.push(p);
  }
  return { ...huvud, paragrafer } as Protokoll;
}
