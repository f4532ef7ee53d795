/**
 * A sammanträde's documents from the register's protocol: the protokoll and protokollsutdrag in PDF, DOCX or
 * HTML. Before the justering only those who write and justera the protocol (and the kanslichef) may read it;
 * after it, anyone in the kommun (src/domain/behorighet.ts).
 */
import { protokollDokument, protokollsutdragDokument, DokumentVagras } from '../../domain/dokument';
import { arJusterat, type Protokoll } from '../../domain/protokoll';
import { CONTENT_TYPE } from '../../documents';
import { kommunensFil } from '../../documents/kommunen';
import { dokumentstil } from '../../documents/stil';
import { sammantradeId } from '../../domain/sammantrade';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { kommunen, kravBehorighet, organet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { dokumentQuery, sammantradeParams, utdragQuery } from './schemas';
import { ogiltig, saknas } from './svar';

const TAGG = 'Dokument';
const FILER = Object.values(CONTENT_TYPE);

async function protokollet(
  deps: WebbDeps,
  session: Session,
  m: { kommun: string; organ: string; datum: Protokoll['datum'] },
): Promise<Protokoll> {
  const config = kommunen(deps, m.kommun);
  organet(config, m.organ);
  const protokoll = await deps.register.hamtaProtokoll(m);
  if (!protokoll) throw saknas('datum', `inget protokoll från ${sammantradeId(m)} ännu`);
  kravBehorighet(config, session, 'dokument.protokoll', {
    organ: m.organ,
    justerad: protokoll.justering.justerad !== undefined,
  });
  return protokoll;
}

export const dokumentEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/protokoll',
    tagg: TAGG,
    sammanfattning: 'Protokollet',
    beskrivning:
      'Som registret har det nu. Före justeringen ett utkast för sekreterare, ordförande, justerare och kanslichef.',
    params: sammantradeParams,
    query: dokumentQuery,
    svar: { status: 200, beskrivning: 'Dokumentet.', filer: FILER },
    fel: [403, 404],
    async hantera(k) {
      const protokoll = await protokollet(k.deps, inloggad(k), k.params);
      const config = kommunen(k.deps, k.params.kommun);
      return kommunensFil(
        config,
        protokollDokument(protokoll, dokumentstil(config)),
        k.query.format,
        arJusterat(protokoll),
      );
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/sammantraden/{kommun}/{organ}/{datum}/protokollsutdrag',
    tagg: TAGG,
    sammanfattning: 'Protokollsutdrag av en eller flera paragrafer',
    params: sammantradeParams,
    query: utdragQuery,
    svar: { status: 200, beskrivning: 'Dokumentet.', filer: FILER },
    fel: [403, 404],
    async hantera(k) {
      const protokoll = await protokollet(k.deps, inloggad(k), k.params);
      const config = kommunen(k.deps, k.params.kommun);
      let dokument;
      try {
        dokument = protokollsutdragDokument(protokoll, k.query.paragrafer, dokumentstil(config));
      } catch (error) {
        if (!(error instanceof DokumentVagras)) throw error;
        throw ogiltig(error.fel.map((f) => (f.field === 'paragraf' ? { ...f, field: 'paragrafer' } : f)));
      }
      return kommunensFil(config, dokument, k.query.format, true);
    },
  }),
];
