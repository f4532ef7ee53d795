/**
 * The task page — where the link in every task mail leads: the process, due date, assignee, status, description,
 * the action (Slutför, or Godkänn / Returnera with a comment — a justerare also names the §§), the kanslichef's
 * (reassign, move the due date, remind), and the history. A refused command comes back here: its refusal above
 * the form that sent it, with what was typed.
 */
import { GODKANNANDE_TYPER, type Handelse, type UppgiftState } from '../../domain/uppgift';
import { uppgiftspersoner, type KommunConfig } from '../../domain/kommun';
import { dateInStockholm } from '../../domain/datum';
import { langtDatum } from '../../domain/svenskTid';
import type { Fel } from '../../domain/validering';
import type { Falt } from '../formular/falt';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Formular, Textfalt, Textyta, Valj } from '../komponenter/formular';
import { Sida, type Inloggad } from '../komponenter/Sida';
import { Klart, Stycken } from '../komponenter/text';
import { STATUS_TEXT } from '../ord';

const HANDELSE_TEXT: Record<Handelse['typ'], string> = {
  SKAPAD: 'Skapad',
  SLUTFORD: 'Slutförd',
  GODKAND: 'Godkänd',
  RETURNERAD: 'Returnerad',
  DELEGERAD: 'Delegerad',
  OMTILLDELAD: 'Tilldelad på nytt',
  FORFALLODAG_ANDRAD: 'Ny förfallodag',
  PAMINNELSE: 'Påminnelse skickad',
  ESKALERING: 'Försenad: eskalerad',
  AVBRUTEN: 'Avbruten',
};

export const UPPGIFTSETIKETTER = {
  kommentar: 'Kommentar',
  paragrafer: 'Paragrafer som behöver rättas',
  till: 'Tilldela om till',
  forfaller: 'Ny förfallodag',
};

/** The command just refused, with what was typed. */
export interface Refuserat {
  kommando: string;
  falt: Falt;
  fel: readonly Fel[];
}

export interface UppgiftssidaProps {
  /** The task's id, as its address has it. */
  id: string;
  state: UppgiftState;
  config: KommunConfig;
  inloggad: Inloggad;
  /** Whether this person may reassign, move and remind (the kanslichef). */
  kanslichef: boolean;
  namn: (person: string) => string;
  klart?: boolean;
  refuserat?: Refuserat | undefined;
  /** The styrelse's draft: the nämnder's reports it is written on, where each stands. */
  underlag?: readonly UnderlagLage[];
}

export interface UnderlagLage {
  titel: string;
  organ: string;
  lage: string;
  klar: boolean;
}

/** The nämnder's reports the styrelse's report is written on: the chef approves once all are in. */
function Underlag({ underlag }: { underlag: readonly UnderlagLage[] }) {
  const inne = underlag.filter((u) => u.klar).length;
  return (
    <section aria-labelledby="underlag-rubrik">
      <h2 id="underlag-rubrik">Nämndernas rapporter</h2>
      <p>
        Rapporten skrivs på nämndernas rapporter: {inne} av {underlag.length} har kommit in. Chefen godkänner
        när alla har kommit in; en nämnd som är sen meddelas kanslichefen.
      </p>
      <ul>
        {underlag.map((u) => (
          <li key={u.titel}>
            {u.titel} ({u.organ}): {u.lage}
          </li>
        ))}
      </ul>
    </section>
  );
}

const tid = (ms: number) =>
  new Date(ms).toLocaleString('sv-SE', {
    timeZone: 'Europe/Stockholm',
    dateStyle: 'short',
    timeStyle: 'short',
  });

