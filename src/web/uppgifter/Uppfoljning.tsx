/**
 * The report's follow-up on its task (issue 17): the handläggare sees the nämnd's mål, indikatorer, verksamheter
 * and open uppdrag prefilled from the last period and enters this period's bedömning, values, status and kommentar
 * — or downloads the sheet and uploads it again. Below, what is still missing before the chef can approve, and the
 * counts as the report will write them. A control's name is its row's path (`uppdrag.3.status`), so a refusal
 * from the domain's check leads back to it.
 */
import type { Request, Response } from 'express';
import { importeraOchSpara } from '../../api/rest/uppfoljning';
import type { KommunConfig } from '../../domain/kommun';
import { uppfoljningInSchema, type UppfoljningIn } from '../../domain/uppfoljning/modell';
import { raknatSom, sammanfattning } from '../../domain/uppfoljning/sammanstallning';
import type { Steg } from '../../domain/uppfoljning/skalor';
import { felFromZod, type Fel } from '../../domain/validering';
import { behorighet } from '../../domain/behorighet';
import {
  lasRapportensUppfoljning,
  rapportenAv,
  sparaRapportensUppfoljning,
  type RapportensUppfoljning,
} from '../../uppfoljning/rapportens';
import type { UppgiftState } from '../../domain/uppgift';
import { lasFalt, varde, type Falt } from '../formular/falt';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Formular, Textfalt, Textyta, Valj } from '../komponenter/formular';
import { Sida, type Inloggad } from '../komponenter/Sida';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { lasUppgift, type UppgiftsidorDeps } from './uppgiften';

const lank = (id: string) => `/uppgifter/${encodeURIComponent(id)}/uppfoljning`;

/** The rows as the form's fields: `mal.0.bedomning` → its value. */
function somFalt(rader: UppfoljningIn): Falt {
  const f: Falt = {};
  for (const [lista, rows] of Object.entries(rader) as [string, Record<string, unknown>[]][]) {
    rows.forEach((r, i) => {
      for (const [k, v] of Object.entries(r)) if (v !== undefined) f[`${lista}.${i}.${k}`] = String(v);
    });
  }
  return f;
}

/** This period's fields from the form onto the rows the page showed; the objects' own fields stay as they are. */
function medFalt(rader: UppfoljningIn, f: Falt): UppfoljningIn {
  const falt: Record<keyof UppfoljningIn, string[]> = {
    mal: ['bedomning', 'trend', 'kommentar'],
    indikatorer: ['utfall', 'prognos', 'kommentar'],
    uppdrag: ['status', 'kommentar'],
    ekonomi: ['budget', 'utfall', 'prognos', 'kommentar'],
  };
  const ut = { ...rader } as Record<keyof UppfoljningIn, Record<string, unknown>[]>;
  for (const lista of Object.keys(falt) as (keyof UppfoljningIn)[]) {
    ut[lista] = (rader[lista] as Record<string, unknown>[]).map((r, i) => {
      const ny: Record<string, unknown> = { ...r };
      for (const k of falt[lista]) {
        const v = varde(f, `${lista}.${i}.${k}`);
        if (v) ny[k] = v;
        else delete ny[k];
      }
      // The avvikelse follows the prognos the form changes: computed by the kommun's rule.
      if (lista === 'ekonomi') delete ny.avvikelse;
      return ny;
    });
  }
  return ut as unknown as UppfoljningIn;
}

const valAv = (skala: readonly Steg[], nu: string): [string, string][] => [
  ['', '– ej ifyllt –'],
  ...(nu && !skala.some((s) => s.text === nu) ? [[nu, nu] as [string, string]] : []),
  ...skala.map((s): [string, string] => [s.text, s.symbol ? `${s.symbol} ${s.text}` : s.text]),
];

