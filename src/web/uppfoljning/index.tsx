/**
 * A report's follow-up rolled up (issue 17), for the kanslichef and KS: the counts the source documents write by
 * hand ("12 uppnås och 6 delvis", "10 Genomförd, 19 Pågår och 3 Kvarstår"), per nämnd and in total, the economy
 * summed with its avvikelse, and which nämnder have not yet reported — while the reports are being written and
 * once they are approved. The bilaga (PDF/DOCX) and the uppdrag register are a link away.
 */
import express, { type Request, type Response } from 'express';
import type { WebbDeps } from '../../api/webbDeps';
import { behorighet } from '../../domain/behorighet';
import {
  belopp,
  raknatSom,
  sammanfattning,
  type Sammanstallning,
} from '../../domain/uppfoljning/sammanstallning';
import { lasRapportensUppfoljning, rapportenAv, sammanrakna } from '../../uppfoljning/rapportens';
import type { Vakt } from '../inloggning/vakt';
import { sessionAv } from '../inloggning/vakt';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { skickaSida } from '../svar';

export function uppfoljningRouter(deps: WebbDeps, vakt: Vakt): express.Router {
  const router = express.Router();
  router.get('/rapporter/:id/uppfoljning', vakt.inloggad, (req, res) => visaSammanstallning(deps, req, res));
  return router;
}

function Rad(props: { namn: string; s: Sammanstallning; rapporterat?: boolean }) {
  const { s } = props;
  if (props.rapporterat === false) {
    return (
      <tr>
        <th scope="row">{props.namn}</th>
        <td data-etikett="Mål" colspan={4}>
          Har inte rapporterat
        </td>
      </tr>
    );
  }
  return (
    <tr>
      <th scope="row">{props.namn}</th>
      <td data-etikett="Mål">{s.mal.totalt > 0 ? raknatSom(s.mal.per, s.mal.utan) : '–'}</td>
      <td data-etikett="Uppdrag">{s.uppdrag.totalt > 0 ? raknatSom(s.uppdrag.per, s.uppdrag.utan) : '–'}</td>
      <td data-etikett="Helårsprognos" class="tal">
        {s.ekonomi.rader > 0 ? belopp(s.ekonomi.prognos) : '–'}
      </td>
      <td data-etikett="Avvikelse" class="tal">
        {s.ekonomi.rader > 0 ? belopp(s.ekonomi.avvikelse) : '–'}
      </td>
    </tr>
  );
}

async function visaSammanstallning(deps: WebbDeps, req: Request, res: Response) {
  const s = sessionAv(res);
  const id = String(req.params.id);
  const rad = await deps.register.hamtaRapport(id);
  const config = rad && deps.kommuner.get(rad.kommun);
  if (!rad || !config || rad.kommun !== s.kommun || behorighet(config, s.person, 'kommun.lasa').length > 0) {
    return skickaSida(
      res,
      404,
      <Sida titel="Ingen sådan rapport" inloggad={s}>
        <h1>Ingen sådan rapport</h1>
        <p>Det finns ingen rapport med id {id} i din kommun.</p>
      </Sida>,
    );
  }
  const rapport = rapportenAv(rad);
  const egen = await lasRapportensUppfoljning(deps.register, config, rapport);
  const r = await sammanrakna(deps.register, config, rapport, egen);
  const enhet = config.uppfoljning.ekonomi.enhet;
  const egetNamn = config.organ.find((o) => o.kortnamn === rapport.organ)?.namn ?? rapport.organ;
  skickaSida(
    res,
    200,
    <Sida titel={`Uppföljning – ${rapport.titel}`} inloggad={s}>
      <p>
        <a href={`/rapporter/${encodeURIComponent(id)}`}>Ärendet</a>
      </p>
      <p>Perioden till och med {rapport.period}.</p>
      <h2>Totalt</h2>
      {sammanfattning(r.totalt, enhet).map((t) => (
        <p key={t}>{t}</p>
      ))}
      {r.totalt.mal.totalt + r.totalt.uppdrag.totalt + r.totalt.ekonomi.rader === 0 && (
        <p>Ingen uppföljning är ifylld ännu.</p>
      )}
      {r.ejRapporterat.length > 0 && (
        <p class="varning">Har inte rapporterat: {r.ejRapporterat.join(', ')}.</p>
      )}
      <Tabell
        caption="Per nämnd"
        visaCaption
        kolumner={['Nämnd', 'Mål', 'Uppdrag', `Helårsprognos (${enhet})`, `Avvikelse (${enhet})`]}
        layout="staplad"
      >
        <Rad namn={egetNamn} s={r.egen} />
        {r.namnder.map((n) => (
          <Rad key={n.organ} namn={n.namn} s={n.sammanstallning} rapporterat={n.rapporterat} />
        ))}
      </Tabell>
      {egen.brister.length > 0 && (
        <p>
          {egetNamn}s uppföljning saknar {egen.brister.length} uppgifter innan chefen kan godkänna.
        </p>
      )}
      <p>
        <a href={`/api/rapporter/${encodeURIComponent(id)}/uppfoljning?format=pdf`}>Bilagan som PDF</a> ·{' '}
        <a href={`/api/rapporter/${encodeURIComponent(id)}/uppfoljning?format=docx`}>som DOCX</a>
      </p>
    </Sida>,
  );
}
