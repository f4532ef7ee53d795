/**
 * The meeting page as the sekreterare works through it, top to bottom: the föredragningslista (and what can be
 * added to it), then the protocol's sections (./Protokollet.tsx): the meeting's facts, the §§, the justering, the
 * anslag, the expediering, the documents. Rendered from the workflow's query alone; every command is a form on
 * this page or on the form pages it links to. The routes of the page and its two commands (add an ärende, send
 * the protocol for justering) are here too.
 */
import { formularUppdatering } from '../../api/uppdatering';
import type { Request, Response } from 'express';
import { rapporterTillMotet } from '../../arkiv/bilagor';
import { bilagaText, type Bilaga } from '../../domain/arendedokument';
import { isFullParagraf } from '../../domain/protokoll';
import {
  kanGoras,
  laggTillArendeSchema,
  medGodkandaBilagor,
  protokollAv,
  rapporterAttLagga,
  type SammantradeFas,
} from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import {
  anmalAnslagUpdate,
  laggTillArendeUpdate,
  skickaForJusteringUpdate,
} from '../../workflows/sammantrade';
import { isoDateSchema } from '../../domain/datum';
import { lasFalt, om, rader, varde, type Falt } from '../formular/falt';
import { Dolt, Formular, Textfalt, Textyta } from '../komponenter/formular';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Klart } from '../komponenter/text';
import { skickaSida } from '../svar';
import {
  Anslag,
  Avsnitt,
  Dokument,
  Expediering,
  ForsenadJustering,
  Justering,
  Motesfakta,
  Paragrafer,
  type MotessidaProps,
} from './Protokollet';
import {
  kommando,
  lasMotet,
  lasStatus,
  skickaFormular,
  sparat,
  type Motet,
  type SammantradeSidorDeps,
} from './motet';

export const FAS_NAMN: Record<SammantradeFas, string> = {
  FOREDRAGNINGSLISTA: 'Föredragningslistan är öppen',
  KALLAD: 'Kallelsen är skickad',
  PROTOKOLLFORING: 'Protokollet förs',
  JUSTERING: 'Ute på justering',
  RATTELSE: 'Rättas efter invändning',
  JUSTERAT: 'Justerat',
  AVSLUTAT: 'Avslutat',
};

export const ARENDEETIKETTER: Record<string, string> = {
  'arende.rubrik': 'Ärende (rubrik)',
  'arende.diarienummer': 'Diarienummer',
  'arende.forslagTillBeslut': 'Förslag till beslut',
  'arende.handlingar': 'Handlingar',
  'arende.foredragande': 'Föredragande',
};

const DAGORDNING = ['Punkt', 'Ärende', 'Diarienummer', 'Protokoll'];

/** An ärende's approved versions on the list: each a link to the file, with the SHA-256 its approval bound. */
export function Bilagor({ bilagor }: { bilagor: readonly Bilaga[] }) {
  if (bilagor.length === 0) return null;
  return (
    <ul class="smal bilagor">
      {bilagor.map((b) => (
        <li key={b.dokumentId}>
          <a href={`/api/dokument/${b.dokumentId}`}>{bilagaText(b)}</a>{' '}
          <code title={`SHA-256 ${b.sha256}`}>{b.sha256.slice(0, 12)}…</code>
        </li>
      ))}
    </ul>
  );
}

