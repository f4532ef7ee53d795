/**
 * The front page of a protocol (document 000, l. 60–131): the organ, Tid och plats, Beslutande, Övriga
 * närvarande, Justerare, Paragrafer, Tid och plats för justering and Underskrifter. The protocol carries it
 * first; an extract carries it after its §§.
 */
import { paragraferAv, type Protokoll } from '../protokoll';
import { field, heading, names, paragraph, type Block } from './block';
import { ledamotText, ovrigText, tidOchPlats, tidOchPlatsForJustering, tjanstgorandeText } from './text';

const nonEmpty = (heading: string, list: string[]): Block[] => (list.length ? [names(heading, list)] : []);

/** `anmarkning` goes right under the organ's name: "Protokollet är inte justerat." */
export function forstasidaBlocks(p: Protokoll, anmarkning: Block[] = []): Block[] {
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
      ...nonEmpty('Tjänstgörande ersättare', narvaro.tjanstgorandeErsattare.map(tjanstgorandeText)),
    ),
    ...(ovrigaNarvarande.length ? [field('Övriga närvarande', ...ovrigaNarvarande)] : []),
    field('Justerare', names(undefined, p.justerare)),
    field('Paragrafer', paragraph(paragraferAv(p))),
    field('Tid och plats för justering', paragraph(tidOchPlatsForJustering(p.justering))),
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
