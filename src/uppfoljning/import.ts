/**
 * A follow-up workbook imported for one report: read (./xlsx.ts), every row checked against the layout
 * (src/domain/uppfoljning/ark.ts), then against the kommun's scales (src/domain/uppfoljning/modell.ts). Either the
 * whole follow-up or every refusal, each naming its sheet, cell and column — nothing is stored from a refused file.
 * The fixtures of config/examples/uppfoljning/ come in this way too, like a user's sheet.
 */
import { lasArk } from '../domain/uppfoljning/ark';
import { tolkaUppfoljning, type TolkadUppfoljning, type UppfoljningIn } from '../domain/uppfoljning/modell';
import type { KommunConfig } from '../domain/kommun';
import type { Fel } from '../domain/validering';
import { lasArkfil } from './xlsx';

export type Importresultat = { ok: TolkadUppfoljning; rader: UppfoljningIn } | { fel: Fel[] };

export async function importeraArk(
  bytes: Uint8Array,
  kommun: Pick<KommunConfig, 'uppfoljning' | 'organ'>,
  rapport: { organ: string; ar: number },
  kandaMal: readonly string[] = [],
): Promise<Importresultat> {
  const fil = await lasArkfil(bytes);
  if ('fel' in fil) return fil;
  const ark = lasArk(fil.tabeller);
  if ('fel' in ark) return ark;
  const tolkad = tolkaUppfoljning(ark.rader, kommun, rapport, ark.plats, kandaMal);
  return 'fel' in tolkad ? tolkad : { ok: tolkad.ok, rader: ark.rader };
}
