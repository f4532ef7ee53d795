/** A kommun's style of protocol as its config writes it (the logo's bytes are read where files are: src/documents). */
import type { KommunConfig } from '../kommun';
import { medStil, type Dokumentstil } from './stil';

export function kommunstil(config: KommunConfig, logotyp?: Uint8Array): Dokumentstil {
  const stil = config.protokoll.stil ?? {};
  return medStil({
    kommunNamn: config.kommun.namn,
    ...(logotyp ? { logotyp } : {}),
    ...(stil.sidfot ? { sidfot: stil.sidfot } : {}),
    ...(stil.tjanstgorFor ? { tjanstgorFor: stil.tjanstgorFor } : {}),
    ...(stil.diarienummer ? { diarienummer: stil.diarienummer } : {}),
    ...(stil.rubriker ? { rubriker: stil.rubriker } : {}),
    ...(stil.ordning ? { ordning: stil.ordning } : {}),
    ...(stil.jav ? { jav: stil.jav } : {}),
  });
}
