/**
 * One § between the form and the domain: the form's fields (named by the paths of `paragrafSchema`,
 * src/domain/protokoll.ts) parsed into the § the Update takes, a recorded § as the form's fields, a new § from an
 * item of the föredragningslista, and the labels the form and its error summary name the fields by.
 */
import type { Arendepunkt } from '../../domain/kallelse';
import { javLydelse, STANDARDSTIL, type Dokumentstil } from '../../domain/dokument/stil';
import { JAV_ANMALT_AV, type Deltagare, type Paragraf } from '../../domain/protokoll';
import { protokollforParagrafSchema, type ParagrafUtkast } from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import { om, rader, varde, varden, type Falt } from '../formular/falt';
import { visningsnamn } from './atkomst';

const paragrafUtkast = protokollforParagrafSchema.shape.paragraf;

export const PARAGRAFETIKETTER: Record<string, string> = {
  nyckel: 'Ärendet',
  rubrik: 'Rubrik (ärendemening)',
  diarienummer: 'Diarienummer',
  'beslut.rubrik': 'Rubrik för beslutet',
  'beslut.inledning': 'Beslutet inleds',
  'beslut.attSatser': 'Att-satser',
  'beslut.text': 'Beslutet som text',
  sammanfattning: 'Sammanfattning',
  underlag: 'Underlag för beslut (beredning)',
  'yrkanden.#.av': 'Yrkande #: yrkande av',
  'yrkanden.#.text': 'Yrkande #: yrkandet',
  'yrkanden.#.attSatser': 'Yrkande #: att-satser',
  'yrkanden.#.instammer': 'Yrkande #: instämmer',
  'beslutsgang.typ': 'Beslutsgång',
  'beslutsgang.text': 'Beslutsgång (propositionsordning)',
  'beslutsgang.ja': 'Omröstning: ja',
  'beslutsgang.nej': 'Omröstning: nej',
  'beslutsgang.avstar': 'Omröstning: avstår',
  'beslutsgang.antal': 'Omröstning: antal röster',
  'beslutsgang.antal.ja': 'Omröstning: antal ja-röster',
  'beslutsgang.antal.nej': 'Omröstning: antal nej-röster',
  'beslutsgang.antal.avstar': 'Omröstning: antal som avstår',
  'beslutsgang.utfall': 'Omröstningens utfall',
  'reservationer.#.av': 'Reservation #: reserverar sig',
  'reservationer.#.lydelse': 'Reservation #: meningen i protokollet',
  'reservationer.#.text': 'Reservation #: till förmån för',
  'reservationer.#.motivering': 'Reservation #: skriftlig motivering',
  'reservationer.#.bilaga': 'Reservation #: bifogad som bilaga',
  'sarskildaYttranden.#.av': 'Särskilt yttrande #: av',
  'sarskildaYttranden.#.lydelse': 'Särskilt yttrande #: meningen i protokollet',
  'sarskildaYttranden.#.text': 'Särskilt yttrande #: yttrandet',
  'sarskildaYttranden.#.bilaga': 'Särskilt yttrande #: bifogat som bilaga',
  'protokollsanteckningar.#.av': 'Protokollsanteckning #: av',
  'protokollsanteckningar.#.lydelse': 'Protokollsanteckning #: meningen i protokollet',
  'protokollsanteckningar.#.text': 'Protokollsanteckning #: anteckningen',
  'jav.#.namn': 'Jäv #: namn',
  'jav.#.anmaltAv': 'Jäv #: anmält av',
  'jav.#.lydelse': 'Jäv #: meningen i protokollet',
  'jav.#.text': 'Jäv #: anteckning',
  'bilagor.#.beteckning': 'Bilaga #: beteckning',
  'bilagor.#.titel': 'Bilaga #: titel',
  'bilagor.#.text': 'Bilaga #: text',
  'bilagor.#.utdrag.organ': 'Bilaga #: utdrag ur organ',
  'bilagor.#.utdrag.datum': 'Bilaga #: utdragets sammanträdesdag',
  'bilagor.#.utdrag.paragraf': 'Bilaga #: utdragets paragraf',
  'skickasTill.verkstallighet': 'Skickas till för verkställighet',
  'skickasTill.kannedom': 'Skickas till för kännedom',
  'skickasTill.mottagare': 'Skickas till',
  omedelbartJusterad: 'Omedelbart justerad',
};

