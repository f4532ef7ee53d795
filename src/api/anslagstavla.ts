/**
 * The kommun's digital anslagstavla (KL 8 kap. 9–13 §§), public: every justering announced and not yet taken
 * down, the day it went up, the last day to appeal and the day it comes down, with the document — the protocol (as
 * the register has it) or, for an omedelbart justerad §, its protokollsutdrag — and how to appeal (KL 13 kap.).
 * Read from the register alone.
 */
import express from 'express';
import type { Register } from '../db/register';
import { isoDateSchema } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import { paragrafSpann } from '../domain/numrering';
import { langtDatum } from '../domain/svenskTid';
import { CONTENT_TYPE, renderProtokoll, renderProtokollsutdrag } from '../documents';
import { e, sida, stycken } from './sida';

export interface AnslagstavlaDeps {
  register: Pick<Register, 'anslagstavlan' | 'hamtaProtokoll'>;
  kommuner: Map<string, KommunConfig>;
}

const VAD: Record<'PROTOKOLL' | 'OMEDELBAR' | 'KALLELSE', string> = {
  PROTOKOLL: 'Justerat protokoll',
  OMEDELBAR: 'Omedelbart justerad paragraf',
  KALLELSE: 'Kallelse till sammanträde',
};

export function anslagstavlaRouter(deps: AnslagstavlaDeps): express.Router {
  const router = express.Router();

  router.get('/anslagstavla/:kommun', async (req, res) => {
    const config = deps.kommuner.get(req.params.kommun);
    if (!config) return sida(res, 404, 'Anslagstavlan finns inte', stycken(['Okänd kommun.']));
    const anslag = await deps.register.anslagstavlan(config.kommun.id);
    const rader = anslag
      .map((a) => {
        const organ = a.organNamn ?? config.organ.find((o) => o.kortnamn === a.organ)?.namn ?? a.organ;
        const dokument =
          a.typ === 'KALLELSE'
            ? ''
            : `<a href="/anslagstavla/${e(config.kommun.id)}/${e(a.organ)}/${e(a.datum)}/${a.typ === 'OMEDELBAR' ? `utdrag-${a.paragrafer.join('-')}` : 'protokoll'}.pdf">${a.typ === 'OMEDELBAR' ? 'Protokollsutdrag' : 'Protokoll'} (PDF)</a>`;
        return `<tr><td>${e(organ)}</td><td class="datum">${e(a.datum)}</td><td>${e(VAD[a.typ])}${a.paragrafer.length ? ` ${e(paragrafSpann(a.paragrafer))}` : ''}</td><td class="datum">${e(a.uppsatt)}</td><td>${a.overklagandeSenast ? e(langtDatum(a.overklagandeSenast)) : '–'}</td><td class="datum">${a.nedtasTidigast ? e(a.nedtasTidigast) : '–'}</td><td>${dokument}</td></tr>`;
      })
      .join('\n');
    sida(
      res,
      200,
      `${config.kommun.namn}s anslagstavla`,
      `${
        anslag.length === 0
          ? stycken(['Inget är uppsatt just nu.'])
          : `<table><thead><tr><th scope="col">Organ</th><th scope="col">Sammanträde</th><th scope="col">Vad</th><th scope="col">Uppsatt</th><th scope="col">Sista dag att överklaga</th><th scope="col">Tas ned</th><th scope="col">Dokument</th></tr></thead><tbody>${rader}</tbody></table>`
      }
<h2>Så överklagar du</h2>
${stycken([
  'Den som är medlem i kommunen kan överklaga ett beslut genom laglighetsprövning hos förvaltningsrätten (13 kap. kommunallagen). Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på anslagstavlan att protokollet justerats, det vill säga senast den dag som står i tabellen.',
  `Protokollen förvaras hos ${config.protokoll.forvaringsplats}.`,
])}`,
    );
  });

  router.get('/anslagstavla/:kommun/:organ/:datum/:dokument', async (req, res) => {
    const config = deps.kommuner.get(req.params.kommun);
    const datum = isoDateSchema.safeParse(req.params.datum);
    const dokument = /^(protokoll|utdrag-(\d+(?:-\d+)*))\.pdf$/.exec(req.params.dokument);
    const saknas = () => sida(res, 404, 'Dokumentet finns inte', stycken(['Det finns inget sådant anslag.']));
    if (!config || !datum.success || !dokument) return saknas();
    // Only what is posted: a protocol (or §) not on the anslagstavla is not published here.
    const uppe = (await deps.register.anslagstavlan(config.kommun.id)).filter(
      (a) => a.organ === req.params.organ && a.datum === datum.data,
    );
    const paragrafer = dokument[2]?.split('-').map(Number);
    const anslag = paragrafer
      ? uppe.find((a) => a.typ === 'OMEDELBAR' && a.paragrafer.join('-') === dokument[2])
      : uppe.find((a) => a.typ === 'PROTOKOLL');
    if (!anslag) return saknas();
    const protokoll = await deps.register.hamtaProtokoll({
      kommun: config.kommun.id,
      organ: req.params.organ,
      datum: datum.data,
    });
    if (!protokoll) return saknas();
    const pdf = paragrafer
      ? await renderProtokollsutdrag(protokoll, paragrafer, 'pdf')
      : await renderProtokoll(protokoll, 'pdf');
    res
      .type(CONTENT_TYPE.pdf)
      .set('Content-Disposition', `inline; filename="${req.params.organ}-${datum.data}-${dokument[1]}.pdf"`)
      .send(pdf);
  });
  return router;
}
