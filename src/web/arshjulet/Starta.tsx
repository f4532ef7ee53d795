/**
 * Starting the year from Årshjulet. A year whose dates have all to come starts at once; a year started after some
 * of its dates have passed — as every kommun adopting Årshjul starts it — first shows what would happen: which
 * reports and meetings start, which steps are already past, how many mails go to whom today; and the kanslichef
 * chooses per report to run it, to mark steps done outside Årshjul, or to leave it out (src/domain/arshjulStart.ts).
 */
import {
  forhandsvisaStart,
  VAL_TEXT,
  type Forhandsvisning,
  type RapportForhandsvisning,
  type Rapportval,
  type Startval,
} from '../../domain/arshjulStart';
import type { IsoDate } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import type { Fel } from '../../domain/validering';
import { Dolt, Formular, Valj } from '../komponenter/formular';
import { Tabell } from '../komponenter/Tabell';
import { Stycken } from '../komponenter/text';
import { UPPGIFT_NAMN } from '../ord';

/** A choice as the form writes it: `kor`, `utelamna`, `redan-gjort:<steg>`. */
export const valKod = (v: Rapportval) => (v.val === 'redan-gjort' ? `redan-gjort:${v.till}` : v.val);

/** The form's field for a report's choice. */
export const valFalt = (rapportId: string) => `val.${rapportId}`;

function alternativ(r: RapportForhandsvisning, steg: readonly string[]): [string, string][] {
  return [
    ['kor', 'Kör i Årshjul från början'],
    ...[...new Set(steg)].map(
      (s) =>
        [`redan-gjort:${s}`, `Redan gjort utanför Årshjul till och med ${UPPGIFT_NAMN[s as never] ?? s}`] as [
          string,
          string,
        ],
    ),
    ['utelamna', r.blockerad ? 'Lämna utanför (kan inte köras)' : 'Lämna utanför Årshjul'],
  ];
}

function passerat(r: RapportForhandsvisning): string {
  if (r.passerade.length === 0) return 'inget';
  const sena = r.forsenade.map((u) => UPPGIFT_NAMN[u.steg.split(':')[0] as never] ?? u.steg);
  return `${r.passerade.length} steg${sena.length > 0 ? `; försenat redan vid start: ${sena.join(', ')}` : ''}`;
}

export function Starta(props: {
  config: KommunConfig;
  ar: number;
  idag: IsoDate;
  csrf: string;
  /** The choices shown (after "Visa vad valen ger"), or the proposals. */
  val?: Startval | undefined;
  fel?: readonly Fel[] | undefined;
  /** Each report's steps, in order (from the plan). */
  steg: Record<string, readonly string[]>;
}) {
  const f: Forhandsvisning = forhandsvisaStart(props.config, props.ar, props.idag, props.val ?? {});
  if (!f.efterStart) {
    return (
      <Formular action="/arshjul/starta" csrf={props.csrf}>
        <Dolt name="ar" value={String(props.ar)} />
        <p>
          <button type="submit" name="handling" value="starta">
            Starta årshjulet {props.ar}
          </button>
        </p>
      </Formular>
    );
  }
  const falt = Object.fromEntries(f.rapporter.map((r) => [valFalt(r.id), valKod(r.val)]));
  const etiketter = Object.fromEntries(f.rapporter.map((r) => [valFalt(r.id), r.titel]));
  const forsenade = f.rapporter.flatMap((r) => r.forsenade);
  const moten = f.sammantraden.filter((m) => !m.redanHallet);
  return (
    <section aria-labelledby="starta-rubrik">
      <h3 id="starta-rubrik">Starta mitt i året</h3>
      <Stycken
        texter={[
          `Några av årets datum har redan passerat (i dag ${f.idag}). Välj för varje rapport om Årshjul ska köra den, om stegen fram till ett visst steg redan är gjorda utanför Årshjul, eller om den ska lämnas utanför. Förslaget är förvalt.`,
          `Om året startas med valen nedan startar ${moten.length} sammanträden (${f.sammantraden.length - moten.length} som redan är hållna lämnas) och ${f.antalMail} e-postmeddelanden går ut i dag.${forsenade.length > 0 ? ` ${forsenade.length} uppgifter är försenade redan från starten: de ansvariga och kanslichefen får ett sammandrag var, inte en eskalering per uppgift.` : ''}`,
        ]}
      />
      <Formular action="/arshjul/starta" csrf={props.csrf} fel={props.fel ?? []} etiketter={etiketter}>
        <Dolt name="ar" value={String(props.ar)} />
        <Tabell
          caption="Rapporterna och valen"
          kolumner={['Rapport', 'Beslut', 'Passerat', 'Val']}
          layout="staplad"
        >
          {f.rapporter.map((r) => (
            <tr key={r.id}>
              <td data-etikett="Rapport">{r.titel}</td>
              <td data-etikett="Beslut">
                <span class="datum">{r.beslut}</span>
              </td>
              <td data-etikett="Passerat">{passerat(r)}</td>
              <td data-etikett="Val">
                <Valj
                  f={falt}
                  name={valFalt(r.id)}
                  label={`Val för ${r.titel}`}
                  alternativ={alternativ(r, props.steg[r.id] ?? [])}
                />
              </td>
            </tr>
          ))}
        </Tabell>
        <h4>E-post i dag</h4>
        {f.mail.length === 0 ? (
          <Stycken texter={['Ingen e-post går ut i dag.']} />
        ) : (
          <ul>
            {f.mail.map((m) => (
              <li key={m.person}>
                {m.namn}: {m.vad.join('; ')}
              </li>
            ))}
          </ul>
        )}
        <p>
          <button type="submit" name="handling" value="forhandsvisa" class="sekundar">
            Visa vad valen ger
          </button>{' '}
          <button type="submit" name="handling" value="starta">
            Starta årshjulet {props.ar} med valen
          </button>
        </p>
        <p class="liten">Valen: {Object.values(VAL_TEXT).join(', ')}.</p>
      </Formular>
    </section>
  );
}