export function Uppgiftssida(p: UppgiftssidaProps) {
  const { state, namn } = p;
  const forsenad = state.status === 'OPPEN' && state.forfaller < dateInStockholm(Date.now());
  return (
    <Sida titel={state.spec.titel} inloggad={p.inloggad}>
      {p.klart && <Klart>Klart. Uppgiften är uppdaterad.</Klart>}
      <table>
        <tbody>
          <tr>
            <th scope="row">Process</th>
            <td>{state.spec.process.titel}</td>
          </tr>
          <tr>
            <th scope="row">Senast</th>
            <td class={forsenad ? 'forsenad' : undefined}>
              {langtDatum(state.forfaller)}
              {forsenad && ' (försenad)'}
            </td>
          </tr>
          <tr>
            <th scope="row">Ansvarig</th>
            <td>
              {namn(state.tilldelad)}
              {state.delegater.length > 0 && ` (delegerad till ${state.delegater.map(namn).join(', ')})`}
            </td>
          </tr>
          <tr>
            <th scope="row">Status</th>
            <td>{STATUS_TEXT[state.status]}</td>
          </tr>
        </tbody>
      </table>
      {state.spec.beskrivning && <Stycken texter={state.spec.beskrivning.split(/\n+/)} />}
      {p.underlag && p.underlag.length > 0 && <Underlag underlag={p.underlag} />}
      <h2>Åtgärd</h2>
      <Atgard {...p} />
      {p.kanslichef && state.status === 'OPPEN' && <Kanslichefen {...p} />}
      <h2>Historik</h2>
      <ul>
        {state.historik.map((h) => (
          <li key={h.seq}>
            {tid(h.tid)}: {HANDELSE_TEXT[h.typ]}
            {h.aktor && ` av ${namn(h.aktor)}`}
            {h.kommentar && ` – ”${h.kommentar}”`}
          </li>
        ))}
      </ul>
    </Sida>
  );
}

/** The props of the form `kommando` posts to: its action, and its refusal when it was the one refused. */
function formularet(p: UppgiftssidaProps, kommando: string) {
  const egen = p.refuserat?.kommando === kommando ? p.refuserat : undefined;
  return {
    props: {
      action: `/uppgifter/${encodeURIComponent(p.id)}/${kommando}`,
      csrf: p.inloggad.csrf,
      fel: egen?.fel ?? [],
      etiketter: UPPGIFTSETIKETTER,
    },
    falt: egen?.falt ?? {},
  };
}

function Atgard(p: UppgiftssidaProps) {
  const { state } = p;
  if (state.status !== 'OPPEN') {
    // A command that reached the task after it ended: why it was refused, above what the task came to.
    return (
      <>
        <Felsammanfattning
          fel={p.refuserat?.fel ?? []}
          etiketter={UPPGIFTSETIKETTER}
          rubrik="Det gick inte"
        />
        <p class="klart">{STATUS_TEXT[state.status]}.</p>
      </>
    );
  }
  if (!GODKANNANDE_TYPER.includes(state.spec.typ)) {
    const slutfor = formularet(p, 'slutfor');
    return (
      <Formular {...slutfor.props}>
        <Textyta f={slutfor.falt} name="kommentar" label="Kommentar (frivillig)" />
        <p>
          <button type="submit">Slutför</button>
        </p>
      </Formular>
    );
  }
  const godkann = formularet(p, 'godkann');
  const returnera = formularet(p, 'returnera');
  return (
    <>
      <Formular {...godkann.props}>
        <p>
          <button type="submit">Godkänn</button>
        </p>
      </Formular>
      <Formular {...returnera.props}>
        <Textyta f={returnera.falt} name="kommentar" label="Kommentar" required />
        {state.spec.typ === 'justering' && (
          <Textfalt
            f={returnera.falt}
            name="paragrafer"
            label={UPPGIFTSETIKETTER.paragrafer}
            hint="Numren, t.ex. 336, 337"
            inputmode="numeric"
          />
        )}
        <p>
          <button class="sekundar" type="submit">
            Returnera
          </button>
        </p>
      </Formular>
    </>
  );
}

/** The kanslichef may also give the task to someone else, move its due date, or remind now. */
function Kanslichefen(p: UppgiftssidaProps) {
  const personer = uppgiftspersoner(p.config.personer).filter((x) => x.id !== p.state.tilldelad);
  const tilldela = formularet(p, 'tilldela');
  const flytta = formularet(p, 'flytta');
  return (
    <>
      <h2>Kanslichefen</h2>
      <Formular {...tilldela.props}>
        <Valj
          f={tilldela.falt}
          name="till"
          label={UPPGIFTSETIKETTER.till}
          alternativ={personer.map((x) => [x.id, x.namn] as const)}
        />
        <p>
          <button class="sekundar" type="submit">
            Tilldela om
          </button>
        </p>
      </Formular>
      <Formular {...flytta.props}>
        <Textfalt
          f={{ forfaller: p.state.forfaller, ...flytta.falt }}
          name="forfaller"
          label={UPPGIFTSETIKETTER.forfaller}
          type="date"
          required
        />
        <p>
          <button class="sekundar" type="submit">
            Flytta förfallodagen
          </button>
        </p>
      </Formular>
      <Formular {...formularet(p, 'paminn').props}>
        <p>
          <button class="sekundar" type="submit">
            Skicka påminnelse nu
          </button>
        </p>
      </Formular>
    </>
  );
}
