/**
 * Årshjulet (`/arshjul?ar=ÅÅÅÅ`), the kanslichef's page: whether the year runs (./Aret.tsx), the year per organ
 * as a timeline (./Tidslinje.tsx), and every open task of the kommun, the late ones first, with one click to
 * remind, reassign or move its due date (./OppnaUppgifter.tsx); while reports are being written, their follow-up
 * per nämnd (./Uppfoljningen.tsx). Tasks and follow-ups come from the register; the year from the årshjul
 * workflow (src/api/arshjulAret.ts).
 */
import type { Startval } from '../../domain/arshjulStart';
import type { Request, Response } from 'express';
import { lasAret } from '../../api/arshjulAret';
import { dateInStockholm, yearOf } from '../../domain/datum';
import { justeringsavvikelse } from '../../domain/protokoll';
import { motetsSida } from '../sammantraden/motet';
import { behorighet } from '../../domain/behorighet';
import { personNamn } from '../../domain/kommun';
import { planeraAr } from '../../domain/planering';
import { pagaendeUppfoljningar } from '../../uppfoljning/arshjulet';
import { felFromZod, type Fel } from '../../domain/validering';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import { Klart, Stycken, Varning } from '../komponenter/text';
import { moten } from '../motesplan';
import { skickaSida } from '../svar';
import { Laget } from './Aret';
import { Filter, Uppgiftstabell } from './OppnaUppgifter';
import { Tidslinje } from './Tidslinje';
import { Uppfoljningen } from './Uppfoljningen';
import { arshjulQuerySchema, oppnaUrval, PER_SIDA, type ArshjulQuery } from './urval';
import type { ArshjulSidaDeps, Kanslichef } from './kanslichef';

/** What a form that came back here did. */
function meddelande(f: ArshjulQuery, ar: number): string | undefined {
  const klart: Record<string, string> = {
    paminn: 'Påminnelsen är registrerad och skickas med e-post.',
    tilldela: 'Uppgiften är tilldelad på nytt; den nya ansvariga har fått besked.',
    flytta: 'Förfallodagen är flyttad; de berörda har fått besked.',
  };
  if (f.klart) return klart[f.klart] ?? 'Klart.';
  if (f.startat === '1')
    return `Årshjulet ${ar} är startat. Rapporterna och sammanträdena startar var och en på sin dag.`;
  if (f.startat === 'redan') return `Årshjulet ${ar} var redan startat; inget har startats två gånger.`;
  if (f.stoppat === '1')
    return `Årshjulet ${ar} är stoppat. De pågående rapporterna avbryts, och deras öppna uppgifter registreras som avbrutna.`;
  if (f.stoppat === 'inte') return `Årshjulet ${ar} var inte igång; inget har stoppats.`;
  return undefined;
}

/** Where the task forms come back to: this page with its filters, without the last message. */
function aterkomst(req: Request): string {
  const url = new URL(req.originalUrl, 'http://localhost');
  for (const k of ['klart', 'startat', 'stoppat']) url.searchParams.delete(k);
  return `${url.pathname}${url.search}#uppgifter`;
}