function UppfoljningSida(props: {
  inloggad: Inloggad;
  state: UppgiftState;
  config: KommunConfig;
  u: RapportensUppfoljning;
  falt: Falt;
  fel: readonly Fel[];
  sparat: boolean;
  far: boolean;
}) {
  const { u, config, falt: f } = props;
  const id = props.state.spec.id;
  const skalor = config.uppfoljning;
  const forra = (objektId: string) => {
    const v = u.forra.get(objektId);
    if (!v) return undefined;
    return [v.bedomning?.text, v.utfall, v.prognosBelopp ?? v.prognos]
      .filter((x) => x !== undefined)
      .join(' · ');
  };
  const rad = (objektId: string, titel: string) => (
    <p class="rad">
      <strong>{objektId}</strong> {titel}
      {forra(objektId) && <span class="hint"> Förra perioden: {forra(objektId)}</span>}
    </p>
  );
  const enhet = skalor.ekonomi.enhet;
  return (
    <Sida titel={`Uppföljning – ${u.rapport.titel}`} inloggad={props.inloggad}>
      <p>
        <a href={`/uppgifter/${encodeURIComponent(id)}`}>Tillbaka till uppgiften</a>
      </p>
      <p>
        Perioden till och med {u.rapport.period}.{' '}
        {u.varden.length === 0 &&
          u.forra.size > 0 &&
          'Förifyllt från förra perioden; spara när du har gått igenom.'}
      </p>
      {props.sparat && (
        <p class="kvitto" role="status">
          Sparat.
        </p>
      )}
      <section aria-labelledby="saknas">
        <h2 id="saknas">Innan chefen kan godkänna</h2>
        {!u.krav ? (
          <p>Kommunen kräver ingen uppföljning av den här rapporten.</p>
        ) : u.brister.length === 0 ? (
          <p>Inget saknas.</p>
        ) : (
          <>
            <p>
              {u.brister.length} {u.brister.length === 1 ? 'sak saknas' : 'saker saknas'}:
            </p>
            <ul>
              {u.brister.map((b) => (
                <li key={b.field}>{b.message}</li>
              ))}
            </ul>
          </>
        )}
        <h3>Sammanställning</h3>
        {sammanfattning(u.sammanstallning, enhet).map((t) => (
          <p key={t}>{t}</p>
        ))}
      </section>
      <p>
        <a href={`/api/tasks/${encodeURIComponent(id)}/uppfoljning.xlsx`}>Hämta som Excel-ark</a> ·{' '}
        <a href={`/api/rapporter/${encodeURIComponent(u.rapport.id)}/uppfoljning?format=pdf`}>
          Bilagan som PDF
        </a>
      </p>
      {props.far && (
        <>
          <Formular action={lank(id)} csrf={props.inloggad.csrf} fel={props.fel} etiketter={etiketterAv(u)}>
            {u.rader.mal.length > 0 && <h2>Mål</h2>}
            {u.rader.mal.map((m, i) => (
              <fieldset key={m.id} class="uppfoljningsrad">
                <legend>
                  {m.omrade ? `${m.omrade}: ` : ''}
                  {m.titel}
                </legend>
                {rad(m.id, m.kfMal ? `(KF: ${m.kfMal})` : '')}
                <Valj
                  f={f}
                  name={`mal.${i}.bedomning`}
                  label="Bedömning"
                  alternativ={valAv(skalor.bedomning, varde(f, `mal.${i}.bedomning`))}
                />
                {skalor.trend.length > 0 && (
                  <Valj
                    f={f}
                    name={`mal.${i}.trend`}
                    label="Trend"
                    alternativ={valAv(skalor.trend, varde(f, `mal.${i}.trend`))}
                  />
                )}
                <Textyta f={f} name={`mal.${i}.kommentar`} label="Kommentar" rows={2} />
              </fieldset>
            ))}
            {u.rader.indikatorer.length > 0 && <h2>Indikatorer</h2>}
            {u.rader.indikatorer.map((r, i) => (
              <fieldset key={r.id} class="uppfoljningsrad">
                <legend>{r.titel}</legend>
                {rad(r.id, r.malvarde ? `Målvärde ${r.malvarde}${r.enhet ? ` ${r.enhet}` : ''}` : '')}
                <Textfalt f={f} name={`indikatorer.${i}.utfall`} label="Utfall" />
                <Textfalt f={f} name={`indikatorer.${i}.prognos`} label="Prognos" />
                <Textyta f={f} name={`indikatorer.${i}.kommentar`} label="Kommentar" rows={2} />
              </fieldset>
            ))}
            {u.rader.uppdrag.length > 0 && <h2>Uppdrag</h2>}
            {u.rader.uppdrag.map((r, i) => (
              <fieldset key={r.id} class="uppfoljningsrad">
                <legend>{r.titel}</legend>
                {rad(
                  r.id,
                  [
                    r.ansvariga,
                    r.beslut,
                    r.diarienummer,
                    r.slutdatum ? `slutdatum ${r.slutdatum}` : undefined,
                  ]
                    .filter(Boolean)
                    .join(' · '),
                )}
                <Valj
                  f={f}
                  name={`uppdrag.${i}.status`}
                  label="Status"
                  alternativ={valAv(skalor.uppdragsstatus, varde(f, `uppdrag.${i}.status`))}
                />
                <Textyta f={f} name={`uppdrag.${i}.kommentar`} label="Kommentar" rows={2} />
              </fieldset>
            ))}
            {u.rader.ekonomi.length > 0 && <h2>Ekonomi ({enhet})</h2>}
            {u.rader.ekonomi.map((r, i) => (
              <fieldset key={r.id} class="uppfoljningsrad">
                <legend>{r.titel}</legend>
                <Textfalt f={f} name={`ekonomi.${i}.budget`} label="Budget" inputmode="decimal" />
                <Textfalt f={f} name={`ekonomi.${i}.utfall`} label="Utfall" inputmode="decimal" />
                <Textfalt f={f} name={`ekonomi.${i}.prognos`} label="Helårsprognos" inputmode="decimal" />
                <Textyta f={f} name={`ekonomi.${i}.kommentar`} label="Kommentar" rows={2} />
              </fieldset>
            ))}
            {u.rader.mal.length +
              u.rader.indikatorer.length +
              u.rader.uppdrag.length +
              u.rader.ekonomi.length ===
            0 ? (
              <p>Nämnden har inget att följa upp i registret ännu: läs in ett Excel-ark nedan.</p>
            ) : (
              <button type="submit">Spara uppföljningen</button>
            )}
          </Formular>
          <h2>Läs in ett Excel-ark</h2>
          <Formular action={`${lank(id)}/ark`} csrf={props.inloggad.csrf} enctype="multipart/form-data">
            <p class="hint">Ett fel i någon rad avvisar hela filen, och inget ändras.</p>
            <div class="falt">
              <label for="f-fil">Arbetsbok (.xlsx)</label>
              <input id="f-fil" name="fil" type="file" accept=".xlsx" required />
            </div>
            <button type="submit">Läs in</button>
          </Formular>
        </>
      )}
    </Sida>
  );
}

