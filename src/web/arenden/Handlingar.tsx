/**
 * An ärende's documents on a page: the ones the person acts on (the current versions for the one who writes or
 * approves, the approved ones for those who decide), the chosen one shown inline as PDF, the handläggare's
 * comments, every version with its SHA-256, and — for those who may — the prefilled tjänsteskrivelse and the
 * upload form.
 */
import type { DokumentRad } from '../../db/dokument';
import { DOKUMENT_ROLLER, ROLL_TEXT } from '../../domain/arendedokument';
import type { Fel } from '../../domain/validering';
import type { Falt } from '../formular/falt';
import { Dolt, Filfalt, Formular, Textyta, Valj } from '../komponenter/formular';
import { Tabell } from '../komponenter/Tabell';
import type { Handlingarna } from './handlingar';

/** The upload form's fields, named apart from the task page's own (one page, one id per control). */
export const UPPLADDNINGSETIKETTER = {
  'uppladdning.fil': 'Fil',
  'uppladdning.roll': 'Vilken handling',
  'uppladdning.kommentar': 'Kommentar till versionen',
};

const dokumentLank = (id: string) => `/api/dokument/${id}`;
export const tjansteskrivelseLank = (rapportId: string) =>
  `/api/rapporter/${encodeURIComponent(rapportId)}/tjansteskrivelse`;
export const arendeSida = (rapportId: string) => `/rapporter/${encodeURIComponent(rapportId)}`;

export const tid = (d: Date) =>
  d.toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' });
const kb = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} kB`;

/** The short form of a hash the page shows; the whole is in the table's title and the ärende's page. */
export const kortHash = (sha256: string) => `${sha256.slice(0, 12)}…`;

export interface HandlingarProps {
  h: Handlingarna;
  namn: (person: string) => string;
  /** Which the person acts on: the current versions (write, approve) or the approved ones (decide). */
  visa: 'aktuella' | 'godkanda';
  /** The version shown inline (default: the report, else the tjänsteskrivelse). */
  vald?: string | undefined;
  /** The page's own address, for the "show here" links. */
  sida: string;
  /** The upload form: where it posts, and its refusal when it came back. */
  uppladdning?:
    { action: string; csrf: string; uppgift?: string; fel?: readonly Fel[]; falt?: Falt } | undefined;
}

export function Handlingar(p: HandlingarProps) {
  const dokument = p.visa === 'aktuella' ? p.h.aktuella : p.h.godkanda;
  const visad =
    dokument.find((d) => d.id === p.vald) ??
    dokument.find((d) => d.roll === 'RAPPORT') ??
    dokument.find((d) => d.roll === 'TJANSTESKRIVELSE') ??
    dokument[0];
  return (
    <section aria-labelledby="handlingar-rubrik">
      <h2 id="handlingar-rubrik">Handlingar</h2>
      {dokument.length === 0 ? (
        <p>
          {p.visa === 'aktuella'
            ? 'Inga handlingar är uppladdade ännu.'
            : 'Inga handlingar är godkända ännu: ärendet gick vidare utan uppladdade dokument.'}
        </p>
      ) : (
        <>
          <p>
            {p.visa === 'aktuella'
              ? 'Det här är de aktuella versionerna: det är dem chefen godkänner, och godkännandet binds till deras SHA-256.'
              : 'Det här är versionerna som chefen godkände och som följer ärendet till sammanträdet.'}
          </p>
          <Dokumenttabell dokument={dokument} sida={p.sida} caption="Handlingarna" namn={p.namn} />
          {visad && <Visning dokument={visad} />}
        </>
      )}
      {p.h.kommentarer.length > 0 && (
        <>
          <h3>Handläggarens kommentarer</h3>
          <ul>
            {p.h.kommentarer.map((k, i) => (
              <li key={i}>
                <blockquote class="kommentar">{k.text}</blockquote>
                <span class="hint">
                  {p.namn(k.av)}, {tid(k.tid)} ({k.om})
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {p.uppladdning && p.h.farLaddaUpp && <Uppladdning {...p} uppladdning={p.uppladdning} />}
      <p>
        <a href={arendeSida(p.h.arendet.rapport.id)}>
          Ärendets sida: alla versioner och vem som har gjort vad
        </a>
      </p>
    </section>
  );
}

export function Dokumenttabell(props: {
  dokument: readonly DokumentRad[];
  namn: (person: string) => string;
  sida?: string;
  caption: string;
  godkanda?: ReadonlySet<string>;
}) {
  return (
    <Tabell
      caption={props.caption}
      kolumner={['Handling', 'Fil', 'Version', 'Uppladdad', 'SHA-256', 'Visa']}
      layout="staplad"
    >
      {props.dokument.map((d) => (
        <tr key={d.id}>
          <td data-etikett="Handling">
            {ROLL_TEXT[d.roll]}
            {props.godkanda?.has(d.id) && (
              <>
                {' '}
                <span class="status status-klar">godkänd</span>
              </>
            )}
          </td>
          <td data-etikett="Fil">
            <a href={dokumentLank(d.id)}>{d.namn}</a> <span class="hint">({kb(d.storlek)})</span>
          </td>
          <td data-etikett="Version">{d.nr}</td>
          <td data-etikett="Uppladdad">
            {props.namn(d.uppladdadAv)}, {tid(d.uppladdad)}
          </td>
          <td data-etikett="SHA-256">
            <code title={d.sha256}>{kortHash(d.sha256)}</code>
          </td>
          <td data-etikett="Visa">
            {props.sida ? (
              <a href={`${props.sida}?visa=${d.id}#visning`}>
                Visa här<span class="visually-hidden"> {d.namn}</span>
              </a>
            ) : (
              <a href={`${dokumentLank(d.id)}/pdf`}>
                Som PDF<span class="visually-hidden"> {d.namn}</span>
              </a>
            )}
          </td>
        </tr>
      ))}
    </Tabell>
  );
}

