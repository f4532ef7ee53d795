/**
 * The kommun's digital anslagstavla (KL 8 kap. 9–13 §§), public: every justering announced and not yet taken
 * down, the day it went up, the last day to appeal and the day it comes down, with the document — the protocol (as
 * the register has it) or, for an omedelbart justerad §, its protokollsutdrag — and how to appeal (KL 13 kap.).
 * Read from the register alone.
 */
import express, { type Response } from 'express';
import type { Register } from '../../db/register';
import type { AnslagPaTavlan } from '../../db/sammantraden';
import { isoDateSchema } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import { paragrafSpann } from '../../domain/numrering';
import { langtDatum } from '../../domain/svenskTid';
import { CONTENT_TYPE } from '../../documents';
import { kommunensProtokoll, kommunensUtdrag } from '../../documents/kommunen';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Stycken } from '../komponenter/text';
import { skickaSida } from '../svar';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

export interface AnslagstavlaDeps {
  register: Pick<Register, 'anslagstavlan' | 'hamtaProtokoll'>;
  kommuner: Map<string, KommunConfig>;
}

const VAD: Record<'PROTOKOLL' | 'OMEDELBAR' | 'KALLELSE', string> = {
  PROTOKOLL: 'Justerat protokoll',
  OMEDELBAR: 'Omedelbart justerad paragraf',
  KALLELSE: 'Kallelse till sammanträde',
};

const saknasSida = (res: Response, titel: string, text: string) =>
  skickaMeddelande(res, 404, { titel, texter: [text] });

function Anslagstavlan({ config, anslag }: { config: KommunConfig; anslag: readonly AnslagPaTavlan[] }) {
  const kolumner = [
    'Organ',
    'Sammanträde',
    'Vad',
    'Uppsatt',
    'Sista dag att överklaga',
    'Tas ned',
    'Dokument',
  ];
  return (
    <Sida titel={`${config.kommun.namn}s anslagstavla`}>
      {anslag.length === 0 ? (
        <Stycken texter={['Inget är uppsatt just nu.']} />
      ) : (
        <Tabell caption="Uppsatta anslag" kolumner={kolumner} layout="rullbar">
          {anslag.map((a) => (
            <tr key={`${a.organ}/${a.datum}/${a.typ}/${a.paragrafer.join('-')}`}>
              <td>{a.organNamn ?? config.organ.find((o) => o.kortnamn === a.organ)?.namn ?? a.organ}</td>
              <td class="datum">{a.datum}</td>
              <td>
                {VAD[a.typ]}
                {a.paragrafer.length > 0 && ` ${paragrafSpann(a.paragrafer)}`}
              </td>
              <td class="datum">{a.uppsatt}</td>
              <td>{a.overklagandeSenast ? langtDatum(a.overklagandeSenast) : '–'}</td>
              <td class="datum">{a.nedtasTidigast ?? '–'}</td>
              <td>
                {a.typ !== 'KALLELSE' && (
                  <a
                    href={`/anslagstavla/${config.kommun.id}/${a.organ}/${a.datum}/${a.typ === 'OMEDELBAR' ? `utdrag-${a.paragrafer.join('-')}` : 'protokoll'}.pdf`}
                  >
                    {a.typ === 'OMEDELBAR' ? 'Protokollsutdrag' : 'Protokoll'} (PDF)
                  </a>
                )}
              </td>
            </tr>
          ))}
        </Tabell>
      )}
      <h2>Så överklagar du</h2>
      <Stycken
        texter={[
          'Den som är medlem i kommunen kan överklaga ett beslut genom laglighetsprövning hos förvaltningsrätten (13 kap. kommunallagen). Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då det tillkännagavs på anslagstavlan att protokollet justerats, det vill säga senast den dag som står i tabellen.',
          `Protokollen förvaras hos ${config.protokoll.forvaringsplats}.`,
        ]}
      />
    </Sida>
  );
}

export function anslagstavlaRouter(deps: AnslagstavlaDeps): express.Router {
  const router = express.Router();

  router.get('/anslagstavla/:kommun', async (req, res) => {
    const config = deps.kommuner.get(req.params.kommun);
    if (!config) return saknasSida(res, 'Anslagstavlan finns inte', 'Okänd kommun.');
    const anslag = await deps.register.anslagstavlan(config.kommun.id);
    skickaSida(res, 200, <Anslagstavlan config={config} anslag={anslag} />);
  });

  router.get('/anslagstavla/:kommun/:organ/:datum/:dokument', async (req, res) => {
    const config = deps.kommuner.get(req.params.kommun);
    const datum = isoDateSchema.safeParse(req.params.datum);
    const dokument = /^(protokoll|utdrag-(\d+(?:-\d+)*))\.pdf$/.exec(req.params.dokument);
    const saknas = () => saknasSida(res, 'Dokumentet finns inte', 'Det finns inget sådant anslag.');
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
    // The kommun's sealed PDF: what the anslag announces, verifiable by anyone who downloads it.
    const { bytes: pdf } = paragrafer
      ? await kommunensUtdrag(config, protokoll, paragrafer, 'pdf')
      : await kommunensProtokoll(config, protokoll, 'pdf');
    res
      .type(CONTENT_TYPE.pdf)
      .set('Content-Disposition', `inline; filename="${req.params.organ}-${datum.data}-${dokument[1]}.pdf"`)
      .send(pdf);
  });
  return router;
}
