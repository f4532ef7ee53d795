/**
 * The ärende's page: what it is (rubrik, diarienummer, organ), its documents — the current versions with the
 * chosen one inline, every version with its SHA-256 — the approvals and which versions each bound, and the
 * audit trail of its documents: who uploaded, viewed, approved and diariefört which hash.
 */
import type { AuditRad } from '../../db/audit';
import type { Fel } from '../../domain/validering';
import type { Falt } from '../formular/falt';
import type { Inloggad } from '../komponenter/Sida';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Klart } from '../komponenter/text';
import type { Handlingarna } from './handlingar';
import { arendeSida, Dokumenttabell, Handlingar, kortHash, tid } from './Handlingar';

const HANDLING_TEXT: Record<string, string> = {
  DOKUMENT_UPPLADDAT: 'Laddade upp',
  DOKUMENT_VISAT: 'Läste',
  DOKUMENT_GODKANT: 'Godkände',
  DOKUMENT_DIARIEFORT: 'Diarieförde',
};

export interface ArendesidaProps {
  h: Handlingarna;
  handelser: readonly AuditRad[];
  inloggad: Inloggad;
  namn: (person: string) => string;
  vald?: string | undefined;
  uppladdat?: boolean;
  fel?: readonly Fel[];
  falt?: Falt;
}

export function Arendesida(p: ArendesidaProps) {
  const { rapport } = p.h.arendet;
  const godkanda = new Set(p.h.godkanda.map((d) => d.id));
  const namnPa = new Map(p.h.alla.map((d) => [d.id, `${d.namn} (version ${d.nr})`]));
  return (
    <Sida titel={rapport.titel} inloggad={p.inloggad}>
      {p.uppladdat && <Klart>Klart. Den nya versionen är sparad.</Klart>}
      <table>
        <tbody>
          <tr>
            <th scope="row">Diarienummer</th>
            <td>{rapport.diarienummer ?? 'inte diariefört ännu (diarieförs när chefen har godkänt)'}</td>
          </tr>
          <tr>
            <th scope="row">Organ</th>
            <td>
              {p.h.arendet.config.organ.find((o) => o.kortnamn === rapport.organ)?.namn ?? rapport.organ}
            </td>
          </tr>
          <tr>
            <th scope="row">Läge</th>
            <td>
              {p.h.arendet.beslutat ? 'beslutat' : p.h.godkannanden.length > 0 ? 'godkänt' : 'under arbete'}
            </td>
          </tr>
        </tbody>
      </table>
      <p>
        <a href={`/rapporter/${encodeURIComponent(rapport.id)}/uppfoljning`}>Uppföljningen sammanställd</a>
      </p>
      <Handlingar
        h={p.h}
        namn={p.namn}
        visa="aktuella"
        vald={p.vald}
        sida={arendeSida(rapport.id)}
        uppladdning={{
          action: `${arendeSida(rapport.id)}/dokument`,
          csrf: p.inloggad.csrf,
          ...(p.fel ? { fel: p.fel } : {}),
          ...(p.falt ? { falt: p.falt } : {}),
        }}
      />
      <h2>Godkännanden</h2>
      {p.h.godkannanden.length === 0 ? (
        <p>Inte godkänt ännu.</p>
      ) : (
        <ul>
          {p.h.godkannanden.map((g) => (
            <li key={g.uppgiftId}>
              {p.namn(g.godkandAv)} godkände {tid(g.godkand)}:{' '}
              {g.dokument.map((d, i) => (
                <span key={d.id}>
                  {i > 0 && ', '}
                  {namnPa.get(d.id) ?? d.id} <code title={d.sha256}>{kortHash(d.sha256)}</code>
                </span>
              ))}
            </li>
          ))}
        </ul>
      )}
      <h2>Alla versioner</h2>
      {p.h.alla.length === 0 ? (
        <p>Inga versioner.</p>
      ) : (
        <Dokumenttabell
          dokument={p.h.alla}
          namn={p.namn}
          sida={arendeSida(rapport.id)}
          caption="Alla versioner, den äldsta först"
          godkanda={godkanda}
        />
      )}
      <h2>Händelser</h2>
      {p.handelser.length === 0 ? (
        <p>Inga händelser ännu.</p>
      ) : (
        <Tabell
          caption="Vem som har gjort vad med handlingarna"
          kolumner={['Tid', 'Vem', 'Vad', 'Handling']}
          layout="staplad"
        >
          {p.handelser.map((a) => {
            const d = a.detaljer as
              { dokument?: unknown; sha256?: string; diarienummer?: string } | undefined;
            const bundna = Array.isArray(d?.dokument)
              ? (d.dokument as { id: string; sha256: string }[])
              : undefined;
            return (
              <tr key={a.id}>
                <td data-etikett="Tid">{tid(a.tid)}</td>
                <td data-etikett="Vem">{a.aktor ? p.namn(a.aktor) : 'Årshjul'}</td>
                <td data-etikett="Vad">
                  {HANDLING_TEXT[a.handling] ?? a.handling}
                  {d?.diarienummer && ` (${d.diarienummer})`}
                </td>
                <td data-etikett="Handling">
                  {bundna
                    ? bundna.map((b) => `${namnPa.get(b.id) ?? b.id} ${kortHash(b.sha256)}`).join(', ')
                    : typeof d?.dokument === 'string'
                      ? `${namnPa.get(d.dokument) ?? d.dokument} ${d.sha256 ? kortHash(d.sha256) : ''}`
                      : ''}
                </td>
              </tr>
            );
          })}
        </Tabell>
      )}
    </Sida>
  );
}
