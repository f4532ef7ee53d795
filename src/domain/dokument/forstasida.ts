/**
 * The front page of a protocol (document 000, l. 60–131): the organ, Tid och plats, Beslutande, Övriga
 * närvarande, Justerare, Paragrafer, Tid och plats för justering and Underskrifter — and, once it is justerat,
 * the justering as it happened: each justerare's digital approval with its time and the version of the protocol
 * approved (its SHA-256), and a justering after the statutory last day flagged with KL 5 kap. 69 §. The protocol
 * carries it first; an extract carries it after its §§.
 */
import { compareDates, tidpunktIStockholm } from '../datum';
import { justeringSenast, paragraferAv, type Protokoll } from '../protokoll';
import { field, heading, names, paragraph, type Block } from './block';
import { STANDARDSTIL, type Dokumentstil } from './stil';
import { ledamotText, ovrigText, tidOchPlats, tidOchPlatsForJustering, tjanstgorandeText } from './text';

const nonEmpty = (heading: string, list: string[]): Block[] => (list.length ? [names(heading, list)] : []);

/** JUSTERING_FORSENAD: the day it was justerad, when that is after the last lawful day (KL 5 kap. 69 §). */
export function forsenadJustering(p: Pick<Protokoll, 'datum' | 'justering'>): string | undefined {
  const { justerad } = p.justering;
  if (!justerad) return undefined;
  const senast = justeringSenast(p.datum);
  return compareDates(justerad, senast) > 0
    ? `Försenad justering: protokollet justerades ${justerad}, efter sista dagen för justering ${senast} (KL 5 kap. 69 §).`
    : undefined;
}

/** The justering as it happened: who approved which version when, and whether it was late. */
export function justeringBlocks(p: Protokoll): Block[] {
  const { justering } = p;
  const rader = justering.signaturer.map(
    (s) =>
      `${s.namn}, ${s.roll.toLocaleLowerCase('sv')}, ${tidpunktIStockholm(Date.parse(s.tid))} (version ${s.version}, SHA-256 ${s.sha256})`,
  );
  const forsenad = forsenadJustering(p);
  const omedelbar = justering.omedelbar ? ['Protokollet justerades omedelbart vid sammanträdet.'] : [];
  if (!justering.justerad && rader.length === 0 && omedelbar.length === 0) return [];
  return [
    field(
      'Justering',
      ...omedelbar.map(paragraph),
      ...(justering.justerad ? [paragraph(`Justerat ${justering.justerad}.`)] : []),
      ...nonEmpty('Justerat digitalt', rader),
      ...(forsenad ? [paragraph(forsenad)] : []),
    ),
  ];
}

/** `anmarkning` goes right under the organ's name: "Protokollet är inte justerat." */
export function forstasidaBlocks(
  p: Protokoll,
  anmarkning: Block[] = [],
  stil: Dokumentstil = STANDARDSTIL,
): Block[] {
  const { narvaro } = p;
  const ovrigaNarvarande = [
    ...nonEmpty('Ersättare', narvaro.ersattare.map(ledamotText)),
    ...nonEmpty('Övriga', narvaro.ovriga.map(ovrigText)),
  ];
  return [
    heading(1, p.organNamn),
    ...anmarkning,
    field('Tid och plats', paragraph(tidOchPlats(p))),
    field(
      'Beslutande',
      names('Ledamöter', narvaro.ledamoter.map(ledamotText)),
      ...nonEmpty(
        'Tjänstgörande ersättare',
        narvaro.tjanstgorandeErsattare.map((d) => tjanstgorandeText(d, stil.tjanstgorFor)),
      ),
    ),
    ...(ovrigaNarvarande.length ? [field('Övriga närvarande', ...ovrigaNarvarande)] : []),
    field('Justerare', names(undefined, p.justerare)),
    field('Paragrafer', paragraph(paragraferAv(p))),
    field('Tid och plats för justering', paragraph(tidOchPlatsForJustering(p.justering))),
    ...justeringBlocks(p),
    field('Underskrifter', {
      kind: 'signatures',
      lines: true,
      signers: [
        { role: 'Sekreterare', name: p.sekreterare },
        { role: 'Ordförande', name: p.ordforande },
        ...p.justerare.map((name) => ({ role: 'Justerare', name })),
      ],
    }),
  ];
}