/** The version as PDF in a frame (a DOCX converted by LibreOffice), with the file itself beside it. */
function Visning({ dokument }: { dokument: DokumentRad }) {
  const pdf = `${dokumentLank(dokument.id)}/pdf`;
  return (
    <figure class="visning" id="visning">
      <iframe src={pdf} title={`${ROLL_TEXT[dokument.roll]}: ${dokument.namn}, version ${dokument.nr}`} />
      <figcaption>
        {ROLL_TEXT[dokument.roll]}: {dokument.namn}, version {dokument.nr} (SHA-256{' '}
        <code>{kortHash(dokument.sha256)}</code>). <a href={pdf}>Öppna som PDF</a> ·{' '}
        <a href={dokumentLank(dokument.id)}>Hämta filen</a>
      </figcaption>
    </figure>
  );
}

function Uppladdning(p: HandlingarProps & { uppladdning: NonNullable<HandlingarProps['uppladdning']> }) {
  const u = p.uppladdning;
  const max = p.h.arendet.config.dokument.maxStorlekMb;
  return (
    <>
      <h3>Ladda upp en ny version</h3>
      <p>
        <a href={tjansteskrivelseLank(p.h.arendet.rapport.id)}>Hämta tjänsteskrivelsen</a>, ifylld ur ärendet
        (Word): skriv i den och ladda upp den här. Varje uppladdning blir en ny version; inget skrivs över.
        {p.h.godkannanden.length > 0 &&
          ' Rapporten är godkänd: en ny version skickas till chefen för nytt godkännande.'}
      </p>
      <Formular
        action={u.action}
        csrf={u.csrf}
        fel={u.fel}
        etiketter={UPPLADDNINGSETIKETTER}
        enctype="multipart/form-data"
      >
        {u.uppgift && <Dolt name="uppgift" value={u.uppgift} />}
        <Valj
          f={u.falt ?? {}}
          name="uppladdning.roll"
          label={UPPLADDNINGSETIKETTER['uppladdning.roll']}
          alternativ={DOKUMENT_ROLLER.map((r) => [r, ROLL_TEXT[r]] as const)}
          required
        />
        <Filfalt
          name="uppladdning.fil"
          label={UPPLADDNINGSETIKETTER['uppladdning.fil']}
          hint={`PDF, Word (DOCX), Excel (XLSX) eller OpenDocument (ODT), högst ${max} MB`}
          accept=".pdf,.docx,.xlsx,.odt"
          required
        />
        <Textyta
          f={u.falt ?? {}}
          name="uppladdning.kommentar"
          label={UPPLADDNINGSETIKETTER['uppladdning.kommentar']}
          hint="Till den som godkänner (frivillig)"
          rows={2}
        />
        <p>
          <button type="submit">Ladda upp</button>
        </p>
      </Formular>
    </>
  );
}
