/**
 * The report's follow-up (issue 17) through the REST API: read and filled in on the report's task (the assignee, a
 * delegate or the kanslichef, while the task is open), as JSON or as the XLSX sheet kanslier work in; the bilaga
 * with the report's tables (PDF or DOCX), attached to the ärende as a BILAGA version on request; KS's roll-up of the
 * nämnder's counts; and the uppdrag register. The chef's Godkänn meets the gate in ./uppgifter.ts.
 */
import { createArkiv } from '../../arkiv';
import type { UppgiftRad } from '../../db/register';
import { renderDokument } from '../../documents';
import { MIME } from '../../domain/arendedokument';
import { uppfoljningInSchema } from '../../domain/uppfoljning/modell';
import { sparbarText, z } from '../../domain/validering';
import { importeraArk } from '../../uppfoljning/import';
import {
  bilagan,
  lasRapportensUppfoljning,
  rapportenAv,
  sammanrakna,
  sparaRapportensUppfoljning,
  type RapportensUppfoljning,
} from '../../uppfoljning/rapportens';
import { skrivArk, stegText, type Forra } from '../../uppfoljning/xlsx';
import type { BehorighetKommando } from '../../domain/behorighet';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { filnamnHeader, laddaUppVersion } from './arendedokument';
import { kommunen, kravBehorighet, kravSynligUppgift, okandUppgift } from './atkomst';
import { endpoint, inloggad, type Endpoint } from './endpoint';
import { dokumentversionSchema, rapportParams, uppgiftParams } from './schemas';
import { konflikt, ogiltig, saknas } from './svar';

const TAGG = 'Uppföljning';

const antalSchema = z.object({
  steg: z.string(),
  namn: z.string(),
  symbol: z.string().optional(),
  antal: z.int(),
});
export const sammanstallningSchema = z
  .object({
    mal: z.object({ totalt: z.int(), per: z.array(antalSchema), utan: z.int(), trend: z.array(antalSchema) }),
    indikatorer: z.object({ totalt: z.int(), utanPrognos: z.int() }),
    uppdrag: z.object({ totalt: z.int(), per: z.array(antalSchema), utan: z.int() }),
    ekonomi: z.object({
      rader: z.int(),
      budget: z.number(),
      utfall: z.number(),
      prognos: z.number(),
      avvikelse: z.number(),
      utanPrognos: z.int(),
    }),
  })
  .meta({ description: 'Uppföljningen räknad efter kommunens egna steg, och ekonomin summerad.' });

const radSvar = z.array(z.record(z.string(), z.union([z.string(), z.number()]).optional()));
/** The rows as answered: the fields of the PUT body's rows (id, titel, … bedomning, status, kommentar). */
const raderSvarSchema = z.object({ mal: radSvar, indikatorer: radSvar, uppdrag: radSvar, ekonomi: radSvar });

const felListaSchema = z.array(z.object({ field: z.string(), rule: z.string(), message: z.string() }));

const uppfoljningSvarSchema = z
  .object({
    rapport: z.object({
      id: z.string(),
      organ: z.string(),
      ar: z.int(),
      slag: z.string(),
      period: z.string(),
    }),
    /** Required by the kommun for this kind of report; absent: it has no gate. */
    krav: z.record(z.string(), z.boolean()).optional(),
    rader: raderSvarSchema.meta({
      description: 'Periodens rader; innan något är ifyllt förra periodens värden (förifyllt).',
    }),
    ifylld: z.boolean().meta({ description: 'Periodens värden är sparade.' }),
    forra: z.record(z.string(), z.record(z.string(), z.unknown())).meta({
      description: 'Förra periodens värde per id (bedömning, status, utfall, prognos, kommentar).',
    }),
    sammanstallning: sammanstallningSchema,
    brister: felListaSchema.meta({ description: 'Det som saknas innan chefen kan godkänna.' }),
  })
  .meta({ id: 'Uppfoljning' });

const sammanrakningSchema = z.object({
  rapport: z.object({ id: z.string(), organ: z.string() }),
  namnder: z.array(
    z.object({
      organ: z.string(),
      namn: z.string(),
      rapporterat: z.boolean(),
      sammanstallning: sammanstallningSchema,
    }),
  ),
  egen: sammanstallningSchema,
  totalt: sammanstallningSchema,
  ejRapporterat: z.array(z.string()),
});

const bilagaQuery = z.object({ format: z.enum(['pdf', 'docx']).default('pdf') }).strict();
const tomBody = z.object({ kommentar: sparbarText().trim().max(4000).optional() }).strict();
const uppdragQuery = z
  .object({
    sok: sparbarText().trim().max(200).optional(),
    organ: z.string().max(40).optional(),
  })
  .strict();