/** Each control's label, for the error summary: "Status (uppdrag KS-U07)". */
function etiketterAv(u: RapportensUppfoljning): Record<string, string> {
  const e: Record<string, string> = {};
  const namn: Record<string, string> = {
    bedomning: 'Bedömning',
    trend: 'Trend',
    kommentar: 'Kommentar',
    utfall: 'Utfall',
    prognos: 'Prognos',
    budget: 'Budget',
    status: 'Status',
    id: 'Id',
  };
  for (const [lista, rows] of Object.entries(u.rader) as [string, { id: string }[]][]) {
    rows.forEach((r, i) => {
      for (const [k, t] of Object.entries(namn)) e[`${lista}.${i}.${k}`] = `${t} (${r.id})`;
    });
  }
  return e;
}

async function sidan(deps: UppgiftsidorDeps, req: Request, res: Response) {
  const state = await lasUppgift(deps, String(req.params.id), res);
  if (!state) return undefined;
  const s = sessionAv(res);
  const config = deps.kommuner.get(state.spec.kommun)!;
  const rad = await deps.register.hamtaRapport(state.spec.process.id);
  if (!rad) {
    skickaSida(
      res,
      404,
      <Sida titel="Ingen rapport" inloggad={s}>
        <p>Uppgiften hör inte till någon rapport.</p>
      </Sida>,
    );
    return undefined;
  }
  const far =
    state.status === 'OPPEN' &&
    behorighet(config, s.person, 'uppgift.slutfor', { uppgift: state }).length === 0;
  return { s, state, config, rapport: rapportenAv(rad), far };
}

