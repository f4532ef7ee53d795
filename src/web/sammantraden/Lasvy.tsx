/**
 * The meeting page as its ordförande and justerare read it (and, once the protocol is justerat, anyone in the
 * kommun): the föredragningslista with each ärende's approved documents, where the protocol stands, its anslag and
 * expediering, and the protocol to read — nothing to change; the sekreterare keeps it (./Motessida.tsx).
 */
import type { Request, Response } from 'express';
import { behorighet } from '../../domain/behorighet';
import { protokollAv } from '../../domain/sammantrade';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { skickaSida } from '../svar';
import { SIDORNA } from './atkomst';
import { Bilagor, FAS_NAMN, visaMotet } from './Motessida';
import { lasMotet, lasStatus, type SammantradeSidorDeps } from './motet';
import { Anslag, Avsnitt, Dokument, Expediering } from './Protokollet';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

/** The meeting's page: the sekreterare's, or the reader's, or a refusal naming the rule. */
export async function visaMotetFor(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, null);
  if (!m) return;
  if (behorighet(m.config, m.s.person, SIDORNA, { organ: m.organ }).length === 0) {
    return visaMotet(deps, req, res, m);
  }
  const st = await lasStatus(m, res);
  if (!st) return;
  const { state } = st;
  const nekad = behorighet(m.config, m.s.person, 'dokument.protokoll', {
    organ: m.organ,
    justerad: state.justerad !== undefined,
  });
  if (nekad.length > 0) {
    return skickaMeddelande(res, 403, {
      titel: 'Inte ditt sammanträde',
      texter: [
        `Före justeringen kan bara sekreteraren, ordföranden, justerarna och kanslichefen läsa sammanträdets sida för ${m.organ}.`,
      ],
      inloggad: m.s,
    });
  }
  const props = { status: st, bas: m.bas, csrf: m.s.csrf, rapporter: [] };
  const protokoll = protokollAv(state);
  skickaSida(
    res,
    200,
    <Sida titel={`${state.fakta.organNamn} ${m.datum}`} inloggad={m.s}>
      <p class="fas">
        Status: <strong>{FAS_NAMN[state.fas]}</strong> · Sekreteraren för protokollet; här kan du läsa det som
        det står nu.
      </p>
      <Avsnitt id="foredragningslista" rubrik="Föredragningslista">
        {state.arenden.length === 0 ? (
          <p>Inga ärenden på listan ännu.</p>
        ) : (
          <Tabell
            caption="Föredragningslistans ärenden"
            kolumner={['Punkt', 'Ärende', 'Diarienummer']}
            layout="staplad"
          >
            {state.arenden.map((a) => (
              <tr key={a.punkt}>
                <td data-etikett="Punkt">{a.punkt}</td>
                <td data-etikett="Ärende">
                  {a.rubrik}
                  <Bilagor bilagor={a.bilagor} />
                </td>
                <td data-etikett="Diarienummer" class="diarienummer">
                  {a.diarienummer ?? '–'}
                </td>
              </tr>
            ))}
          </Tabell>
        )}
      </Avsnitt>
      <Dokument {...props} protokoll={protokoll} />
      <Anslag {...props} />
      <Expediering {...props} />
    </Sida>,
  );
}
