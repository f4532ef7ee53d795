/**
 * Every open task of the kommun on Årshjulet: the filters (organ, role, person, kind) and the table — the late
 * ones first, with due date, owner and the owner's role; per task one click to remind, reassign or move the due
 * date. The forms post to the task's own commands (src/web/uppgifter/) and come back here (`tillbaka`).
 */
import type { Oversiktsrad } from '../../db/register';
import { personNamn, ROLLER, uppgiftspersoner, type KommunConfig } from '../../domain/kommun';
import { UPPGIFT_TYPER } from '../../domain/uppgift';
import { Csrf, Dolt, Valj } from '../komponenter/formular';
import { Tabell } from '../komponenter/Tabell';
import { ROLL_NAMN, rollerFor, UPPGIFT_NAMN } from '../ord';
import type { ArshjulQuery } from './urval';

export function Filter({ config, f, ar }: { config: KommunConfig; f: ArshjulQuery; ar: number }) {
  const falt = { organ: f.organ ?? '', roll: f.roll ?? '', person: f.person ?? '', typ: f.typ ?? '' };
  const alla = (options: [string, string][]) => [['', 'Alla'] as const, ...options];
  return (
    <form method="get" action="/arshjul" class="filter">
      <Dolt name="ar" value={String(ar)} />
      <Valj
        f={falt}
        name="organ"
        label="Organ"
        alternativ={alla(config.organ.map((o) => [o.kortnamn, `${o.namn} (${o.kortnamn})`]))}
      />
      <Valj
        f={falt}
        name="roll"
        label="Roll"
        alternativ={alla(ROLLER.filter((r) => r !== 'mottagare').map((r) => [r, ROLL_NAMN[r]]))}
      />
      <Valj
        f={falt}
        name="person"
        label="Person"
        alternativ={alla(config.personer.map((p) => [p.id, p.namn]))}
      />
      <Valj
        f={falt}
        name="typ"
        label="Slag av uppgift"
        alternativ={alla(UPPGIFT_TYPER.map((t) => [t, UPPGIFT_NAMN[t]]))}
      />
      <div>
        <button type="submit">Visa</button>
      </div>
    </form>
  );
}

export function Uppgiftstabell(props: {
  config: KommunConfig;
  uppgifter: readonly Oversiktsrad[];
  csrf: string;
  /** This page with its filters, to come back to after an action. */
  tillbaka: string;
  /** Whether to offer remind, reassign and move (the kanslichef's). */
  atgarder: boolean;
}) {
  const namn = (id: string) => personNamn(props.config, id);
  const kolumner = ['Uppgift', 'Ansvarig och roll', 'Senast', ...(props.atgarder ? ['Åtgärder'] : [])];
  return (
    <Tabell caption="Öppna uppgifter, de försenade först" kolumner={kolumner} class="uppgiftstabell">
      {props.uppgifter.map((u, i) => (
        <tr key={u.id}>
          <td>
            <a href={`/uppgifter/${encodeURIComponent(u.id)}`}>{u.titel}</a>
            <br />
            <span class="liten">
              {u.organ ?? ''}
              {u.organ && ' · '}
              {UPPGIFT_NAMN[u.typ]}
            </span>
          </td>
          <td>
            {namn(u.tilldelad)}
            <br />
            <span class="liten">
              {rollerFor(props.config, u.tilldelad, u.organ)
                .map((r) => ROLL_NAMN[r])
                .join(', ')}
            </span>
          </td>
          <td class={u.forsenad ? 'datum forsenad' : 'datum'}>
            {u.forfaller}
            {u.forsenad && (
              <>
                <br />
                försenad
              </>
            )}
          </td>
          {props.atgarder && <Atgarder {...props} u={u} i={i} namn={namn} />}
        </tr>
      ))}
    </Tabell>
  );
}

function Atgarder(props: {
  config: KommunConfig;
  csrf: string;
  tillbaka: string;
  u: Oversiktsrad;
  i: number;
  namn: (id: string) => string;
}) {
  const { u, i } = props;
  const action = (kommando: string) => `/uppgifter/${encodeURIComponent(u.id)}/${kommando}`;
  const dolda = (
    <>
      <Csrf csrf={props.csrf} />
      <Dolt name="tillbaka" value={props.tillbaka} />
    </>
  );
  // Whom a task can go to: people, not the recipients of protokollsutdrag that are förvaltningar or organs.
  const personer = uppgiftspersoner(props.config.personer).filter((p) => p.id !== u.tilldelad);
  return (
    <td class="atgarder">
      <form method="post" action={action('paminn')}>
        {dolda}
        <button class="sekundar" type="submit">
          Påminn
          <span class="visually-hidden">
            {' '}
            {props.namn(u.tilldelad)} om {u.titel}
          </span>
        </button>
      </form>
      <form method="post" action={action('tilldela')}>
        {dolda}
        <label class="visually-hidden" for={`till-${i}`}>
          Tilldela {u.titel} till
        </label>
        <select id={`till-${i}`} name="till" required>
          <option value="">Välj person</option>
          {personer.map((p) => (
            <option key={p.id} value={p.id}>
              {p.namn}
            </option>
          ))}
        </select>
        <button class="sekundar" type="submit">
          Tilldela<span class="visually-hidden"> {u.titel}</span>
        </button>
      </form>
      <form method="post" action={action('flytta')}>
        {dolda}
        <label class="visually-hidden" for={`forfaller-${i}`}>
          Ny förfallodag för {u.titel}
        </label>
        <input id={`forfaller-${i}`} name="forfaller" type="date" value={u.forfaller} required />
        <button class="sekundar" type="submit">
          Flytta<span class="visually-hidden"> {u.titel}</span>
        </button>
      </form>
    </td>
  );
}