export const visaUppfoljning = (deps: UppgiftsidorDeps) => async (req: Request, res: Response) => {
  const sida = await sidan(deps, req, res);
  if (!sida) return;
  const u = await lasRapportensUppfoljning(deps.register, sida.config, sida.rapport);
  skickaSida(
    res,
    200,
    <UppfoljningSida
      inloggad={sida.s}
      state={sida.state}
      config={sida.config}
      u={u}
      falt={somFalt(u.rader)}
      fel={[]}
      sparat={req.query.sparat === '1'}
      far={sida.far}
    />,
  );
};

export const sparaUppfoljning = (deps: UppgiftsidorDeps) => async (req: Request, res: Response) => {
  const sida = await sidan(deps, req, res);
  if (!sida) return;
  const u = await lasRapportensUppfoljning(deps.register, sida.config, sida.rapport);
  const { falt, fel: tecken } = lasFalt(req);
  let fel: Fel[] = sida.far
    ? tecken
    : [{ field: 'id', rule: 'tilldelad_eller_kanslichef', message: 'uppgiften är inte öppen för dig' }];
  if (fel.length === 0) {
    const parsed = uppfoljningInSchema.safeParse(medFalt(u.rader, falt));
    fel = parsed.success
      ? await sparaRapportensUppfoljning(
          deps.register,
          sida.config,
          sida.rapport,
          parsed.data,
          sida.s.person,
          new Date(),
        )
      : felFromZod(parsed.error);
  }
  if (fel.length === 0) return res.redirect(303, `${lank(sida.state.spec.id)}?sparat=1`);
  skickaSida(
    res,
    400,
    <UppfoljningSida
      inloggad={sida.s}
      state={sida.state}
      config={sida.config}
      u={u}
      falt={falt}
      fel={fel}
      sparat={false}
      far={sida.far}
    />,
  );
};

export const lasInArk = (deps: UppgiftsidorDeps) => async (req: Request, res: Response) => {
  const sida = await sidan(deps, req, res);
  if (!sida) return;
  const fil = req.file;
  let fel: Fel[] = !sida.far
    ? [{ field: 'id', rule: 'tilldelad_eller_kanslichef', message: 'uppgiften är inte öppen för dig' }]
    : !fil
      ? [{ field: 'fil', rule: 'obligatorisk', message: 'välj en arbetsbok (.xlsx)' }]
      : [];
  if (fel.length === 0 && fil) {
    fel = await importeraOchSpara(deps, sida.config, sida.rapport, fil.buffer, sida.s.person);
  }
  if (fel.length === 0) return res.redirect(303, `${lank(sida.state.spec.id)}?sparat=1`);
  const u = await lasRapportensUppfoljning(deps.register, sida.config, sida.rapport);
  skickaSida(
    res,
    400,
    <Sida titel="Arket lästes inte in" inloggad={sida.s}>
      <Felsammanfattning fel={fel} rubrik="Arket lästes inte in; inget har ändrats" />
      <p>
        <a href={lank(sida.state.spec.id)}>Tillbaka till uppföljningen</a> (
        {raknatSom(u.sammanstallning.uppdrag.per)} uppdrag som förut)
      </p>
    </Sida>,
  );
};
