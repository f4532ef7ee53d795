/**
 * One § as the sekreterare records it: rubrik and diarienummer, the beslut with its att-satser, sammanfattning,
 * underlag, yrkanden, beslutsgång (acklamation, or omröstning with each beslutande's vote), reservationer, jäv,
 * "Beslutet skickas till" and omedelbar justering. The form's names are the paths of `paragrafSchema`
 * (src/domain/protokoll.ts), so a refusal names the field; repeated groups (yrkanden, …) get an empty slot more
 * than they have, for a form that works without scripts.
 */
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Arendepunkt } from '../../domain/kallelse';
import type { Deltagare, Paragraf } from '../../domain/protokoll';
import { kanGoras, protokollforParagrafSchema, type ParagrafUtkast } from '../../domain/sammantrade';
import { felFromZod, z, type Fel } from '../../domain/validering';
import {
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  type SammantradeStatus,
} from '../../workflows/sammantrade';
import { lasFalt, om, rader, varde, varden, type Falt } from '../formular/falt';
import { faltId } from '../formular/fel';
import { Dolt, Formular, Grupp, Kryssgrupp, Textfalt, Textyta } from '../komponenter/formular';
import { Sida } from '../komponenter/Sida';
import { skickaSida } from '../svar';
import { organetsFolk, visningsnamn } from './atkomst';
import { kommando, lasMotet, lasStatus, type Motet, type SammantradeSidorDeps } from './motet';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { Varning } from '../komponenter/text';

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

interface FormularProps {
  f: Falt;
  action: string;
  csrf: string;
  fel: readonly Fel[];
  beslutande: readonly string[];
  /** The kommun's usual recipients (names) for "Beslutet skickas till". */
  mottagare: readonly string[];
  knapp: string;
}

function Yrkanden({ f }: { f: Falt }) {
  return (
    <>
      {Array.from({ length: antal(f, 'yrkanden', 1) }, (_, i) => {
        const p = `yrkanden.${i}`;
        return (
          <fieldset key={p}>
            <legend>Yrkande {i + 1}</legend>
            <Textfalt
              f={f}
              name={`${p}.av`}
              label="Yrkande av"
              hint="Namn (parti), t.ex. Axel Hallberg (MP)"
              list="beslutande"
            />
            <Textfalt
              f={f}
              name={`${p}.text`}
              label="Yrkandet"
              hint="t.ex. yrkar bifall till arbetsutskottets förslag"
            />
            <Textyta
              f={f}
              name={`${p}.attSatser`}
              label="Yrkandets att-satser"
              hint="En per rad, var och en börjar med ”att ”"
              rows={2}
            />
            <Textyta f={f} name={`${p}.instammer`} label="Instämmer" hint="En per rad" rows={2} />
          </fieldset>
        );
      })}
    </>
  );
}

