/**
 * An ärende's documents (src/arkiv/): its versions, an upload of a new one (multipart/form-data), a version's
 * file or its PDF view, and the prefilled tjänsteskrivelse. Who may read and upload is the policy's
 * (src/domain/behorighet.ts `dokument.lasa`, `dokument.laddaUpp`): before the ärende is diariefört its own people,
 * after it everyone in the kommun.
 */
import { createArkiv, Uppladdningsfel, type Arendet, type Arkiv, type Uppladdning } from '../../arkiv';
import type { DokumentRad } from '../../db/dokument';
import { MIME, type DokumentRoll } from '../../domain/arendedokument';
import type { z } from '../../domain/validering';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { kravBehorighet } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import {
  arendedokumentSchema,
  dokumentParams,
  dokumentversionSchema,
  rapportParams,
  uppladdningBody,
} from './schemas';
import { ApiFel, konflikt, ogiltig, saknas } from './svar';

const TAGG = 'Ärendets dokument';

export const dokumentLank = (id: string) => `/api/dokument/${id}`;
export const rapportLank = (id: string) => `/api/rapporter/${encodeURIComponent(id)}`;

/** Stores a new version and answers it; a refused upload is the client's 400 (or 409 once decided), naming why. */
export async function laddaUppVersion(arkiv: Arkiv, a: Arendet, upp: Uppladdning) {
  try {
    return versionSvar(await arkiv.laddaUpp(a, upp));
  } catch (error) {
    if (error instanceof Uppladdningsfel)
      throw error.status === 409 ? konflikt(error.fel) : ogiltig(error.fel);
    throw error;
  }
}

export function versionSvar(d: DokumentRad): z.input<typeof dokumentversionSchema> {
  return {
    id: d.id,
    nr: d.nr,
    roll: d.roll,
    namn: d.namn,
    typ: d.typ,
    sha256: d.sha256,
    storlek: d.storlek,
    uppladdadAv: d.uppladdadAv,
    uppladdad: d.uppladdad.toISOString(),
    ...(d.kommentar ? { kommentar: d.kommentar } : {}),
    lank: dokumentLank(d.id),
    pdf: `${dokumentLank(d.id)}/pdf`,
  };
}

/** The ärende of report `id`, if `session` may read its documents (else 404 or 403). */
async function arendet(deps: WebbDeps, session: Session, id: string): Promise<Arendet> {
  const a = await createArkiv(deps).arendet(id);
  if (!a) throw saknas('id', `ingen rapport med id "${id}"`);
  kravBehorighet(a.config, session, 'dokument.lasa', a.resurs);
  return a;
}

/** A version and its ärende, if `session` may read it. */
async function versionen(deps: WebbDeps, session: Session, id: string) {
  const dokument = await deps.register.hamtaDokument(id);
  if (!dokument) throw saknas('id', `inget dokument med id ${id}`);
  const a = await arendet(deps, session, dokument.processId);
  return { dokument, a };
}

/** `namn` for a Content-Disposition header: ASCII in `filename`, the real name in `filename*` (RFC 6266). */
export function filnamnHeader(namn: string, satt: 'attachment' | 'inline'): string {
  const ascii = namn
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '');
  return `${satt}; filename="${ascii || 'dokument'}"; filename*=UTF-8''${encodeURIComponent(namn)}`;
}