export const ROSTER = [
  ['ja', 'Ja'],
  ['nej', 'Nej'],
  ['avstar', 'Avstår'],
  ['', 'Röstar inte'],
] as const;

/** The indexes of the non-empty slots of a repeated group (`yrkanden.0.av`, `yrkanden.1.text`, …). */
function grupper(f: Falt, prefix: string): number[] {
  const index = new Set<number>();
  for (const key of Object.keys(f)) {
    const m = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(key);
    if (m && varden(f, key).length > 0) index.add(Number(m[1]));
  }
  return [...index].sort((a, b) => a - b);
}

/** The votes of the beslutande rows (`rost.N` with `rostnamn.N`), by how they voted. */
function roster(f: Falt, rost: string): string[] {
  return Object.keys(f)
    .filter((k) => /^rost\.\d+$/.test(k) && varde(f, k) === rost)
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((k) => varde(f, `rostnamn.${k.slice(5)}`));
}

/** A count as typed: a whole number, else the text for the schema to refuse by its field. */
const tal = (f: Falt, name: string): number | string | undefined => {
  const v = varde(f, name);
  if (!v) return undefined;
  return /^\d+$/.test(v) ? Number(v) : v;
};

/** The counts of a vote, when any is typed. */
function rostantal(f: Falt) {
  const [ja, nej, avstar] = (['ja', 'nej', 'avstar'] as const).map((r) => tal(f, `beslutsgang.antal.${r}`));
  if (ja === undefined && nej === undefined && avstar === undefined) return {};
  return { antal: { ja: ja ?? 0, nej: nej ?? 0, ...(avstar !== undefined ? { avstar } : {}) } };
}

/** A written statement by members (särskilt yttrande, protokollsanteckning) from its slot `prefix.i`. */
const meningsyttring = (f: Falt, p: string) => ({
  av: rader(f, `${p}.av`),
  ...om('lydelse', varde(f, `${p}.lydelse`)),
  text: rader(f, `${p}.text`),
  ...om('bilaga', varde(f, `${p}.bilaga`)),
});

/** A bilaga from its slot, with the § of another organ's protocol it is, when given. */
function bilaga(f: Falt, p: string) {
  const utdrag = {
    organ: varde(f, `${p}.utdrag.organ`),
    datum: varde(f, `${p}.utdrag.datum`),
    paragraf: tal(f, `${p}.utdrag.paragraf`),
  };
  return {
    beteckning: varde(f, `${p}.beteckning`),
    titel: varde(f, `${p}.titel`),
    text: rader(f, `${p}.text`),
    ...(utdrag.organ || utdrag.datum || utdrag.paragraf !== undefined ? { utdrag } : {}),
  };
}

/**
 * The form's fields → the § (its number comes from the register), or what is wrong, by field. A jäv whose
 * sentence is left empty gets the kommun's sentence for who noted it (`stil`).
 */
