/**
 * The tjänsteskrivelse a handläggare starts from: the kommun's DOCX template (config `mallar.tjansteskrivelse`,
 * default config/mallar/tjansteskrivelse.docx, Lund's structure from document 000) filled in with docxtemplater
 * from the ärende and its report's plan. The handläggare edits it in Word and uploads it back.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type Docxtemplater from 'docxtemplater';
import type PizZip from 'pizzip';
import { DEFAULT_CONFIG_DIR } from '../config/load';
import type { IsoDate } from '../domain/datum';
import { personNamn, type KommunConfig } from '../domain/kommun';
import type { RapportPlan } from '../domain/planering';
import { organITexten } from '../domain/rapport';
import { langtDatum } from '../domain/svenskTid';

export const STANDARDMALL = path.join(DEFAULT_CONFIG_DIR, 'mallar', 'tjansteskrivelse.docx');

/** What the template is filled with (every tag of config/mallar/tjansteskrivelse.docx). */
export interface Tjansteskrivelsedata {
  kommunNamn: string;
  forvaltning: string;
  datum: string;
  diarienummer: string;
  handlaggare: string;
  titel: string;
  forslagInledning: string;
  attSatser: string[];
  sammanfattning: string;
  underlag: string[];
  arendet: string;
  underskrifter: string[];
  skickasTill: string[];
}

/** Att-satser in the protocol's style: each "att …", the next-to-last ending ", samt", the last ".". */
function attSatser(satser: string[]): string[] {
  return satser.map((s, i) =>
    i === satser.length - 1 ? `${s}.` : i === satser.length - 2 ? `${s}, samt` : `${s},`,
  );
}

export function tjansteskrivelsedata(
  config: KommunConfig,
  plan: RapportPlan,
  handlaggare: string,
  idag: IsoDate,
  diarienummer?: string,
): Tjansteskrivelsedata {
  const organ = config.organ.find((o) => o.kortnamn === plan.organ)!;
  const beredande = plan.beredning && config.organ.find((o) => o.kortnamn === plan.beredning!.organ);
  const person = config.personer.find((p) => p.id === handlaggare);
  const chef = person?.chef ? config.personer.find((p) => p.id === person.chef) : undefined;
  const tillKf = plan.steg.some((s) => s.steg === 'fullmaktige' || s.steg === 'overlamning');
  return {
    kommunNamn: config.kommun.namn,
    forvaltning: organ.forvaltning ?? `${organ.namn}s förvaltning`,
    datum: langtDatum(idag),
    diarienummer: diarienummer ?? '(tilldelas när ärendet registreras)',
    handlaggare: person
      ? `${person.namn}${person.titel ? `, ${person.titel}` : ''}`
      : personNamn(config, handlaggare),
    titel: plan.titel,
    forslagInledning: beredande
      ? `${beredande.namn} föreslår att ${organITexten(organ.namn)} beslutar`
      : `Förvaltningen föreslår att ${organITexten(organ.namn)} beslutar`,
    attSatser: attSatser([
      `att godkänna ${organITexten(plan.titel)}`,
      ...(tillKf ? ['att överlämna rapporten till kommunfullmäktige och revisorerna'] : []),
    ]),
    sammanfattning: '[Skriv en sammanfattning av ärendet.]',
    underlag: [`Tjänsteskrivelse ${idag}`, plan.titel],
    arendet:
      '[Bakgrund, föredragning (händelser av väsentlig betydelse, indikatorer, ekonomisk ställning), barnets bästa och ekonomiska konsekvenser.]',
    underskrifter: [
      chef ? `${chef.namn}${chef.titel ? `, ${chef.titel}` : ''}` : '',
      person?.namn ?? '',
    ].filter(Boolean),
    skickasTill: tillKf ? ['För kännedom: Kommunfullmäktige, revisorerna'] : [`För kännedom: ${organ.namn}`],
  };
}

/** The filled-in DOCX. */
export function fyllTjansteskrivelse(config: KommunConfig, data: Tjansteskrivelsedata): Uint8Array {
  const mall = config.mallar?.tjansteskrivelse
    ? path.resolve(DEFAULT_CONFIG_DIR, config.mallar.tjansteskrivelse)
    : STANDARDMALL;
  // docxtemplater and its XML parser only when a template is filled: not at start-up.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const Mall = require('docxtemplater') as typeof Docxtemplater;
  const Zip = require('pizzip') as typeof PizZip;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const doc = new Mall(new Zip(readFileSync(mall)), { paragraphLoop: true, linebreaks: true });
  doc.render(data);
  return new Uint8Array(doc.getZip().generate({ type: 'uint8array', compression: 'DEFLATE' }));
}
