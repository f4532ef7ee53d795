/**
 * The ärende's archive: its documents as the pages and the REST API use them. An upload is checked by its content
 * (src/documents/filtyp.ts, src/domain/arendedokument.ts) and refused whole or stored whole — bytes, version row
 * and audit entry in one transaction — and then told to the report's workflow, which reopens an approval the new
 * version came after. Every read is audited; a DOCX is shown as the PDF LibreOffice makes of it (once per
 * content). Who may do what is the caller's check, with `atkomst` (src/domain/behorighet.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { DokumentRad, Godkannande } from '../db/dokument';
import type { Register } from '../db/register';
import type { RapportRad } from '../db/rapporter';
import {
  aktuellaDokument,
  granskaUppladdning,
  type DokumentRoll,
  type DokumentTyp,
} from '../domain/arendedokument';
import type { Resurs } from '../domain/behorighet';
import { dateInStockholm } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import type { RapportPlan } from '../domain/planering';
import type { Fel } from '../domain/validering';
import { filtypAv } from '../documents/filtyp';
import { nyDokumentversionSignal } from '../workflows/rapportprocess';
import { tillPdf } from './libreoffice';
import { fyllTjansteskrivelse, tjansteskrivelsedata } from './mall';

export interface ArkivDeps {
  client: Client;
  register: Register;
  kommuner: Map<string, KommunConfig>;
}

/** An upload refused: 400 for what the file is, 409 for the ärende's state (it is decided). */
export class Uppladdningsfel extends Error {
  constructor(
    readonly status: 400 | 409,
    readonly fel: Fel[],
  ) {
    super(fel.map((f) => f.message).join('; '));
  }
}

/** An ärende (a report's) as its documents need it. */
export interface Arendet {
  rapport: RapportRad;
  config: KommunConfig;
  /** For the policy: who has had its tasks, and whether it is diariefört. */
  resurs: Resurs;
  /** The organ has decided: its documents are what was decided on, and no version is added. */
  beslutat: boolean;
}

export interface Uppladdning {
  rapportId: string;
  roll: DokumentRoll;
  filnamn: string;
  bytes: Uint8Array;
  av: string;
  kommentar?: string;
  uppgiftId?: string;
}