export function parseParagraf(
  f: Falt,
  stil: Pick<Dokumentstil, 'jav'> = STANDARDSTIL,
): { ok: true; paragraf: ParagrafUtkast } | { ok: false; fel: Fel[] } {
  const typ = varde(f, 'beslutsgang.typ');
  const beslutsgang =
    typ === 'ACKLAMATION'
      ? { typ, text: varde(f, 'beslutsgang.text') }
      : typ === 'OMROSTNING'
        ? {
            typ,
            ...om('text', varde(f, 'beslutsgang.text')),
            ja: roster(f, 'ja'),
            nej: roster(f, 'nej'),
            avstar: roster(f, 'avstar'),
            ...rostantal(f),
            utfall: varde(f, 'beslutsgang.utfall'),
          }
        : typ
          ? { typ }
          : undefined;
  // Renumbered from 0, so an error's path counts the slots as the page shows the filled ones.
  const input = {
    rubrik: varde(f, 'rubrik'),
    ...om('diarienummer', varde(f, 'diarienummer')),
    beslut: {
      ...om('rubrik', varde(f, 'beslut.rubrik')),
      ...om('inledning', varde(f, 'beslut.inledning')),
      attSatser: rader(f, 'beslut.attSatser'),
      text: rader(f, 'beslut.text'),
    },
    sammanfattning: rader(f, 'sammanfattning'),
    yrkanden: grupper(f, 'yrkanden').map((i) => ({
      av: varde(f, `yrkanden.${i}.av`),
      text: varde(f, `yrkanden.${i}.text`),
      attSatser: rader(f, `yrkanden.${i}.attSatser`),
      instammer: rader(f, `yrkanden.${i}.instammer`),
    })),
    ...(beslutsgang ? { beslutsgang } : {}),
    reservationer: grupper(f, 'reservationer').map((i) => ({
      av: rader(f, `reservationer.${i}.av`),
      ...om('lydelse', varde(f, `reservationer.${i}.lydelse`)),
      ...om('text', varde(f, `reservationer.${i}.text`)),
      motivering: rader(f, `reservationer.${i}.motivering`),
      ...om('bilaga', varde(f, `reservationer.${i}.bilaga`)),
    })),
    sarskildaYttranden: grupper(f, 'sarskildaYttranden').map((i) =>
      meningsyttring(f, `sarskildaYttranden.${i}`),
    ),
    protokollsanteckningar: grupper(f, 'protokollsanteckningar').map((i) =>
      meningsyttring(f, `protokollsanteckningar.${i}`),
    ),
    jav: grupper(f, 'jav').map((i) => {
      const namn = varde(f, `jav.${i}.namn`);
      const anmaltAv = JAV_ANMALT_AV.find((a) => a === varde(f, `jav.${i}.anmaltAv`)) ?? 'LEDAMOTEN';
      const lydelse = varde(f, `jav.${i}.lydelse`) || (namn ? javLydelse(stil, anmaltAv, namn) : '');
      return { namn, anmaltAv, ...om('lydelse', lydelse), ...om('text', varde(f, `jav.${i}.text`)) };
    }),
    underlag: rader(f, 'underlag'),
    bilagor: grupper(f, 'bilagor').map((i) => bilaga(f, `bilagor.${i}`)),
    skickasTill: {
      verkstallighet: [...new Set(rader(f, 'skickasTill.verkstallighet'))],
      kannedom: [...new Set(rader(f, 'skickasTill.kannedom'))],
      mottagare: [...new Set(rader(f, 'skickasTill.mottagare'))],
    },
    omedelbartJusterad: varde(f, 'omedelbartJusterad') === 'ja',
  };
  const result = paragrafUtkast.safeParse(input);
  return result.success ? { ok: true, paragraf: result.data } : { ok: false, fel: felFromZod(result.error) };
}