function Foredragningslista(m: MotessidaProps) {
  const { state } = m.status;
  const protokollfas = kanGoras(state, 'protokollforParagraf');
  return (
    <Avsnitt id="foredragningslista" rubrik="Föredragningslista">
      {state.arenden.length ? (
        <Tabell
          caption="Föredragningslistans ärenden"
          kolumner={DAGORDNING}
          class="dagordning"
          layout="staplad"
        >
          {state.arenden.map((a) => {
            const nummer = state.nycklar[`punkt-${a.punkt}`];
            return (
              <tr key={a.punkt}>
                <td data-etikett="Punkt">{a.punkt}</td>
                <td data-etikett="Ärende">
                  {a.rubrik}
                  {a.forslagTillBeslut.length > 0 && (
                    <ul class="smal">
                      {a.forslagTillBeslut.map((s, i) => (
                        <li key={i}>{s}</li>
                      ))}
                    </ul>
                  )}
                  <Bilagor bilagor={a.bilagor} />
                </td>
                <td data-etikett="Diarienummer" class="diarienummer">
                  {a.diarienummer ?? '–'}
                </td>
                <td data-etikett="Protokoll">
                  {nummer !== undefined ? (
                    <a href={`#paragraf-${nummer}`}>§ {nummer}</a>
                  ) : protokollfas ? (
                    <a href={`${m.bas}/paragraf/ny?punkt=${a.punkt}`}>
                      Protokollför<span class="visually-hidden"> punkt {a.punkt}</span>
                    </a>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </Tabell>
      ) : (
        <p>Inga ärenden på listan ännu.</p>
      )}
      {state.ejKlaraRapporter.length > 0 && (
        <p>Inte registrerade när listan stängdes: {state.ejKlaraRapporter.map((r) => r.titel).join(', ')}.</p>
      )}
      <LaggTill {...m} />
    </Avsnitt>
  );
}

/** What can be added to the list while it is open: the registered reports, and any ärende. */
function LaggTill(m: MotessidaProps) {
  const falt = m.arende?.falt ?? {};
  if (!kanGoras(m.status.state, 'laggTillArende')) return <p class="hint">Föredragningslistan är stängd.</p>;
  return (
    <>
      {m.rapporter.length > 0 && (
        <>
          <h3>Registrerade rapporter till sammanträdet</h3>
          <ul class="rapporter">
            {m.rapporter.map((r) => (
              <li key={r.diarienummer}>
                <Formular action={`${m.bas}/arende`} csrf={m.csrf} class="inline">
                  <Dolt name="arende.rubrik" value={r.titel} />
                  <Dolt name="arende.diarienummer" value={r.diarienummer} />
                  <Dolt name="arende.handlingar" value={r.titel} />
                  {r.titel} ({r.diarienummer}){' '}
                  <button class="sekundar" type="submit">
                    Lägg till<span class="visually-hidden"> {r.titel}</span>
                  </button>
                </Formular>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Lägg till ärende</h3>
      <Formular action={`${m.bas}/arende`} csrf={m.csrf} fel={m.arende?.fel} etiketter={ARENDEETIKETTER}>
        <Textfalt f={falt} name="arende.rubrik" required />
        <Textfalt f={falt} name="arende.diarienummer" hint="t.ex. KS 2023/0431" />
        <Textyta f={falt} name="arende.forslagTillBeslut" hint="En att-sats per rad" rows={2} />
        <Textyta f={falt} name="arende.handlingar" hint="En handling per rad" rows={2} />
        <Textfalt f={falt} name="arende.foredragande" />
        <p>
          <button type="submit">Lägg till ärendet</button>
        </p>
      </Formular>
    </>
  );
}

export function Motessida(m: MotessidaProps & { meddelande?: string | undefined }) {
  const { state } = m.status;
  const protokoll = protokollAv(state);
  const fulla = protokoll?.paragrafer.filter(isFullParagraf).length ?? 0;
  const delar: [string, string][] = [
    ['foredragningslista', 'Föredragningslista'],
    ['motet', 'Sammanträdet'],
    ['paragrafer', 'Paragrafer'],
    ['justering', 'Justering'],
    ['anslag', 'Anslag'],
    ['expediering', 'Expediering'],
    ['dokument', 'Protokoll'],
  ];
  return (
    <>
      {m.meddelande && <Klart>{m.meddelande}</Klart>}
      <p class="fas">
        Status: <strong>{FAS_NAMN[state.fas]}</strong>
        {fulla > 0 && ` · ${fulla} ${fulla === 1 ? 'paragraf' : 'paragrafer'}`}
      </p>
      {m.status.iEfterhand && (
        <p>
          Sammanträdet registrerades i efterhand: ingen kallelse skickades till ledamöterna och ersättarna.
        </p>
      )}
      <ForsenadJustering status={m.status} />
      <nav aria-label="På sidan">
        <ul class="meny">
          {delar.map(([id, text]) => (
            <li key={id}>
              <a href={`#${id}`}>{text}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Foredragningslista {...m} />
      <Motesfakta {...m} />
      <Paragrafer {...m} protokoll={protokoll} />
      <Justering {...m} />
      <Anslag {...m} />
      <Expediering {...m} />
      <Dokument {...m} protokoll={protokoll} />
    </>
  );
}

/** The meeting page; after a refused command, with its refusal (`fel`) or the ärende form as posted. */
export async function visaMotet(
  deps: SammantradeSidorDeps,
  req: Request,
  res: Response,
  m: Motet,
  extra: {
    arende?: { falt: Falt; fel: readonly Fel[] };
    anslag?: { falt: Falt; fel: readonly Fel[] };
    fel?: readonly Fel[];
  } = {},
) {
  const st = await lasStatus(m, res);
  if (!st) return;
  const rapporter = kanGoras(st.state, 'laggTillArende')
    ? rapporterAttLagga(
        st.state,
        await deps.register.rapporterForSammantrade({
          kommun: m.config.kommun.id,
          organ: m.organ,
          datum: m.datum,
        }),
      )
    : [];
  skickaSida(
    res,
    extra.fel?.length || extra.arende || extra.anslag ? 409 : 200,
    <Sida titel={`${st.state.fakta.organNamn} ${m.datum}`} inloggad={m.s}>
      <Felsammanfattning fel={extra.fel ?? []} rubrik="Det gick inte" />
      <Motessida
        status={st}
        bas={m.bas}
        csrf={m.s.csrf}
        rapporter={rapporter}
        arende={extra.arende}
        anslag={extra.anslag}
        meddelande={sparat(req)}
      />
      <p>
        <a href="/sammantraden">Alla sammanträden</a>
      </p>
    </Sida>,
  );
}

export async function laggTillArende(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.laggTillArende');
  if (!m) return;
  const { falt: f, fel: tecken } = lasFalt(req);
  const arende = laggTillArendeSchema.shape.arende.safeParse({
    rubrik: varde(f, 'arende.rubrik'),
    ...om('diarienummer', varde(f, 'arende.diarienummer')),
    forslagTillBeslut: rader(f, 'arende.forslagTillBeslut'),
    handlingar: rader(f, 'arende.handlingar'),
    ...om('foredragande', varde(f, 'arende.foredragande')),
  });
  const fore = [
    ...tecken,
    ...(arende.success ? [] : felFromZod(arende.error).map((x) => ({ ...x, field: `arende.${x.field}` }))),
  ];
  const motet = { kommun: m.config.kommun.id, organ: m.organ, datum: m.datum };
  const fel = await skickaFormular(m, fore, async () =>
    m.handle.executeUpdate(laggTillArendeUpdate, {
      ...formularUppdatering(req, m.s.person),
      args: [
        {
          aktor: m.s.person,
          arende: medGodkandaBilagor(arende.data!, await rapporterTillMotet(deps.register, motet)),
        },
      ],
    }),
  );
  if (fel.length > 0) return visaMotet(deps, req, res, m, { arende: { falt: f, fel } });
  res.redirect(303, `${m.bas}?sparat=arende#foredragningslista`);
}

/** `POST …/anslag/nedtaget`: a paper board's anslag taken down, on the day the sekreterare gives. */
export async function anmalNedtagning(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.anmalAnslag');
  if (!m) return;
  const { falt: f, fel: tecken } = lasFalt(req);
  const nedtagen = isoDateSchema.safeParse(varde(f, 'nedtagen'));
  const fore = [
    ...tecken,
    ...(nedtagen.success ? [] : felFromZod(nedtagen.error).map((x) => ({ ...x, field: 'nedtagen' }))),
  ];
  const fel = await skickaFormular(m, fore, () =>
    m.handle.executeUpdate(anmalAnslagUpdate, {
      ...formularUppdatering(req, m.s.person),
      args: [{ aktor: m.s.person, nedtagen: nedtagen.data! }],
    }),
  );
  if (fel.length > 0) return visaMotet(deps, req, res, m, { anslag: { falt: f, fel } });
  res.redirect(303, `${m.bas}?sparat=nedtaget#anslag`);
}

export async function skickaTillJustering(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.skickaForJustering');
  if (!m) return;
  const fel = await kommando(m, () =>
    m.handle.executeUpdate(skickaForJusteringUpdate, {
      ...formularUppdatering(req, m.s.person),
      args: [{ aktor: m.s.person }],
    }),
  );
  if (fel.length > 0) return visaMotet(deps, req, res, m, { fel });
  res.redirect(303, `${m.bas}?sparat=justering#justering`);
}