export interface Arkiv {
  /** The ärende of report `rapportId`, or undefined when there is none. */
  arendet(rapportId: string): Promise<Arendet | undefined>;
  /** Stores a new version (throws `Uppladdningsfel` and stores nothing when refused). */
  laddaUpp(arendet: Arendet, upp: Uppladdning): Promise<DokumentRad>;
  /** Every version, the current ones, and the approvals with what each bound. */
  versioner(rapportId: string): Promise<{
    alla: DokumentRad[];
    aktuella: DokumentRad[];
    godkanda: DokumentRad[];
    godkannanden: Godkannande[];
  }>;
  /** A stored version and its bytes, the read audited as `av`'s. */
  las(dokument: DokumentRad, av: string, som?: 'fil' | 'pdf'): Promise<Uint8Array | undefined>;
  /** The prefilled tjänsteskrivelse of the ärende for handläggare `av`. */
  tjansteskrivelse(arendet: Arendet, av: string): Uint8Array;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export function createArkiv(deps: ArkivDeps): Arkiv {
  const { register } = deps;

  async function arendet(rapportId: string): Promise<Arendet | undefined> {
    const rapport = await register.hamtaRapport(rapportId);
    const config = rapport && deps.kommuner.get(rapport.kommun);
    if (!rapport || !config) return undefined;
    const uppgifter = await register.listaUppgifter({ processer: [rapportId] });
    const personer = [...new Set(uppgifter.flatMap((u) => [u.tilldelad, ...u.delegater]))];
    const beslutat =
      rapport.status === 'KLAR' ||
      uppgifter.some((u) => (u.typ === 'beslut' || u.typ === 'fullmaktige') && u.status === 'KLAR');
    return {
      rapport,
      config,
      resurs: { organ: rapport.organ, arende: { personer, diariefort: rapport.diarienummer !== undefined } },
      beslutat,
    };
  }

  return {
    arendet,

    async laddaUpp(a, upp) {
      const max = a.config.dokument.maxStorlekMb;
      const granskad = granskaUppladdning({
        namn: upp.filnamn,
        storlek: upp.bytes.byteLength,
        typ: upp.bytes.byteLength > 0 ? filtypAv(upp.bytes) : undefined,
        maxStorlekMb: max,
      });
      if ('fel' in granskad) throw new Uppladdningsfel(400, granskad.fel);
      if (a.beslutat) {
        throw new Uppladdningsfel(409, [
          {
            field: 'fil',
            rule: 'arendet_beslutat',
            message: `${a.rapport.titel} är beslutad; handlingarna är de som beslutet fattades på`,
          },
        ]);
      }
      const id = randomUUID();
      const hash = sha256(upp.bytes);
      const tid = new Date();
      const rad = await register.sparaDokument(
        {
          id,
          kommun: a.rapport.kommun,
          processId: a.rapport.id,
          roll: upp.roll,
          namn: granskad.namn,
          typ: granskad.typ,
          sha256: hash,
          bytes: upp.bytes,
          uppladdadAv: upp.av,
          uppladdad: tid,
          ...(upp.uppgiftId ? { uppgiftId: upp.uppgiftId } : {}),
          ...(upp.kommentar ? { kommentar: upp.kommentar } : {}),
        },
        {
          nyckel: `dokument:${id}:uppladdat`,
          tid,
          aktor: upp.av,
          handling: 'DOKUMENT_UPPLADDAT',
          objekt: `arende:${a.rapport.id}`,
          detaljer: { dokument: id, namn: granskad.namn, roll: upp.roll, sha256: hash },
        },
      );
      // Stored: now the report's workflow hears of it (an approval it came after is reopened). A report whose
      // workflow has ended has nothing to reopen.
      try {
        await deps.client.workflow
          .getHandle(`rapport/${a.rapport.id}`)
          .signal(nyDokumentversionSignal, { dokumentId: id, sha256: hash, av: upp.av });
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      }
      return rad;
    },

    async versioner(rapportId) {
      const alla = await register.listaDokument(rapportId);
      const godkannanden = await register.godkannanden(rapportId);
      const bundna = new Set(godkannanden.at(-1)?.dokument.map((d) => d.id) ?? []);
      return {
        alla,
        aktuella: aktuellaDokument(alla),
        godkanda: alla.filter((d) => bundna.has(d.id)),
        godkannanden,
      };
    },

    async las(dokument, av, som = 'fil') {
      let hash: string | undefined = dokument.sha256;
      if (som === 'pdf' && dokument.typ !== 'pdf') hash = await visning(dokument.sha256, dokument.typ);
      if (!hash) return undefined;
      const bytes = await register.dokumentinnehall(hash);
      if (!bytes) return undefined;
      await register.audit({
        nyckel: `dokument:${dokument.id}:visat:${randomUUID()}`,
        tid: new Date(),
        aktor: av,
        handling: 'DOKUMENT_VISAT',
        objekt: `arende:${dokument.processId}`,
        detaljer: { dokument: dokument.id, sha256: dokument.sha256, som },
      });
      return bytes;
    },

    tjansteskrivelse(a, av) {
      const plan = a.rapport.plan as RapportPlan;
      return fyllTjansteskrivelse(
        a.config,
        tjansteskrivelsedata(a.config, plan, av, dateInStockholm(Date.now()), a.rapport.diarienummer),
      );
    },
  };

  /** The PDF a DOCX, XLSX or ODT is shown as: converted once per content, then kept beside it. */
  async function visning(kalla: string, typ: DokumentTyp): Promise<string | undefined> {
    const sparad = await register.visningsPdf(kalla);
    if (sparad) return sparad;
    const bytes = await register.dokumentinnehall(kalla);
    const pdf = bytes && (await tillPdf(bytes, typ));
    if (!pdf) return undefined;
    const hash = sha256(pdf);
    await register.sparaVisningsPdf(kalla, { sha256: hash, bytes: pdf });
    return hash;
  }
}
