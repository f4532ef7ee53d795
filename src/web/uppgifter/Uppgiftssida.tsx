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
import { Dolt, Formular, Textfalt, Textyta, Valj } from '../komponenter/formular';
import type { Handlingarna } from '../arenden/handlingar';
import { arendeSida, Handlingar, kortHash } from '../arenden/Handlingar';
import { Sida, type Inloggad } from '../komponenter/Sida';
import { Klart, Stycken, Varning } from '../komponenter/text';
import { sparfelText } from '../../domain/sparfel';
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
  /** The ärende's documents, when the task is a report's (and the person may read them). */
  handlingar?: Handlingarna | undefined;
  /** A version was just uploaded. */
  uppladdat?: boolean;
  /** The version to show inline. */
  vald?: string | undefined;
  /** The upload refused, with what was chosen. */
  uppladdning?: { fel: readonly Fel[]; falt: Falt } | undefined;
}

/** The tasks whose person writes the ärende's documents (and uploads them); the others read them. */
const SKRIVER: readonly UppgiftState['spec']['typ'][] = ['utkast', 'budgetunderlag'];
/** The tasks whose person decides on the current versions (the approval binds them). */
const GODKANNER: readonly UppgiftState['spec']['typ'][] = ['godkannande'];

function Dokumenten(p: UppgiftssidaProps & { handlingar: Handlingarna }) {
  const { typ } = p.state.spec;
  const skriver = SKRIVER.includes(typ) && p.state.status === 'OPPEN';
  return (
    <Handlingar
      h={p.handlingar}
      namn={p.namn}
      visa={skriver || GODKANNER.includes(typ) ? 'aktuella' : 'godkanda'}
      vald={p.vald}
      sida={`/uppgifter/${encodeURIComponent(p.id)}`}
      uppladdning={
        skriver
          ? {
              action: `${arendeSida(p.handlingar.arendet.rapport.id)}/dokument`,
              csrf: p.inloggad.csrf,
              uppgift: p.id,
              ...(p.uppladdning ?? {}),
            }
          : undefined
      }
    />
  );
}

/** The justerare's and ordförande's task: the protocol they justera, and the meeting it is from. */
function ProtokolletAttJustera({ processId }: { processId: string }) {
  const delar = /^sammantrade\/[^/]+\/([^/]+)\/(\d{4}-\d{2}-\d{2})$/.exec(processId);
  if (!delar) return null;
  const sida = `/sammantraden/${encodeURIComponent(delar[1]!)}/${delar[2]}`;
  return (
    <section aria-labelledby="protokollet-rubrik">
      <h2 id="protokollet-rubrik">Protokollet</h2>
      <p>
        <a href={`${sida}/protokoll.pdf`}>Läs protokollet (PDF)</a> ·{' '}
        <a href={`${sida}/protokoll.html`}>som webbsida</a> · <a href={sida}>Sammanträdets sida</a>
      </p>
      <figure class="visning">
        <iframe src={`${sida}/protokoll.pdf`} title="Protokollet som det ser ut nu (PDF)" />
      </figure>
    </section>
  );
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
      {state.sparfel ? (
        <Varning alert>{sparfelText(state.sparfel)}</Varning>
      ) : (
        p.klart && <Klart>Klart. Uppgiften är uppdaterad.</Klart>
      )}
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
      {p.uppladdat && <Klart>Klart. Den nya versionen är sparad.</Klart>}
      {p.handlingar && <Dokumenten {...p} handlingar={p.handlingar} />}
      {state.spec.typ === 'justering' && <ProtokolletAttJustera processId={state.spec.process.id} />}
      {(state.spec.typ === 'utkast' || state.spec.typ === 'godkannande') && (
        <section aria-labelledby="uppfoljning-rubrik">
          <h2 id="uppfoljning-rubrik">Uppföljning</h2>
          <p>
            <a href={`/uppgifter/${encodeURIComponent(state.spec.id)}/uppfoljning`}>
              Rapportens mål, indikatorer, uppdrag och ekonomi
            </a>
            {state.spec.typ === 'godkannande' && ': chefen kan godkänna när uppföljningen är komplett.'}
          </p>
        </section>
      )}
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
  const bundna = GODKANNER.includes(state.spec.typ) ? (p.handlingar?.aktuella ?? []) : [];
  return (
    <>
      <Formular {...godkann.props}>
        {bundna.length > 0 && (
          <p class="hint">
            Du godkänner{' '}
            {bundna.map((d) => `${d.namn} (version ${d.nr}, SHA-256 ${kortHash(d.sha256)})`).join(', ')}.
          </p>
        )}
        {bundna.map((d) => (
          <Dolt key={d.id} name="dokument" value={`${d.id}:${d.sha256}`} />
        ))}
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
