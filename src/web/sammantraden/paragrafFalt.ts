/**
 * One § between the form and the domain: the form's fields (named by the paths of `paragrafSchema`,
 * src/domain/protokoll.ts) parsed into the § the Update takes, a recorded § as the form's fields, a new § from an
 * item of the föredragningslista, and the labels the form and its error summary name the fields by.
 */
import type { Arendepunkt } from '../../domain/kallelse';
import type { Deltagare, Paragraf } from '../../domain/protokoll';
import { protokollforParagrafSchema, type ParagrafUtkast } from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import { om, rader, varde, varden, type Falt } from '../formular/falt';
import { visningsnamn } from './atkomst';

const paragrafUtkast = protokollforParagrafSchema.shape.paragraf;

export const PARAGRAFETIKETTER: Record<string, string> = {
  nyckel: 'Ärendet',
  rubrik: 'Rubrik (ärendemening)',
  diarienummer: 'Diarienummer',
  'beslut.inledning': 'Beslutet inleds',
  'beslut.attSatser': 'Att-satser',
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
  'beslutsgang.utfall': 'Omröstningens utfall',
  'reservationer.#.av': 'Reservation #: reserverar sig',
  'reservationer.#.text': 'Reservation #: motivering',
  'jav.#.namn': 'Jäv #: namn',
  'jav.#.text': 'Jäv #: anteckning',
  'skickasTill.verkstallighet': 'Skickas till för verkställighet',
  'skickasTill.kannedom': 'Skickas till för kännedom',
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

/** The form's fields → the § (its number comes from the register), or what is wrong, by field. */
export function parseParagraf(f: Falt): { ok: true; paragraf: ParagrafUtkast } | { ok: false; fel: Fel[] } {
  const typ = varde(f, 'beslutsgang.typ');
  const beslutsgang =
    typ === 'ACKLAMATION'
      ? { typ, text: varde(f, 'beslutsgang.text') }
      : typ === 'OMROSTNING'
        ? {
            typ,
            text: varde(f, 'beslutsgang.text'),
            ja: roster(f, 'ja'),
            nej: roster(f, 'nej'),
            avstar: roster(f, 'avstar'),
            utfall: varde(f, 'beslutsgang.utfall'),
          }
        : typ
          ? { typ }
          : undefined;
  // Renumbered from 0, so an error's path counts the slots as the page shows the filled ones.
  const input = {
    rubrik: varde(f, 'rubrik'),
    ...om('diarienummer', varde(f, 'diarienummer')),
    beslut: { inledning: varde(f, 'beslut.inledning'), attSatser: rader(f, 'beslut.attSatser') },
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
      ...om('text', varde(f, `reservationer.${i}.text`)),
    })),
    jav: grupper(f, 'jav').map((i) => ({
      namn: varde(f, `jav.${i}.namn`),
      ...om('text', varde(f, `jav.${i}.text`)),
    })),
    underlag: rader(f, 'underlag'),
    skickasTill: {
      verkstallighet: [...new Set(rader(f, 'skickasTill.verkstallighet'))],
      kannedom: [...new Set(rader(f, 'skickasTill.kannedom'))],
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
    'beslut.inledning': p.beslut.inledning,
    'beslut.attSatser': p.beslut.attSatser.join('\n'),
    sammanfattning: p.sammanfattning.join('\n'),
    underlag: p.underlag.join('\n'),
    'skickasTill.verkstallighet': p.skickasTill.verkstallighet,
    'skickasTill.kannedom': p.skickasTill.kannedom,
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
    f[`reservationer.${i}.text`] = r.text ?? '';
  });
  p.jav.forEach((j, i) => {
    f[`jav.${i}.namn`] = j.namn;
    f[`jav.${i}.text`] = j.text ?? '';
  });
  if (p.beslutsgang) {
    f['beslutsgang.typ'] = p.beslutsgang.typ;
    f['beslutsgang.text'] = p.beslutsgang.text;
    if (p.beslutsgang.typ === 'OMROSTNING') {
      const { ja, nej, avstar } = p.beslutsgang;
      f['beslutsgang.utfall'] = p.beslutsgang.utfall;
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