/** Links to the other pages of the open tasks, with the same filters, when there is more than one. */
function Sidor(props: { req: Request; sida: number; totalt: number }) {
  const antal = Math.ceil(props.totalt / PER_SIDA);
  if (antal <= 1) return null;
  const lank = (sida: number) => {
    const url = new URL(props.req.originalUrl, 'http://localhost');
    for (const k of ['klart', 'startat', 'stoppat']) url.searchParams.delete(k);
    url.searchParams.set('sida', String(sida));
    return `${url.pathname}${url.search}#uppgifter`;
  };
  const forsta = (props.sida - 1) * PER_SIDA + 1;
  const sista = Math.min(props.sida * PER_SIDA, props.totalt);
  return (
    <nav aria-label="Sidor av öppna uppgifter" class="sidor">
      <p>
        Uppgift {forsta}–{sista} av {props.totalt}.
      </p>
      <ul>
        {Array.from({ length: antal }, (_, i) => i + 1).map((n) => (
          <li key={n}>
            {n === props.sida ? <span aria-current="page">{n}</span> : <a href={lank(n)}>{n}</a>}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The page; after a form posted here: `stopp` when the stop form was refused (it opens with the refusal), `start`
 * the choices of a start shown with what they lead to, or refused.
 */
export async function visaArshjulet(
  deps: ArshjulSidaDeps,
  req: Request,
  res: Response,
  { s, config }: Kanslichef,
  form?: { ar: number; stopp?: Fel[]; start?: { val: Startval; fel: Fel[] } },
) {
  const parsed = arshjulQuerySchema(config).safeParse(form ? { ar: String(form.ar) } : req.query);
  if (!parsed.success) {
    return skickaSida(
      res,
      400,
      <Sida titel="Årshjulet" inloggad={s}>
        <Felsammanfattning fel={felFromZod(parsed.error)} rubrik="Adressen innehåller ett fel" />
        <p>
          <a href="/arshjul">Visa hela årshjulet</a>
        </p>
      </Sida>,
    );
  }
  const f = parsed.data;
  const idag = dateInStockholm(Date.now());
  const ar = f.ar ?? yearOf(idag);
  const [aret, oppna, moten_, uppfoljningar] = await Promise.all([
    lasAret(deps.client, config, ar, idag, deps.register),
    deps.register.oppnaUppgifter(oppnaUrval(config, s.kommun, f)),
    deps.register.sammantradenUnderAret(s.kommun, ar),
    // The follow-up of the reports being written, from the register (the year's report ids from the plan).
    pagaendeUppfoljningar(
      deps.register,
      config,
      planeraAr(config, ar).map((p) => p.id),
    ),
  ]);
  // JUSTERING_FORSENAD: meetings of the year justerade late, or not justerade when the last day has passed.
  const forsenade = moten_.flatMap((m) => {
    // Only meetings whose protocol is kept here: one merely planned may never have been held in Årshjul.
    if ((f.organ && m.organ !== f.organ) || m.status === 'PLANERAT' || m.status === 'KALLAT') return [];
    const avvikelse = justeringsavvikelse(m.datum, m.justerad ?? undefined, idag);
    return avvikelse ? [{ ...m, avvikelse }] : [];
  });
  const uppgifter = oppna.rader;
  const text = meddelande(f, ar);
  skickaSida(
    res,
    (form?.stopp?.length ?? 0) > 0 || (form?.start?.fel.length ?? 0) > 0 ? 400 : 200,
    <Sida titel={`Årshjulet ${ar}: ${config.kommun.namn}`} inloggad={s} bred>
      {text && <Klart>{text}</Klart>}
      <nav aria-label="År" class="ar">
        <a href={`/arshjul?ar=${ar - 1}`}>← {ar - 1}</a> <a href={`/arshjul?ar=${ar + 1}`}>{ar + 1} →</a>
      </nav>
      <Laget
        aret={aret}
        ar={ar}
        idag={idag}
        config={config}
        csrf={s.csrf}
        stoppFel={form?.stopp}
        start={form?.start}
      />
      {forsenade.length > 0 && (
        <section aria-labelledby="forsenade-justeringar">
          <h2 id="forsenade-justeringar">Försenade justeringar (JUSTERING_FORSENAD)</h2>
          <ul>
            {forsenade.map((m) => (
              <li key={`${m.organ}/${m.datum}`}>
                <Varning>
                  <a href={motetsSida(m.organ, m.datum)}>
                    {m.organNamn ?? m.organ} {m.datum}
                  </a>
                  : {m.avvikelse.text}
                </Varning>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Uppfoljningen
        rapporter={uppfoljningar.filter((p) => !f.organ || p.namnder.some((n) => n.organ === f.organ))}
      />
      <h2>Året per organ</h2>
      <Tidslinje
        ar={ar}
        idag={idag}
        organ={config.organ.filter((o) => !f.organ || o.kortnamn === f.organ)}
        rapporter={aret.oversikt.rapporter.filter((r) => !f.organ || r.organ === f.organ)}
        moten={moten(config, ar).filter((m) => !f.organ || m.organ === f.organ)}
        namn={(id) => personNamn(config, id)}
      />
      <h2 id="uppgifter">Öppna uppgifter ({oppna.totalt})</h2>
      <Filter config={config} f={f} ar={ar} />
      {uppgifter.length === 0 ? (
        <Stycken texter={['Inga öppna uppgifter med de valen.']} />
      ) : (
        <Uppgiftstabell
          config={config}
          uppgifter={uppgifter}
          csrf={s.csrf}
          tillbaka={aterkomst(req)}
          // Reminding, reassigning and moving a due date are the kanslichef's (an admin sees the tasks only).
          atgarder={behorighet(config, s.person, 'uppgift.paminn').length === 0}
        />
      )}
      <Sidor req={req} sida={f.sida ?? 1} totalt={oppna.totalt} />
    </Sida>,
  );
}
