/**
 * ANSLAG/BEVIS (document 000, l. 133–150): the certificate that the justering was announced on the anslagstavla
 * (KL 8 kap. 12 §), with the day the anslag went up and the day it came down — until it has, the first day it
 * may: the day after the three weeks of appeal (KL 13 kap. 5 §), from the deadline core.
 */
import { paragrafSpann } from '../numrering';
import { arOmedelbartJusterad, fristerAv, isFullParagraf, type Protokoll } from '../protokoll';
import type { Fel } from '../validering';
import { field, heading, paragraph, section, type Block } from './block';

/** The §§ an anslag covers: the whole protocol once justerat, else the §§ justerade at the meeting. */
export function anslagetsParagrafer(p: Protokoll): number[] {
  if (p.justering.justerad) return p.paragrafer.map((x) => x.nummer);
  return p.paragrafer.filter((x) => isFullParagraf(x) && arOmedelbartJusterad(p, x)).map((x) => x.nummer);
}

/** Why no anslagsbevis can be given yet: nothing has been posted. */
export function anslagsbevisFel(p: Protokoll): Fel[] {
  if (p.anslagUppsatt) return [];
  return [
    {
      field: 'anslagUppsatt',
      rule: 'anslag_uppsatt',
      message:
        'anslaget är inte uppsatt: ett anslagsbevis kan ges först när justeringen har tillkännagivits på anslagstavlan',
    },
  ];
}

/** The ANSLAG/BEVIS box, or nothing while the anslag is not posted (the fields would be blank or untrue). */
export function anslagBlocks(p: Protokoll, level: 1 | 2 = 2): Block[] {
  if (!p.anslagUppsatt) return [];
  const nummer = anslagetsParagrafer(p);
  const intyg = p.justering.justerad
    ? 'Protokollet är justerat.'
    : nummer.length === 1
      ? 'Paragrafen är omedelbart justerad.'
      : 'Paragraferna är omedelbart justerade.';
  return [
    section(
      [
        heading(level, 'ANSLAG/BEVIS'),
        paragraph(`${intyg} Justeringen har tillkännagivits genom anslag.`),
        field('Beslutande organ', paragraph(p.organNamn)),
        field('Sammanträdesdatum', paragraph(p.datum)),
        field('Paragrafer', paragraph(paragrafSpann(nummer))),
        field('Anslaget sätts upp', paragraph(p.anslagUppsatt)),
        // The day it came down, once it has; until then the first lawful day, said as such (KL 13 kap. 5 §).
        field(
          'Anslaget tas ned',
          paragraph(p.anslagNedtaget ?? `tidigast ${fristerAv(p).anslagNedtidigast}`),
        ),
        ...(p.forvaringsplats ? [field('Protokollets förvaringsplats', paragraph(p.forvaringsplats))] : []),
        field('Underskrift', { kind: 'signatures', lines: true, signers: [{ name: p.sekreterare }] }),
      ],
      true,
    ),
  ];
}