export const arendedokumentEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/rapporter/{id}/dokument',
    tagg: TAGG,
    sammanfattning: 'Ärendets dokument: alla versioner och godkännandena',
    params: rapportParams,
    svar: { status: 200, beskrivning: 'Versionerna.', schema: arendedokumentSchema },
    fel: [403, 404],
    async hantera(k) {
      const a = await arendet(k.deps, inloggad(k), k.params.id);
      const v = await createArkiv(k.deps).versioner(a.rapport.id);
      return {
        rapport: a.rapport.id,
        titel: a.rapport.titel,
        ...(a.rapport.diarienummer ? { diarienummer: a.rapport.diarienummer } : {}),
        versioner: v.alla.map(versionSvar),
        aktuella: v.aktuella.map((d) => d.id),
        godkannanden: v.godkannanden.map((g) => ({
          uppgift: g.uppgiftId,
          godkandAv: g.godkandAv,
          godkand: g.godkand.toISOString(),
          dokument: g.dokument,
        })),
      };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/rapporter/{id}/dokument',
    tagg: TAGG,
    sammanfattning: 'Ladda upp en ny version',
    beskrivning:
      'PDF, DOCX, XLSX eller ODT, typen prövad på innehållet; varje uppladdning blir en ny version (inget skrivs över). Efter chefens godkännande öppnar en ny version godkännandet igen.',
    params: rapportParams,
    body: uppladdningBody,
    fil: {
      falt: 'fil',
      beskrivning: 'Filen.',
      maxMb: (deps) => Math.max(...[...deps.kommuner.values()].map((c) => c.dokument.maxStorlekMb)),
    },
    svar: { status: 201, beskrivning: 'Den nya versionen.', schema: dokumentversionSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const s = inloggad(k);
      const arkiv = createArkiv(k.deps);
      const a = await arkiv.arendet(k.params.id);
      if (!a) throw saknas('id', `ingen rapport med id "${k.params.id}"`);
      kravBehorighet(a.config, s, 'dokument.laddaUpp', a.resurs);
      if (!k.fil)
        throw ogiltig([{ field: 'fil', rule: 'obligatorisk', message: 'ingen fil i fältet "fil"' }]);
      if (k.body.uppgift) await uppgiftenIArendet(k.deps, k.body.uppgift, a.rapport.id);
      return laddaUppVersion(arkiv, a, {
        rapportId: a.rapport.id,
        roll: k.body.roll as DokumentRoll,
        filnamn: k.fil.namn,
        bytes: k.fil.bytes,
        av: s.person,
        ...(k.body.kommentar ? { kommentar: k.body.kommentar } : {}),
        ...(k.body.uppgift ? { uppgiftId: k.body.uppgift } : {}),
      });
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/dokument/{id}',
    tagg: TAGG,
    sammanfattning: 'En version som fil',
    params: dokumentParams,
    svar: { status: 200, beskrivning: 'Filen, som den laddades upp.', filer: Object.values(MIME) },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const { dokument } = await versionen(k.deps, s, k.params.id);
      const bytes = await createArkiv(k.deps).las(dokument, s.person);
      if (!bytes) throw saknas('id', `dokumentets innehåll saknas (${dokument.sha256})`);
      return {
        bytes: Buffer.from(bytes),
        typ: MIME[dokument.typ],
        namn: dokument.namn,
        disposition: filnamnHeader(dokument.namn, 'attachment'),
      };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/dokument/{id}/pdf',
    tagg: TAGG,
    sammanfattning: 'En version att läsa i webbläsaren (PDF)',
    beskrivning:
      'En PDF som den är; DOCX, XLSX och ODT konverteras med LibreOffice (en gång per innehåll). 409 när servern saknar LibreOffice: hämta filen i stället.',
    params: dokumentParams,
    svar: { status: 200, beskrivning: 'Versionen som PDF.', filer: ['application/pdf'] },
    fel: [403, 404, 409],
    async hantera(k) {
      const s = inloggad(k);
      const { dokument } = await versionen(k.deps, s, k.params.id);
      const bytes = await createArkiv(k.deps).las(dokument, s.person, 'pdf');
      if (!bytes) {
        throw konflikt([
          {
            field: 'id',
            rule: 'pdf_visning',
            message: 'dokumentet kan inte visas som PDF här (LibreOffice saknas); hämta filen',
          },
        ]);
      }
      const namn = dokument.namn.replace(/\.\w+$/, '.pdf');
      return {
        bytes: Buffer.from(bytes),
        typ: 'application/pdf',
        namn,
        disposition: filnamnHeader(namn, 'inline'),
        inramning: true,
      };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/rapporter/{id}/tjansteskrivelse',
    tagg: TAGG,
    sammanfattning: 'Tjänsteskrivelsen, ifylld ur ärendet',
    beskrivning:
      'Kommunens mall (DOCX) ifylld med ärendets rubrik, diarienummer, handläggare, förslag till beslut och beslutsunderlag; redigera den i Word och ladda upp den som en ny version.',
    params: rapportParams,
    svar: { status: 200, beskrivning: 'Tjänsteskrivelsen.', filer: [MIME.docx] },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const a = await arendet(k.deps, s, k.params.id);
      const namn = `Tjänsteskrivelse ${a.rapport.titel}.docx`.replace(/[/\\:*?"<>|]/g, '-');
      return {
        bytes: Buffer.from(createArkiv(k.deps).tjansteskrivelse(a, s.person)),
        typ: MIME.docx,
        namn,
        disposition: filnamnHeader(namn, 'attachment'),
      };
    },
  }),
];

/** The task an upload names must be one of the ärende's. */
async function uppgiftenIArendet(deps: WebbDeps, uppgiftId: string, rapportId: string): Promise<void> {
  const uppgift = await deps.register.hamtaUppgift(uppgiftId);
  if (uppgift?.processId !== rapportId) {
    throw new ApiFel(400, [
      {
        field: 'uppgift',
        rule: 'uppgift_i_arendet',
        message: `uppgiften ${uppgiftId} hör inte till ärendet`,
      },
    ]);
  }
}