const uppdragListaSchema = z.object({
  uppdrag: z.array(
    z.object({
      id: z.string(),
      titel: z.string(),
      organ: z.array(z.string()),
      ar: z.int(),
      slutdatum: z.string().optional(),
      data: z.record(z.string(), z.string()),
      historik: z.array(
        z.object({
          rapportId: z.string(),
          period: z.string(),
          status: z.string().optional(),
          kommentar: z.string().optional(),
        }),
      ),
    }),
  ),
});

/** The task (from the register) and its report; 403/404 as the policy says. */
async function uppgiftensRapport(deps: WebbDeps, s: Session, id: string, kommando: BehorighetKommando) {
  const uppgift = await deps.register.hamtaUppgift(id);
  if (!uppgift) throw okandUppgift(id);
  const config = kravSynligUppgift(deps, s, id, uppgift);
  kravBehorighet(config, s, kommando, {
    ...(uppgift.organ ? { organ: uppgift.organ } : {}),
    uppgift,
  });
  const rad = await deps.register.hamtaRapport(uppgift.processId);
  if (!rad) throw saknas('id', `uppgiften "${uppgift.titel}" hör inte till någon rapport`);
  return { uppgift, config, rapport: rapportenAv(rad) };
}

function oppen(uppgift: UppgiftRad): void {
  if (uppgift.status !== 'OPPEN') {
    throw konflikt([
      { field: 'id', rule: 'uppgiften_avslutad', message: `uppgiften "${uppgift.titel}" är inte öppen` },
    ]);
  }
}

export function uppfoljningSvar(u: RapportensUppfoljning): z.input<typeof uppfoljningSvarSchema> {
  return {
    rapport: {
      id: u.rapport.id,
      organ: u.rapport.organ,
      ar: u.rapport.ar,
      slag: u.rapport.slag,
      period: u.rapport.period,
    },
    ...(u.krav ? { krav: u.krav } : {}),
    rader: u.rader,
    ifylld: u.varden.length > 0,
    forra: Object.fromEntries([...u.forra].map(([id, v]) => [id, { ...v }])),
    sammanstallning: u.sammanstallning,
    brister: u.brister,
  };
}

/** Last period's value of each row as the sheet shows it beside this one's. */
function forraIArket(u: RapportensUppfoljning, config: ReturnType<typeof kommunen>): Forra {
  const forra: Forra = { mal: new Map(), indikatorer: new Map(), uppdrag: new Map(), ekonomi: new Map() };
  for (const [id, v] of u.forra) {
    const o = u.objekt.find((x) => x.id === id);
    if (!o) continue;
    if (o.slag === 'MAL' && v.bedomning)
      forra.mal!.set(id, stegText(config.uppfoljning.bedomning, v.bedomning.steg)!);
    if (o.slag === 'INDIKATOR' && v.utfall) forra.indikatorer!.set(id, v.utfall);
    if (o.slag === 'UPPDRAG' && v.bedomning)
      forra.uppdrag!.set(id, stegText(config.uppfoljning.uppdragsstatus, v.bedomning.steg)!);
    if (o.slag === 'EKONOMI' && v.prognosBelopp !== undefined)
      forra.ekonomi!.set(id, String(v.prognosBelopp));
  }
  return forra;
}

const ARKNAMN = (rapportId: string) => `uppfoljning-${rapportId.replace(/[^A-Za-z0-9]+/g, '-')}.xlsx`;

