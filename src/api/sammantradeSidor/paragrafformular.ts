/**
 * One § as the sekreterare records it: rubrik and diarienummer, the beslut with its att-satser, sammanfattning,
 * underlag, yrkanden, beslutsgång (acklamation, or omröstning with each beslutande's vote), reservationer, jäv,
 * "Beslutet skickas till" and omedelbar justering. The form's names are the paths of `paragrafSchema`
 * (src/domain/protokoll.ts), so a refusal names the field; repeated groups (yrkanden, …) get an empty slot more
 * than they have, for a form that works without scripts.
 */
import type { Arendepunkt } from '../../domain/kallelse';
import type { Deltagare, Paragraf } from '../../domain/protokoll';
import { protokollforParagrafSchema, type ParagrafUtkast } from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import { e } from '../sida';
import { visningsnamn } from './atkomst';
import {
  csrfFalt,
  faltId,
  felruta,
  kryssgrupp,
  om,
  rader,
  textfalt,
  textyta,
  varde,
  varden,
  type Falt,
} from './formular';

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

const ROSTER = [
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
const antal = (f: Falt, prefix: string, minst: number) =>
  Math.max(minst, (grupper(f, prefix).at(-1) ?? -1) + 2);

export function paragrafformular(
  f: Falt,
  options: {
    action: string;
    csrf: string;
    fel: readonly Fel[];
    beslutande: readonly string[];
    /** The kommun's usual recipients (names) for "Beslutet skickas till". */
    mottagare: readonly string[];
    knapp: string;
  },
): string {
  const L = PARAGRAFETIKETTER;
  const namnlista = `<datalist id="beslutande">${options.beslutande.map((n) => `<option value="${e(n)}">`).join('')}</datalist>`;
  const yrkanden = Array.from({ length: antal(f, 'yrkanden', 1) }, (_, i) => {
    const p = `yrkanden.${i}`;
    return `<fieldset><legend>Yrkande ${i + 1}</legend>
${textfalt(f, `${p}.av`, 'Yrkande av', { hint: 'Namn (parti), t.ex. Axel Hallberg (MP)', list: 'beslutande' })}
${textfalt(f, `${p}.text`, 'Yrkandet', { hint: 't.ex. yrkar bifall till arbetsutskottets förslag' })}
${textyta(f, `${p}.attSatser`, 'Yrkandets att-satser', { hint: 'En per rad, var och en börjar med ”att ”', rows: 2 })}
${textyta(f, `${p}.instammer`, 'Instämmer', { hint: 'En per rad', rows: 2 })}
</fieldset>`;
  }).join('\n');
  // The votes as posted (or recorded) by name; the rows are the beslutande and anyone else who voted.
  const rostAv = new Map(
    Object.keys(f)
      .filter((k) => /^rostnamn\.\d+$/.test(k))
      .map((k) => [varde(f, k), varde(f, `rost.${k.slice('rostnamn.'.length)}`)] as const),
  );
  const roster = [...new Set([...rostAv.keys(), ...options.beslutande])]
    .map((namn, i) => {
      const vald = rostAv.get(namn) ?? '';
      const knappar = ROSTER.map(
        ([v, t]) =>
          `<td><input type="radio" name="rost.${i}" value="${v}" id="${faltId(`rost.${i}.${v || 'ingen'}`)}"${v === vald ? ' checked' : ''}><label class="visually-hidden" for="${faltId(`rost.${i}.${v || 'ingen'}`)}">${e(`${namn}: ${t}`)}</label></td>`,
      ).join('');
      return `<tr><th scope="row">${e(namn)}<input type="hidden" name="rostnamn.${i}" value="${e(namn)}"></th>${knappar}</tr>`;
    })
    .join('');
  const reservationer = Array.from({ length: antal(f, 'reservationer', 1) }, (_, i) => {
    const p = `reservationer.${i}`;
    return `<fieldset><legend>Reservation ${i + 1}</legend>
${textyta(f, `${p}.av`, 'Reserverar sig', { hint: 'En per rad: namn (parti)', rows: 2 })}
${textfalt(f, `${p}.text`, 'Till förmån för / motivering (frivilligt)')}
</fieldset>`;
  }).join('\n');
  const jav = Array.from({ length: antal(f, 'jav', 1) }, (_, i) => {
    const p = `jav.${i}`;
    return `<div class="falt2">${textfalt(f, `${p}.namn`, `Jäv ${i + 1}: namn`, { list: 'beslutande' })}${textfalt(f, `${p}.text`, 'Anteckning (frivillig)')}</div>`;
  }).join('\n');
  const mottagare = (lista: 'verkstallighet' | 'kannedom', legend: string) => {
    const name = `skickasTill.${lista}`;
    const valda = varden(f, name).flatMap((v) => v.split(/\r?\n/).map((x) => x.trim()));
    const andra = valda.filter((v) => v && !options.mottagare.includes(v));
    return `${kryssgrupp(
      { [name]: valda.filter((v) => options.mottagare.includes(v)) },
      name,
      legend,
      options.mottagare.map((m) => [m, m] as const),
    )}${textyta({ [name]: andra.join('\n') }, name, `${legend}: andra mottagare`, {
      hint: 'En per rad, med namnet i konfigurationen',
      rows: 2,
    })
      .replace(`id="${faltId(name)}"`, `id="${faltId(name)}-andra"`)
      .replace(`for="${faltId(name)}"`, `for="${faltId(name)}-andra"`)}`;
  };
  return `${felruta(options.fel, PARAGRAFETIKETTER)}
<form method="post" action="${e(options.action)}">${csrfFalt(options.csrf)}
<input type="hidden" name="nyckel" value="${e(varde(f, 'nyckel'))}">
${namnlista}
<fieldset><legend>Ärendet</legend>
${textfalt(f, 'rubrik', L.rubrik!, { required: true })}
${textfalt(f, 'diarienummer', L.diarienummer!, { hint: 't.ex. KS 2023/0431' })}
${textyta(f, 'sammanfattning', L.sammanfattning!, { hint: 'Ett stycke per rad', rows: 4 })}
${textyta(f, 'underlag', L.underlag!, { hint: 'En handling per rad, t.ex. Kommunkontorets tjänsteskrivelse 2023-09-21', rows: 3 })}
</fieldset>
<fieldset><legend>Beslut</legend>
${textfalt(f, 'beslut.inledning', L['beslut.inledning']!, { required: true })}
${textyta(f, 'beslut.attSatser', L['beslut.attSatser']!, { hint: 'En per rad, var och en börjar med ”att ” (skiljetecken och ”samt” sätts ut i protokollet)', rows: 4, required: true })}
</fieldset>
<h3>Yrkanden</h3>
${yrkanden}
<fieldset><legend>Beslutsgång</legend>
${kryssgrupp(
  f,
  'beslutsgang.typ',
  'Hur beslutet fattades',
  [
    ['', 'Ingen antecknad'],
    ['ACKLAMATION', 'Acklamation (ordföranden finner frågan besvarad)'],
    ['OMROSTNING', 'Omröstning'],
  ],
  { typ: 'radio' },
)}
${textyta(f, 'beslutsgang.text', L['beslutsgang.text']!, { hint: 'Propositionsordningen, t.ex. Ordföranden frågar om kommunstyrelsen kan bifalla yrkandet och finner frågan med ja besvarad.', rows: 3 })}
<h4 id="${faltId('beslutsgang.ja')}">Omröstning</h4>
<p class="hint">Fyll i vid omröstning: hur varje beslutande röstade.</p>
<div class="tabell"><table class="roster"><caption class="visually-hidden">Röster per beslutande</caption><thead><tr><th scope="col">Beslutande</th>${ROSTER.map(([, t]) => `<th scope="col">${e(t)}</th>`).join('')}</tr></thead><tbody>${roster}</tbody></table></div>
${textfalt(f, 'beslutsgang.utfall', L['beslutsgang.utfall']!, { hint: 't.ex. Kommunstyrelsen har alltså beslutat enligt ordförandens förslag.' })}
</fieldset>
<h3>Reservationer</h3>
${reservationer}
<fieldset><legend>Jäv</legend>${jav}</fieldset>
<fieldset><legend>Beslutet skickas till</legend>
${mottagare('verkstallighet', 'För verkställighet eller motsvarande åtgärd')}
${mottagare('kannedom', 'För kännedom')}
</fieldset>
${kryssgrupp(f, 'omedelbartJusterad', 'Justering', [['ja', 'Paragrafen justerades omedelbart (KL 5 kap. 70 §)']])}
<p><button type="submit">${e(options.knapp)}</button></p>
</form>`;
}
