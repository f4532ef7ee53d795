/**
 * The reports planned for a meeting as the meeting takes them (src/domain/sammantrade.ts `RapportTillMotet`):
 * each with the step it has there, the handlingar that joined it, and the versions its chef approved — which go
 * with it onto the föredragningslista and into the kallelse.
 */
import type { Register } from '../db/register';
import type { Bilaga } from '../domain/arendedokument';
import type { RapportTillMotet } from '../domain/sammantrade';

export async function rapporterTillMotet(
  register: Pick<Register, 'rapporterForSammantrade' | 'godkandaDokument'>,
  motet: { kommun: string; organ: string; datum: string },
): Promise<RapportTillMotet[]> {
  const rapporter = await register.rapporterForSammantrade(motet);
  return Promise.all(
    rapporter.map(async (r) => {
      const plan = r.plan as { steg?: { steg: string; sammantrade?: { organ: string; datum: string } }[] };
      const steg = plan.steg?.find(
        (s) => s.sammantrade?.organ === motet.organ && s.sammantrade.datum === motet.datum,
      );
      const bilagor: Bilaga[] = (await register.godkandaDokument(r.id)).map((d) => ({
        dokumentId: d.id,
        roll: d.roll,
        namn: d.namn,
        nr: d.nr,
        typ: d.typ,
        sha256: d.sha256,
        storlek: d.storlek,
      }));
      return {
        id: r.id,
        titel: r.titel,
        status: r.status,
        ...(r.diarienummer ? { diarienummer: r.diarienummer } : {}),
        steg: steg?.steg ?? 'beslut',
        // The revisorer's bedömning, when it has joined the ärende by the time the list closes.
        ...(r.handlingar && r.handlingar.length > 0
          ? { handlingar: r.handlingar.map((h) => `${h.titel} (inkom ${h.datum})`) }
          : {}),
        ...(bilagor.length > 0 ? { bilagor } : {}),
      };
    }),
  );
}