export const uppfoljningEndpoints: Endpoint[] = [
  endpoint({
    metod: 'get',
    sokvag: '/api/tasks/{id}/uppfoljning',
    tagg: TAGG,
    sammanfattning: 'Rapportens uppföljning på uppgiften',
    beskrivning:
      'Nämndens mål, indikatorer, verksamheter och öppna uppdrag, förifyllda från förra perioden, med det som saknas innan chefen kan godkänna.',
    params: uppgiftParams,
    svar: { status: 200, beskrivning: 'Uppföljningen.', schema: uppfoljningSvarSchema },
    fel: [403, 404],
    async hantera(k) {
      const { config, rapport } = await uppgiftensRapport(k.deps, inloggad(k), k.params.id, 'uppgift.lasa');
      return uppfoljningSvar(await lasRapportensUppfoljning(k.deps.register, config, rapport));
    },
  }),
  endpoint({
    metod: 'put',
    sokvag: '/api/tasks/{id}/uppfoljning',
    tagg: TAGG,
    sammanfattning: 'Fyll i rapportens uppföljning',
    beskrivning:
      'Hela periodens uppföljning: varje bedömning, status och trend ur kommunens egna listor (med egna ord), belopp som tal. Allt sparas eller inget; felen namnger rad och fält.',
    params: uppgiftParams,
    body: uppfoljningInSchema,
    svar: { status: 200, beskrivning: 'Uppföljningen efter sparandet.', schema: uppfoljningSvarSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const s = inloggad(k);
      const { uppgift, config, rapport } = await uppgiftensRapport(k.deps, s, k.params.id, 'uppgift.slutfor');
      oppen(uppgift);
      const fel = await sparaRapportensUppfoljning(
        k.deps.register,
        config,
        rapport,
        k.body,
        s.person,
        new Date(),
      );
      if (fel.length > 0) throw ogiltig(fel);
      return uppfoljningSvar(await lasRapportensUppfoljning(k.deps.register, config, rapport));
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/tasks/{id}/uppfoljning.xlsx',
    tagg: TAGG,
    sammanfattning: 'Uppföljningen som Excel-ark',
    beskrivning:
      'Ett blad var för Mål, Indikatorer, Uppdrag och Ekonomi; kommunens steg som listor, förra periodens värden bredvid.',
    params: uppgiftParams,
    svar: { status: 200, beskrivning: 'Arbetsboken.', filer: [MIME.xlsx] },
    fel: [403, 404],
    async hantera(k) {
      const { config, rapport } = await uppgiftensRapport(k.deps, inloggad(k), k.params.id, 'uppgift.lasa');
      const u = await lasRapportensUppfoljning(k.deps.register, config, rapport);
      const bytes = await skrivArk(
        {
          kommun: config.kommun.namn,
          rapport: rapport.id,
          titel: rapport.titel,
          period: rapport.period,
          enhet: config.uppfoljning.ekonomi.enhet,
        },
        u.rader,
        config.uppfoljning,
        forraIArket(u, config),
      );
      const namn = ARKNAMN(rapport.id);
      return { bytes, typ: MIME.xlsx, namn, disposition: filnamnHeader(namn, 'attachment') };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/tasks/{id}/uppfoljning.xlsx',
    tagg: TAGG,
    sammanfattning: 'Läs in uppföljningen från ett Excel-ark',
    beskrivning:
      'Varje rad prövas; ett fel i någon rad avvisar hela filen (felen namnger blad, cell och kolumn) och inget ändras.',
    params: uppgiftParams,
    body: tomBody,
    fil: { falt: 'fil', beskrivning: 'Arbetsboken (.xlsx).', maxMb: () => 10 },
    svar: { status: 200, beskrivning: 'Uppföljningen efter inläsningen.', schema: uppfoljningSvarSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const s = inloggad(k);
      const { uppgift, config, rapport } = await uppgiftensRapport(k.deps, s, k.params.id, 'uppgift.slutfor');
      oppen(uppgift);
      if (!k.fil)
        throw ogiltig([{ field: 'fil', rule: 'obligatorisk', message: 'ingen fil i fältet "fil"' }]);
      const fel = await importeraOchSpara(k.deps, config, rapport, k.fil.bytes, s.person);
      if (fel.length > 0) throw ogiltig(fel);
      return uppfoljningSvar(await lasRapportensUppfoljning(k.deps.register, config, rapport));
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/rapporter/{id}/uppfoljning',
    tagg: TAGG,
    sammanfattning: 'Uppföljningen som bilaga (PDF eller DOCX)',
    beskrivning:
      'Rapportens tabeller i källdokumentens uppställning: sammanställningen, mål med bedömning, indikatorer, uppdrag med status och kommentar, ekonomin. Styrelsens rapport får nämndernas sammanställning också.',
    params: rapportParams,
    query: bilagaQuery,
    svar: { status: 200, beskrivning: 'Bilagan.', filer: [MIME.pdf, MIME.docx] },
    fel: [403, 404],
    async hantera(k) {
      const { dokument } = await bilagaAv(k.deps, inloggad(k), k.params.id);
      const format = k.query.format;
      const namn = `${dokument.fileStem}.${format}`;
      return {
        bytes: await renderDokument(dokument, format),
        typ: MIME[format],
        namn,
        disposition: filnamnHeader(namn, format === 'pdf' ? 'inline' : 'attachment'),
      };
    },
  }),
  endpoint({
    metod: 'post',
    sokvag: '/api/rapporter/{id}/uppfoljning/bilaga',
    tagg: TAGG,
    sammanfattning: 'Bifoga uppföljningen till ärendet',
    beskrivning:
      'Bilagan som PDF blir en ny BILAGA-version bland ärendets dokument, så att chefen godkänner den version hen ser.',
    params: rapportParams,
    body: tomBody,
    svar: { status: 201, beskrivning: 'Den nya versionen.', schema: dokumentversionSchema },
    fel: [403, 404, 409],
    async hantera(k) {
      const s = inloggad(k);
      const arkiv = createArkiv(k.deps);
      const a = await arkiv.arendet(k.params.id);
      if (!a) throw saknas('id', `ingen rapport med id "${k.params.id}"`);
      kravBehorighet(a.config, s, 'dokument.laddaUpp', a.resurs);
      const { dokument } = await bilagaAv(k.deps, s, k.params.id);
      return laddaUppVersion(arkiv, a, {
        rapportId: a.rapport.id,
        roll: 'BILAGA',
        filnamn: `${dokument.fileStem}.pdf`,
        bytes: await renderDokument(dokument, 'pdf'),
        av: s.person,
        ...(k.body.kommentar ? { kommentar: k.body.kommentar } : {}),
      });
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/rapporter/{id}/sammanstallning',
    tagg: TAGG,
    sammanfattning: 'Nämndernas uppföljning sammanräknad (styrelsens rapport)',
    beskrivning:
      'Per nämnd och totalt: målens bedömningar och uppdragens status räknade efter kommunens steg, ekonomin summerad med avvikelsen, och vilka nämnder som ännu inte har rapporterat.',
    params: rapportParams,
    svar: { status: 200, beskrivning: 'Sammanräkningen.', schema: sammanrakningSchema },
    fel: [403, 404],
    async hantera(k) {
      const s = inloggad(k);
      const rad = await k.deps.register.hamtaRapport(k.params.id);
      if (!rad) throw saknas('id', `ingen rapport med id "${k.params.id}"`);
      const config = kommunen(k.deps, rad.kommun);
      kravBehorighet(config, s, 'kommun.lasa');
      const rapport = rapportenAv(rad);
      const egen = await lasRapportensUppfoljning(k.deps.register, config, rapport);
      const r = await sammanrakna(k.deps.register, config, rapport, egen);
      return { rapport: { id: rapport.id, organ: rapport.organ }, ...r };
    },
  }),
  endpoint({
    metod: 'get',
    sokvag: '/api/uppdrag',
    tagg: TAGG,
    sammanfattning: 'Uppdragsregistret',
    beskrivning:
      'Kommunens uppdrag (från KF:s EVP och från KF:s och KS:s beslut) över åren, sökbara på text, id, beslut och diarienummer, med status och kommentar per period.',
    query: uppdragQuery,
    svar: { status: 200, beskrivning: 'Uppdragen.', schema: uppdragListaSchema },
    fel: [],
    async hantera(k) {
      const s = inloggad(k);
      const objekt = await k.deps.register.uppfoljningsobjekt({
        kommun: s.kommun,
        slag: 'UPPDRAG',
        ...(k.query.organ ? { organ: k.query.organ } : {}),
        ...(k.query.sok ? { sok: k.query.sok } : {}),
      });
      const historik = await k.deps.register.vardehistorik(
        s.kommun,
        objekt.map((o) => o.nyckel),
      );
      return {
        uppdrag: objekt.map((o) => ({
          id: o.id,
          titel: o.titel,
          organ: o.organ,
          ar: o.ar,
          ...(o.slutdatum ? { slutdatum: o.slutdatum } : {}),
          data: Object.fromEntries(
            Object.entries(o.data).filter((e): e is [string, string] => e[1] !== undefined),
          ),
          historik: historik
            .filter((h) => h.nyckel === o.nyckel)
            .map((h) => ({
              rapportId: h.rapportId,
              period: h.period,
              ...(h.bedomning ? { status: h.bedomning.text } : {}),
              ...(h.kommentar ? { kommentar: h.kommentar } : {}),
            })),
        })),
      };
    },
  }),
];

/** An uploaded sheet imported and saved as the report's follow-up, or the refusals (nothing saved). */
export async function importeraOchSpara(
  deps: Pick<WebbDeps, 'register'>,
  config: ReturnType<typeof kommunen>,
  rapport: ReturnType<typeof rapportenAv>,
  bytes: Uint8Array,
  av: string,
) {
  const kandaMal = (
    await deps.register.uppfoljningsobjekt({
      kommun: rapport.kommun,
      organ: rapport.organ,
      ar: rapport.ar,
      slag: 'MAL',
    })
  ).map((o) => o.id);
  const svar = await importeraArk(bytes, config, rapport, kandaMal);
  if ('fel' in svar) return svar.fel;
  return sparaRapportensUppfoljning(deps.register, config, rapport, svar.rader, av, new Date(), {
    ok: svar.ok,
  });
}

async function bilagaAv(deps: WebbDeps, s: Session, rapportId: string) {
  const rad = await deps.register.hamtaRapport(rapportId);
  if (!rad) throw saknas('id', `ingen rapport med id "${rapportId}"`);
  const config = kommunen(deps, rad.kommun);
  kravBehorighet(config, s, 'kommun.lasa');
  const rapport = rapportenAv(rad);
  const u = await lasRapportensUppfoljning(deps.register, config, rapport);
  const namnder =
    rapport.underlag.length > 0 ? (await sammanrakna(deps.register, config, rapport, u)).namnder : undefined;
  return { config, dokument: bilagan(config, u, namnder) };
}