/** The votes as posted (or recorded) by name; the rows are the beslutande and anyone else who voted. */
function Roster({ f, beslutande }: { f: Falt; beslutande: readonly string[] }) {
  const rostAv = new Map(
    Object.keys(f)
      .filter((k) => /^rostnamn\.\d+$/.test(k))
      .map((k) => [varde(f, k), varde(f, `rost.${k.slice('rostnamn.'.length)}`)] as const),
  );
  const namn = [...new Set([...rostAv.keys(), ...beslutande])];
  return (
    <div class="tabell">
      <table class="roster">
        <caption class="visually-hidden">Röster per beslutande</caption>
        <thead>
          <tr>
            <th scope="col">Beslutande</th>
            {ROSTER.map(([, t]) => (
              <th scope="col" key={t}>
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {namn.map((n, i) => (
            <tr key={n}>
              <th scope="row">
                {n}
                <Dolt name={`rostnamn.${i}`} value={n} />
              </th>
              {ROSTER.map(([v, t]) => {
                const id = faltId(`rost.${i}.${v || 'ingen'}`);
                return (
                  <td key={v}>
                    <input
                      type="radio"
                      name={`rost.${i}`}
                      value={v}
                      id={id}
                      checked={v === (rostAv.get(n) ?? '')}
                    />
                    <label class="visually-hidden" for={id}>
                      {`${n}: ${t}`}
                    </label>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Mottagare(props: {
  f: Falt;
  lista: 'verkstallighet' | 'kannedom';
  legend: string;
  mottagare: readonly string[];
}) {
  const name = `skickasTill.${props.lista}`;
  const valda = varden(props.f, name).flatMap((v) => v.split(/\r?\n/).map((x) => x.trim()));
  const andra = valda.filter((v) => v && !props.mottagare.includes(v));
  return (
    <>
      <Kryssgrupp
        f={{ [name]: valda.filter((v) => props.mottagare.includes(v)) }}
        name={name}
        label={props.legend}
        alternativ={props.mottagare.map((m) => [m, m] as const)}
      />
      <Textyta
        f={{}}
        varde={andra.join('\n')}
        name={name}
        id={`${faltId(name)}-andra`}
        label={`${props.legend}: andra mottagare`}
        hint="En per rad, med namnet i konfigurationen"
        rows={2}
      />
    </>
  );
}

/** The ärende: its rubrik, diarienummer, summary and the documents it was decided on. */
function Arendet({ f }: { f: Falt }) {
  return (
    <Grupp legend="Ärendet">
      <Textfalt f={f} name="rubrik" required />
      <Textfalt f={f} name="diarienummer" hint="t.ex. KS 2023/0431" />
      <Textyta f={f} name="sammanfattning" hint="Ett stycke per rad" rows={4} />
      <Textyta
        f={f}
        name="underlag"
        hint="En handling per rad, t.ex. Kommunkontorets tjänsteskrivelse 2023-09-21"
        rows={3}
      />
    </Grupp>
  );
}

/** How the beslut was made: by acclamation, or by a vote with each beslutande's vote. */
function Beslutsgang({ f, beslutande }: { f: Falt; beslutande: readonly string[] }) {
  return (
    <Grupp legend="Beslutsgång">
      <Kryssgrupp
        f={f}
        name="beslutsgang.typ"
        label="Hur beslutet fattades"
        typ="radio"
        alternativ={[
          ['', 'Ingen antecknad'],
          ['ACKLAMATION', 'Acklamation (ordföranden finner frågan besvarad)'],
          ['OMROSTNING', 'Omröstning'],
        ]}
      />
      <Textyta
        f={f}
        name="beslutsgang.text"
        hint="Propositionsordningen, t.ex. Ordföranden frågar om kommunstyrelsen kan bifalla yrkandet och finner frågan med ja besvarad."
        rows={3}
      />
      <h3 id={faltId('beslutsgang.ja')}>Omröstning</h3>
      <p class="hint">Fyll i vid omröstning: hur varje beslutande röstade.</p>
      <Roster f={f} beslutande={beslutande} />
      <Textfalt
        f={f}
        name="beslutsgang.utfall"
        hint="t.ex. Kommunstyrelsen har alltså beslutat enligt ordförandens förslag."
      />
    </Grupp>
  );
}

function Paragrafformular(props: FormularProps) {
  const { f } = props;
  const L = PARAGRAFETIKETTER;
  return (
    <Formular action={props.action} csrf={props.csrf} fel={props.fel} etiketter={L}>
      <Dolt name="nyckel" value={varde(f, 'nyckel')} />
      <datalist id="beslutande">
        {props.beslutande.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      <Arendet f={f} />
      <Grupp legend="Beslut">
        <Textfalt f={f} name="beslut.inledning" required />
        <Textyta
          f={f}
          name="beslut.attSatser"
          hint="En per rad, var och en börjar med ”att ” (skiljetecken och ”samt” sätts ut i protokollet)"
          rows={4}
          required
        />
      </Grupp>
      <h2>Yrkanden</h2>
      <Yrkanden f={f} />
      <Beslutsgang f={f} beslutande={props.beslutande} />
      <h2>Reservationer</h2>
      {Array.from({ length: antal(f, 'reservationer', 1) }, (_, i) => (
        <fieldset key={i}>
          <legend>Reservation {i + 1}</legend>
          <Textyta
            f={f}
            name={`reservationer.${i}.av`}
            label="Reserverar sig"
            hint="En per rad: namn (parti)"
            rows={2}
          />
          <Textfalt
            f={f}
            name={`reservationer.${i}.text`}
            label="Till förmån för / motivering (frivilligt)"
          />
        </fieldset>
      ))}
      <Grupp legend="Jäv">
        {Array.from({ length: antal(f, 'jav', 1) }, (_, i) => (
          <div class="falt2" key={i}>
            <Textfalt f={f} name={`jav.${i}.namn`} label={`Jäv ${i + 1}: namn`} list="beslutande" />
            <Textfalt f={f} name={`jav.${i}.text`} label="Anteckning (frivillig)" />
          </div>
        ))}
      </Grupp>
      <Grupp legend="Beslutet skickas till">
        <Mottagare
          f={f}
          lista="verkstallighet"
          legend="För verkställighet eller motsvarande åtgärd"
          mottagare={props.mottagare}
        />
        <Mottagare f={f} lista="kannedom" legend="För kännedom" mottagare={props.mottagare} />
      </Grupp>
      <Kryssgrupp
        f={f}
        name="omedelbartJusterad"
        label="Justering"
        alternativ={[['ja', 'Paragrafen justerades omedelbart (KL 5 kap. 70 §)']]}
      />
      <p>
        <button type="submit">{props.knapp}</button>
      </p>
    </Formular>
  );
}

function visaParagrafformular(
  res: Response,
  m: Motet,
  st: SammantradeStatus,
  f: Falt,
  fel: readonly Fel[],
  nummer?: number,
) {
  const titel = nummer ? `Ändra § ${nummer}` : 'Protokollför paragraf';
  skickaSida(
    res,
    fel.length ? 409 : 200,
    <Sida titel={`${titel} – ${st.state.fakta.organNamn} ${m.datum}`} inloggad={m.s}>
      {!kanGoras(st.state, 'protokollforParagraf') && (
        <Varning>Protokollet kan inte ändras nu ({st.state.fas.toLowerCase()}).</Varning>
      )}
      <Paragrafformular
        f={f}
        action={`${m.bas}/paragraf/${nummer ?? 'ny'}`}
        csrf={m.s.csrf}
        fel={fel}
        beslutande={st.state.mote ? beslutandeNamn(st.state.mote.narvaro) : []}
        mottagare={organetsFolk(m.config, m.organ).mottagare.map((p) => p.namn)}
        knapp={nummer ? `Spara § ${nummer}` : 'Protokollför paragrafen'}
      />
      <p>
        <a href={m.bas}>Tillbaka till sammanträdet</a>
      </p>
    </Sida>,
  );
}

const paragrafenFinnsInte = (res: Response, m: Motet, text: string) =>
  skickaMeddelande(res, 404, {
    titel: 'Paragrafen finns inte',
    texter: [text],
    inloggad: m.s,
    lank: [m.bas, 'Tillbaka till sammanträdet'],
  });

/** `GET …/paragraf/ny[?punkt=N]` (a new §, from an item of the föredragningslista) or `…/paragraf/<nummer>`. */
export async function visaParagraf(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res);
  if (!m) return;
  const st = await lasStatus(m, res);
  if (!st) return;
  if (req.params.nummer === 'ny') {
    const punkt = z.coerce.number().int().safeParse(req.query.punkt);
    const arende = punkt.success ? st.state.arenden.find((a) => a.punkt === punkt.data) : undefined;
    const f = nyttParagraffalt(st.state.fakta.organNamn, arende);
    // The key makes a second submit of the same form harmless: the workflow refuses it by the key.
    f.nyckel = arende ? `punkt-${arende.punkt}` : `fri-${randomUUID()}`;
    return visaParagrafformular(res, m, st, f, []);
  }
  const p = st.state.paragrafer.find((x) => String(x.nummer) === req.params.nummer);
  if (!p) {
    return paragrafenFinnsInte(res, m, `Ingen § ${String(req.params.nummer)} i protokollet.`);
  }
  const beslutande = st.state.mote ? beslutandeNamn(st.state.mote.narvaro) : [];
  visaParagrafformular(res, m, st, paragraffalt(p, beslutande), [], p.nummer);
}

/** A validator's path into the Update's argument (`paragraf.skickasTill…`) as the form names it. */
const iFormularet = (fel: Fel[]) => fel.map((f) => ({ ...f, field: f.field.replace(/^paragraf\./, '') }));

/** `POST …/paragraf/ny` records a § (its number from the organ's series); `…/paragraf/<nummer>` corrects one. */
export async function protokollforParagraf(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const ny = req.params.nummer === 'ny';
  const m = lasMotet(deps, req, res, ny ? 'sammantrade.protokollforParagraf' : 'sammantrade.rattaParagraf');
  if (!m) return;
  const nummer = z.coerce.number().int().min(1).safeParse(req.params.nummer);
  if (!ny && !nummer.success) {
    return paragrafenFinnsInte(res, m, 'Okänt paragrafnummer.');
  }
  const { falt: f, fel: tecken } = lasFalt(req);
  const parsed = parseParagraf(f);
  const nyckel = varde(f, 'nyckel');
  let fel: Fel[];
  if (tecken.length > 0) fel = tecken;
  else if (!parsed.ok) fel = parsed.fel;
  else if (ny && !nyckel) fel = [{ field: 'nyckel', rule: 'obligatorisk', message: 'ladda om formuläret' }];
  else {
    const paragraf = parsed.paragraf;
    fel = iFormularet(
      await kommando(m, () =>
        ny
          ? m.handle.executeUpdate(protokollforParagrafUpdate, {
              args: [{ aktor: m.s.person, nyckel, paragraf }],
            })
          : m.handle.executeUpdate(rattaParagrafUpdate, {
              args: [{ aktor: m.s.person, nummer: nummer.data!, paragraf }],
            }),
      ),
    );
  }
  if (fel.length === 0) return res.redirect(303, `${m.bas}?sparat=paragraf#paragrafer`);
  const st = await lasStatus(m, res);
  if (st) visaParagrafformular(res, m, st, f, fel, ny ? undefined : nummer.data);
}
