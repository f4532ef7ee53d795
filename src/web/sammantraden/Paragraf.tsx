/**
 * One § as the sekreterare records it: rubrik and diarienummer, the beslut with its att-satser, sammanfattning,
 * underlag, yrkanden, beslutsgång (acklamation, or omröstning with each beslutande's vote), reservationer, jäv,
 * "Beslutet skickas till" and omedelbar justering; the routes that show it, record a § and correct one. The
 * fields map to the § in ./paragrafFalt.ts; repeated groups (yrkanden, …) get an empty slot more than they have,
 * for a form that works without scripts.
 */
import { formularUppdatering } from '../../api/uppdatering';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { kanGoras } from '../../domain/sammantrade';
import { z, type Fel } from '../../domain/validering';
import {
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  type SammantradeStatus,
} from '../../workflows/sammantrade';
import { lasFalt, varde, varden, type Falt } from '../formular/falt';
import { faltId } from '../formular/fel';
import { Dolt, Formular, Grupp, Kryssgrupp, Textfalt, Textyta, Valj } from '../komponenter/formular';
import { dokumentstil } from '../../documents/stil';
import { Sida } from '../komponenter/Sida';
import { skickaSida } from '../svar';
import { organetsFolk } from './atkomst';
import {
  antal,
  beslutandeNamn,
  nyttParagraffalt,
  PARAGRAFETIKETTER,
  paragraffalt,
  parseParagraf,
  ROSTER,
} from './paragrafFalt';
import { kommando, lasMotet, lasStatus, type Motet, type SammantradeSidorDeps } from './motet';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { Varning } from '../komponenter/text';

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
  lista: 'verkstallighet' | 'kannedom' | 'mottagare';
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

/** Särskilda yttranden or protokollsanteckningar: who, the sentence, the text, and where it is attached. */
function Meningsyttringar(props: {
  f: Falt;
  lista: 'sarskildaYttranden' | 'protokollsanteckningar';
  namn: string;
}) {
  const { f, lista } = props;
  return (
    <>
      <h2>{props.namn === 'Särskilt yttrande' ? 'Särskilda yttranden' : 'Protokollsanteckningar'}</h2>
      {Array.from({ length: antal(f, lista, 1) }, (_, i) => (
        <fieldset key={i}>
          <legend>
            {props.namn} {i + 1}
          </legend>
          <Textyta f={f} name={`${lista}.${i}.av`} label="Av" hint="En per rad: namn (parti)" rows={2} />
          <Textfalt f={f} name={`${lista}.${i}.lydelse`} label="Meningen i protokollet (frivillig)" />
          <Textyta f={f} name={`${lista}.${i}.text`} label="Texten" hint="Ett stycke per rad" rows={3} />
          <Textfalt
            f={f}
            name={`${lista}.${i}.bilaga`}
            label="Bifogad som (frivilligt)"
            hint="t.ex. Bilaga 2"
          />
        </fieldset>
      ))}
    </>
  );
}

