/**
 * A kommun's style of protocol: its name and logo in every page's head, the boxes at every page's foot, the
 * word for a tjänstgörande ersättare ("tjänstgör för", Kungsbacka's "ersätter"), the headings of a §'s sections,
 * and the sentences it writes for a jäv. Lund's protocol (document 000) is the model and the default; a kommun's
 * config (`protokoll.stil`, `protokoll.logotyp`) changes what it writes otherwise.
 */
export const AVSNITT = [
  'beslut',
  'sammanfattning',
  'yrkanden',
  'beslutsgang',
  'reservationer',
  'sarskildaYttranden',
  'protokollsanteckningar',
  'jav',
  'underlag',
  'bilagor',
  'skickasTill',
] as const;
export type Avsnitt = (typeof AVSNITT)[number];

export interface Dokumentstil {
  /** "Lunds kommun", above the organ in every page's head. */
  kommunNamn?: string;
  /** The kommun's logo (PNG bytes), beside its name. */
  logotyp?: Uint8Array;
  /** The boxes for initials at the foot of every page of a protocol and an utdrag. */
  sidfot: string[];
  /** "Jessica Ulfgren (L), tjänstgör för Philip Sandberg (L)": the words between the two names. */
  tjanstgorFor: string;
  /** "Diarienummer: KS 2023/0431" or "Dnr KS-2024-00104". */
  diarienummer: string;
  rubriker: Record<Avsnitt, string>;
  /** The order of a §'s sections (Kungsbacka puts the reservation right after the beslut). */
  ordning: readonly Avsnitt[];
  /** The sentences for a jäv, `{namn}` for who: anmält by the ledamot, or noted by the ordförande. */
  jav: { LEDAMOTEN: string; ORDFORANDEN: string };
}

/** Lund KS's words (document 000), and the defaults of every kommun. */
export const STANDARDSTIL: Dokumentstil = {
  sidfot: ['Justerare', 'Utdragsbestyrkande'],
  tjanstgorFor: 'tjänstgör för',
  diarienummer: 'Diarienummer:',
  rubriker: {
    beslut: 'Beslut',
    sammanfattning: 'Sammanfattning',
    yrkanden: 'Yrkanden',
    beslutsgang: 'Beslutsgång',
    reservationer: 'Reservationer',
    sarskildaYttranden: 'Särskilda yttranden',
    protokollsanteckningar: 'Protokollsanteckningar',
    jav: 'Jäv',
    underlag: 'Underlag för beslut',
    bilagor: 'Bilagor',
    skickasTill: 'Beslutet skickas till',
  },
  ordning: AVSNITT,
  jav: {
    LEDAMOTEN: '{namn} anmäler jäv och deltar inte i handläggningen av ärendet.',
    ORDFORANDEN: 'Ordföranden konstaterar att {namn} är jävig och inte deltar i handläggningen av ärendet.',
  },
};

/** A kommun's changes to the default style, as its config writes them (every part optional). */
export interface Stilval {
  kommunNamn?: string;
  logotyp?: Uint8Array;
  sidfot?: string[];
  tjanstgorFor?: string;
  diarienummer?: string;
  rubriker?: Partial<Record<Avsnitt, string>>;
  ordning?: readonly Avsnitt[];
  jav?: Partial<Dokumentstil['jav']>;
}

export function medStil(val: Stilval = {}): Dokumentstil {
  return {
    ...STANDARDSTIL,
    ...(val.kommunNamn ? { kommunNamn: val.kommunNamn } : {}),
    ...(val.logotyp ? { logotyp: val.logotyp } : {}),
    ...(val.sidfot ? { sidfot: val.sidfot } : {}),
    ...(val.tjanstgorFor ? { tjanstgorFor: val.tjanstgorFor } : {}),
    ...(val.diarienummer ? { diarienummer: val.diarienummer } : {}),
    rubriker: { ...STANDARDSTIL.rubriker, ...val.rubriker },
    // Sections the kommun's order leaves out come last, in the default order: nothing recorded goes unprinted.
    ordning: [...new Set([...(val.ordning ?? []), ...AVSNITT])],
    jav: { ...STANDARDSTIL.jav, ...val.jav },
  };
}

/** The kommun's sentence for a jäv, with the name in it. */
export function javLydelse(
  stil: Pick<Dokumentstil, 'jav'>,
  anmaltAv: keyof Dokumentstil['jav'],
  namn: string,
) {
  return stil.jav[anmaltAv].replaceAll('{namn}', namn);
}
