/**
 * An ärende's documents as the pages show them (src/arkiv/): every version, the current ones and the approved
 * ones, the handläggare's comments, and what the signed-in person may do with them — by the kommun's policy
 * (src/domain/behorighet.ts `dokument.lasa`, `dokument.laddaUpp`).
 */
import { createArkiv, type Arendet } from '../../arkiv';
import type { DokumentRad, Godkannande } from '../../db/dokument';
import { behorighet } from '../../domain/behorighet';
import type { WebbDeps } from '../../api/webbDeps';
import type { Session } from '../../api/session';

export interface Kommentar {
  av: string;
  tid: Date;
  text: string;
  /** What it is said with: "rapport.pdf, version 3". */
  om: string;
}

export interface Handlingarna {
  arendet: Arendet;
  alla: DokumentRad[];
  aktuella: DokumentRad[];
  godkanda: DokumentRad[];
  godkannanden: Godkannande[];
  /** The handläggare's words to the one who approves, with each upload. */
  kommentarer: Kommentar[];
  farLaddaUpp: boolean;
}

/**
 * The documents of the ärende `processId` (a report's), if it is one and `s` may read them; undefined when it is
 * not an ärende with documents, `'nekad'` when it is but `s` may not read them.
 */
export async function lasHandlingar(
  deps: Pick<WebbDeps, 'client' | 'register' | 'kommuner'>,
  s: Pick<Session, 'person' | 'kommun'>,
  processId: string,
): Promise<Handlingarna | 'nekad' | undefined> {
  const arkiv = createArkiv(deps);
  const arendet = await arkiv.arendet(processId);
  if (!arendet) return undefined;
  const far = (kommando: 'dokument.lasa' | 'dokument.laddaUpp') =>
    s.kommun === arendet.config.kommun.id &&
    behorighet(arendet.config, s.person, kommando, arendet.resurs).length === 0;
  if (!far('dokument.lasa')) return 'nekad';
  const v = await arkiv.versioner(processId);
  // The handläggare's words with each version (the draft's own comment is on the approval task itself).
  const kommentarer: Kommentar[] = v.alla.flatMap((d) =>
    d.kommentar
      ? [{ av: d.uppladdadAv, tid: d.uppladdad, text: d.kommentar, om: `${d.namn}, version ${d.nr}` }]
      : [],
  );
  return { arendet, ...v, kommentarer, farLaddaUpp: far('dokument.laddaUpp') && !arendet.beslutat };
}
