/**
 * Whether the year runs. Running: its numbers, and the form that stops a year started by mistake (confirmed: its
 * running reports and their tasks end). Not started (or stopped): the plan as a preview and the form that starts
 * it — the place for the choices a year started mid-year will offer per report.
 */
import { startFel } from '../../domain/arshjul';
import type { Startval } from '../../domain/arshjulStart';
import type { IsoDate } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import type { Fel } from '../../domain/validering';
import type { Aret } from '../../api/arshjulAret';
import { Dolt, Formular, Kryssruta } from '../komponenter/formular';
import { Stycken, Varning } from '../komponenter/text';
import { moten } from '../motesplan';
import { UPPGIFT_NAMN } from '../ord';
import { Starta } from './Starta';

export const stoppEtiketter = (ar: number) => ({ bekrafta: `Jag vill stoppa årshjulet ${ar}` });

export function Laget(props: {
  aret: Aret;
  ar: number;
  idag: IsoDate;
  config: KommunConfig;
  csrf: string;
  /** The stop form as refused. */
  stoppFel?: readonly Fel[] | undefined;
  /** The start form's choices, shown with what they lead to, or refused. */
  start?: { val: Startval; fel: readonly Fel[] } | undefined;
}) {
  const { aret, ar } = props;
  if (aret.lage === 'PLAN') return <Plan {...props} />;
  const forsenade = aret.oversikt.forsenade.length;
  return (
    <>
      {aret.lage === 'STARTAT' ? (
        <Stycken
          texter={[
            `Årshjulet ${ar} är igång: ${aret.oversikt.rapporter.length} rapporter, ${forsenade} ${forsenade === 1 ? 'försenat steg' : 'försenade steg'}.`,
          ]}
        />
      ) : (
        <Varning alert>
          Årshjulet {ar} är startat men svarar inte just nu. Kontrollera att Årshjuls worker körs (npm start).
          Nedan visas planen.
        </Varning>
      )}
      <Stoppa {...props} />
    </>
  );
}

/** A year started by mistake can be stopped, with a confirmation. */
function Stoppa(props: { ar: number; csrf: string; stoppFel?: readonly Fel[] | undefined }) {
  const etiketter = stoppEtiketter(props.ar);
  return (
    <details class="stoppa" open={props.stoppFel !== undefined && props.stoppFel.length > 0}>
      <summary>Stoppa årshjulet {props.ar}</summary>
      <Formular action="/arshjul/stoppa" csrf={props.csrf} fel={props.stoppFel} etiketter={etiketter}>
        <Dolt name="ar" value={String(props.ar)} />
        <Kryssruta name="bekrafta" value="ja" required>
          {etiketter.bekrafta}: årets pågående rapporter avbryts och deras öppna uppgifter försvinner ur
          listorna. Sammanträdena fortsätter.
        </Kryssruta>
        <p>
          <button class="sekundar" type="submit">
            Stoppa årshjulet {props.ar}
          </button>
        </p>
      </Formular>
    </details>
  );
}

/**
 * The year not started (or stopped): the plan in numbers, what breaks a rule, and the form that starts it — with
 * a choice per report when some of the year's dates have passed (./Starta.tsx).
 */
export function Plan(props: {
  aret: Aret;
  ar: number;
  idag: IsoDate;
  config: KommunConfig;
  csrf: string;
  start?: { val: Startval; fel: readonly Fel[] } | undefined;
}) {
  const { aret, ar, config } = props;
  const { rapporter } = aret.oversikt;
  const stoppat = aret.lage === 'PLAN' ? aret.stoppat : undefined;
  const varningar = rapporter.flatMap((r) => r.varningar.map((v) => `${r.titel}: ${v.meddelande}`));
  const steg = rapporter.flatMap((r) => r.steg);
  const forst = rapporter.map((r) => r.start).sort()[0];
  const hinder: { message: string }[] = stoppat
    ? [{ message: 'ett år startas en gång, också om det har stoppats' }]
    : startFel(config, ar);
  return (
    <div class="plan">
      <h2>
        Årshjulet {ar} är {stoppat ?? 'inte startat'}
      </h2>
      <Stycken
        texter={[
          `Förhandsvisning av planen: ${rapporter.length} rapporter med ${steg.length} steg, ${moten(config, ar).length} sammanträden${forst ? `; den första rapporten startar ${forst}` : ''}.`,
          'När årshjulet startar får varje ansvarig sin uppgift med e-post på stegets startdag; steg vars startdag redan har passerat startar direkt.',
          `Stegen: ${[...new Set(steg.map((s) => UPPGIFT_NAMN[s.steg]))].join(', ')}.`,
        ]}
      />
      {varningar.length > 0 && (
        <div class="fel">
          <p>Planen bryter mot en regel:</p>
          <ul>
            {varningar.map((v, i) => (
              <li key={i}>{v}</li>
            ))}
          </ul>
        </div>
      )}
      {hinder.length === 0 ? (
        <Starta
          config={config}
          ar={ar}
          idag={props.idag}
          csrf={props.csrf}
          val={props.start?.val}
          fel={props.start?.fel}
          steg={Object.fromEntries(rapporter.map((r) => [r.id, r.steg.map((x) => x.steg)]))}
        />
      ) : (
        <Stycken texter={hinder.map((f) => `Årshjulet ${ar} kan inte startas: ${f.message}.`)} />
      )}
    </div>
  );
}