/** Bilagor of the §: a written statement attached, or a § of another organ's protocol. */
function Bilagor({ f }: { f: Falt }) {
  return (
    <>
      <h2>Bilagor</h2>
      {Array.from({ length: antal(f, 'bilagor', 1) }, (_, i) => (
        <fieldset key={i}>
          <legend>Bilaga {i + 1}</legend>
          <div class="falt2">
            <Textfalt f={f} name={`bilagor.${i}.beteckning`} label="Beteckning" hint="t.ex. Bilaga 1" />
            <Textfalt f={f} name={`bilagor.${i}.titel`} label="Titel" />
          </div>
          <Textyta f={f} name={`bilagor.${i}.text`} label="Text" hint="Ett stycke per rad" rows={3} />
          <div class="falt3">
            <Textfalt f={f} name={`bilagor.${i}.utdrag.organ`} label="Utdrag ur organ" hint="t.ex. KSAU" />
            <Textfalt f={f} name={`bilagor.${i}.utdrag.datum`} label="Sammanträdesdag" type="date" />
            <Textfalt f={f} name={`bilagor.${i}.utdrag.paragraf`} label="Paragraf" inputmode="numeric" />
          </div>
        </fieldset>
      ))}
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
      <div class="falt3">
        {(['ja', 'nej', 'avstar'] as const).map((r) => (
          <Textfalt
            key={r}
            f={f}
            name={`beslutsgang.antal.${r}`}
            inputmode="numeric"
            hint={r === 'avstar' ? 'frivilligt' : 'när protokollet anger antal'}
          />
        ))}
      </div>
      <p class="hint">
        Antalet och röstlistan ovan ska stämma med varandra när båda anges; utan röstlista räcker antalet.
      </p>
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
        <Textfalt
          f={f}
          name="beslut.rubrik"
          hint="Frivilligt, t.ex. Beslut – Förslag till kommunfullmäktige"
        />
        <Textfalt f={f} name="beslut.inledning" hint="Med att-satser, t.ex. Kommunstyrelsen beslutar" />
        <Textyta
          f={f}
          name="beslut.attSatser"
          hint="En per rad, var och en börjar med ”att ” (skiljetecken och ”samt” sätts ut i protokollet)"
          rows={4}
        />
        <Textyta
          f={f}
          name="beslut.text"
          hint="Eller beslutet som meningar, ett stycke per rad, t.ex. Delårsrapporten godkänns."
          rows={3}
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
            name={`reservationer.${i}.lydelse`}
            label="Meningen i protokollet (frivillig)"
            hint="Som protokollet skriver den, t.ex. X (M) reserverar sig mot beslutet med följande motivering:"
          />
          <Textfalt f={f} name={`reservationer.${i}.text`} label="Till förmån för (frivilligt)" />
          <Textyta
            f={f}
            name={`reservationer.${i}.motivering`}
            label="Skriftlig motivering (frivillig)"
            hint="Ett stycke per rad"
            rows={3}
          />
          <Textfalt
            f={f}
            name={`reservationer.${i}.bilaga`}
            label="Bifogad som (frivilligt)"
            hint="t.ex. Bilaga 1, när motiveringen bifogas protokollet"
          />
        </fieldset>
      ))}
      <Meningsyttringar f={f} lista="sarskildaYttranden" namn="Särskilt yttrande" />
      <Meningsyttringar f={f} lista="protokollsanteckningar" namn="Protokollsanteckning" />
      <Grupp legend="Jäv">
        {Array.from({ length: antal(f, 'jav', 1) }, (_, i) => (
          <fieldset key={i}>
            <legend>Jäv {i + 1}</legend>
            <div class="falt2">
              <Textfalt f={f} name={`jav.${i}.namn`} label="Namn (parti)" list="beslutande" />
              <Valj
                f={f}
                name={`jav.${i}.anmaltAv`}
                label="Anmält av"
                // The ledamot's own anmälan is the empty choice: an empty slot posts nothing of its own.
                alternativ={[
                  ['', 'Ledamoten själv'],
                  ['ORDFORANDEN', 'Ordföranden konstaterar'],
                ]}
              />
            </div>
            <Textfalt
              f={f}
              name={`jav.${i}.lydelse`}
              label="Meningen i protokollet"
              hint="Lämna tom för kommunens formulering för den som anmälde jävet"
            />
            <Textfalt f={f} name={`jav.${i}.text`} label="Anteckning (frivillig)" />
          </fieldset>
        ))}
      </Grupp>
      <Bilagor f={f} />
      <Grupp legend="Beslutet skickas till">
        <Mottagare
          f={f}
          lista="verkstallighet"
          legend="För verkställighet eller motsvarande åtgärd"
          mottagare={props.mottagare}
        />
        <Mottagare f={f} lista="kannedom" legend="För kännedom" mottagare={props.mottagare} />
        <Mottagare
          f={f}
          lista="mottagare"
          legend="Utan uppdelning (protokollet anger inte varför)"
          mottagare={props.mottagare}
        />
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
  const parsed = parseParagraf(f, dokumentstil(m.config));
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
              ...formularUppdatering(req, m.s.person),
              args: [{ aktor: m.s.person, nyckel, paragraf }],
            })
          : m.handle.executeUpdate(rattaParagrafUpdate, {
              ...formularUppdatering(req, m.s.person),
              args: [{ aktor: m.s.person, nummer: nummer.data!, paragraf }],
            }),
      ),
    );
  }
  if (fel.length === 0) return res.redirect(303, `${m.bas}?sparat=paragraf#paragrafer`);
  const st = await lasStatus(m, res);
  if (st) visaParagrafformular(res, m, st, f, fel, ny ? undefined : nummer.data);
}