/** The fields of a recorded §, to correct it. */
export function paragraffalt(p: Paragraf, beslutande: readonly string[]): Falt {
  const f: Falt = {
    rubrik: p.rubrik,
    diarienummer: p.diarienummer ?? '',
    'beslut.rubrik': p.beslut.rubrik ?? '',
    'beslut.inledning': p.beslut.inledning ?? '',
    'beslut.attSatser': p.beslut.attSatser.join('\n'),
    'beslut.text': p.beslut.text.join('\n'),
    sammanfattning: p.sammanfattning.join('\n'),
    underlag: p.underlag.join('\n'),
    'skickasTill.verkstallighet': p.skickasTill.verkstallighet,
    'skickasTill.kannedom': p.skickasTill.kannedom,
    'skickasTill.mottagare': p.skickasTill.mottagare,
    omedelbartJusterad: p.omedelbartJusterad ? 'ja' : '',
  };
  p.yrkanden.forEach((y, i) => {
    f[`yrkanden.${i}.av`] = y.av;
    f[`yrkanden.${i}.text`] = y.text;
    f[`yrkanden.${i}.attSatser`] = y.attSatser.join('\n');
    f[`yrkanden.${i}.instammer`] = y.instammer.join('\n');
  });
  p.reservationer.forEach((r, i) => {
    f[`reservationer.${i}.av`] = r.av.join('\n');
    f[`reservationer.${i}.lydelse`] = r.lydelse ?? '';
    f[`reservationer.${i}.text`] = r.text ?? '';
    f[`reservationer.${i}.motivering`] = r.motivering.join('\n');
    f[`reservationer.${i}.bilaga`] = r.bilaga ?? '';
  });
  for (const lista of ['sarskildaYttranden', 'protokollsanteckningar'] as const) {
    p[lista].forEach((m, i) => {
      f[`${lista}.${i}.av`] = m.av.join('\n');
      f[`${lista}.${i}.lydelse`] = m.lydelse ?? '';
      f[`${lista}.${i}.text`] = m.text.join('\n');
      f[`${lista}.${i}.bilaga`] = m.bilaga ?? '';
    });
  }
  p.jav.forEach((j, i) => {
    f[`jav.${i}.namn`] = j.namn;
    f[`jav.${i}.anmaltAv`] = j.anmaltAv === 'ORDFORANDEN' ? 'ORDFORANDEN' : '';
    f[`jav.${i}.lydelse`] = j.lydelse ?? '';
    f[`jav.${i}.text`] = j.text ?? '';
  });
  p.bilagor.forEach((b, i) => {
    f[`bilagor.${i}.beteckning`] = b.beteckning;
    f[`bilagor.${i}.titel`] = b.titel;
    f[`bilagor.${i}.text`] = b.text.join('\n');
    if (b.utdrag) {
      f[`bilagor.${i}.utdrag.organ`] = b.utdrag.organ;
      f[`bilagor.${i}.utdrag.datum`] = b.utdrag.datum;
      f[`bilagor.${i}.utdrag.paragraf`] = String(b.utdrag.paragraf);
    }
  });
  if (p.beslutsgang) {
    f['beslutsgang.typ'] = p.beslutsgang.typ;
    f['beslutsgang.text'] = p.beslutsgang.text ?? '';
    if (p.beslutsgang.typ === 'OMROSTNING') {
      const { ja, nej, avstar, antal } = p.beslutsgang;
      f['beslutsgang.utfall'] = p.beslutsgang.utfall;
      if (antal) {
        f['beslutsgang.antal.ja'] = String(antal.ja);
        f['beslutsgang.antal.nej'] = String(antal.nej);
        if (antal.avstar !== undefined) f['beslutsgang.antal.avstar'] = String(antal.avstar);
      }
      // Everyone who voted gets a row, also one no longer among the present.
      const namn = [...new Set([...beslutande, ...ja, ...nej, ...avstar])];
      namn.forEach((n, i) => {
        f[`rostnamn.${i}`] = n;
        f[`rost.${i}`] = ja.includes(n) ? 'ja' : nej.includes(n) ? 'nej' : avstar.includes(n) ? 'avstar' : '';
      });
    }
  }
  return f;
}

/** A new § from an item of the föredragningslista (or a blank one): its rubrik, proposal and documents. */
export function nyttParagraffalt(organNamn: string, arende?: Arendepunkt): Falt {
  return {
    'beslut.inledning': `${organNamn} beslutar`,
    ...(arende
      ? {
          rubrik: arende.rubrik,
          diarienummer: arende.diarienummer ?? '',
          'beslut.attSatser': arende.forslagTillBeslut.join('\n'),
          underlag: arende.handlingar.join('\n'),
        }
      : {}),
  };
}

/** The beslutande of the meeting, as the vote rows name them. */
export const beslutandeNamn = (narvaro: {
  ledamoter: readonly Deltagare[];
  tjanstgorandeErsattare: readonly Deltagare[];
}) => [...narvaro.ledamoter, ...narvaro.tjanstgorandeErsattare].map((d) => visningsnamn(d));

/** How many slots a repeated group shows: those filled, and one empty more (at least `minst`). */
export const antal = (f: Falt, prefix: string, minst: number) =>
  Math.max(minst, (grupper(f, prefix).at(-1) ?? -1) + 2);
