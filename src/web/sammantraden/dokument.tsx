/**
 * The protocol as the register has it, or the protokollsutdrag of one §, in PDF, DOCX or HTML. Before the
 * justering only the sekreterare, the kanslichef, the ordförande and the justerare may read it; an utdrag of a §
 * not justerad is refused with the rule's reason.
 */
import type { Request, Response } from 'express';
import type { ComponentChildren } from 'preact';
import { skickaDokument } from '../../api/dokumentSvar';
import { dokumentformatSchema } from '../../documents';
import { kommunensFil } from '../../documents/kommunen';
import { dokumentstil } from '../../documents/stil';
import { behorighet } from '../../domain/behorighet';
import { DokumentVagras, protokollDokument, protokollsutdragDokument } from '../../domain/dokument';
import { arJusterat, utdragFel } from '../../domain/protokoll';
import type { Fel } from '../../domain/validering';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import { Stycken, Varning } from '../komponenter/text';
import { skickaSida } from '../svar';
import { lasMotet, type Motet, type SammantradeSidorDeps } from './motet';

function vagras(res: Response, m: Motet, status: number, titel: string, innehall: ComponentChildren) {
  skickaSida(
    res,
    status,
    <Sida titel={titel} inloggad={m.s}>
      {innehall}
      <p>
        <a href={m.bas}>Tillbaka till sammanträdet</a>
      </p>
    </Sida>,
  );
}

export async function dokument(
  deps: SammantradeSidorDeps,
  req: Request,
  res: Response,
  format: string,
  paragraf?: number,
) {
  const m = lasMotet(deps, req, res, null);
  if (!m) return;
  const fmt = dokumentformatSchema.safeParse(format);
  const protokoll = fmt.success
    ? await deps.register.hamtaProtokoll({ kommun: m.config.kommun.id, organ: m.organ, datum: m.datum })
    : undefined;
  if (!fmt.success || !protokoll) {
    const text = fmt.success
      ? 'Protokollet finns inte ännu: det sparas när sammanträdets fakta och en paragraf är protokollförda.'
      : 'Formatet finns inte: välj pdf, docx eller html.';
    return vagras(res, m, 404, 'Dokumentet finns inte', <Stycken texter={[text]} />);
  }
  const nekad = behorighet(m.config, m.s.person, 'dokument.protokoll', {
    organ: m.organ,
    justerad: protokoll.justering.justerad !== undefined,
  });
  if (nekad.length > 0) {
    const text =
      'Före justeringen kan bara sekreteraren, kanslichefen, ordföranden och justerarna läsa protokollet.';
    return vagras(
      res,
      m,
      403,
      'Protokollet är inte justerat',
      <>
        <Stycken texter={[text]} />
        {nekad.map((f, i) => (
          <Varning key={i}>{f.message}</Varning>
        ))}
      </>,
    );
  }
  const fel: Fel[] = paragraf === undefined ? [] : utdragFel(protokoll, [paragraf]);
  try {
    if (fel.length > 0) throw new DokumentVagras(fel);
    const stil = dokumentstil(m.config);
    const d =
      paragraf === undefined
        ? protokollDokument(protokoll, stil)
        : protokollsutdragDokument(protokoll, [paragraf], stil);
    // Justerat, it is the kommun's sealed document (an utdrag is only ever of §§ justerade). The protocol may be
    // shown in a frame of this site: the justerare reads it on the task page.
    const final = paragraf === undefined ? arJusterat(protokoll) : true;
    skickaDokument(res, { ...(await kommunensFil(m.config, d, fmt.data, final)), inramning: true });
  } catch (error) {
    if (!(error instanceof DokumentVagras)) throw error;
    const titel = paragraf === undefined ? 'Protokollet kan inte göras' : 'Protokollsutdraget kan inte göras';
    vagras(res, m, 409, titel, <Felsammanfattning fel={error.fel} rubrik={titel} />);
  }
}
