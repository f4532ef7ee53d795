/**
 * Årshjulet (`/arshjul`), the kanslichef's page: the year per organ as a timeline — meetings and every report's
 * steps with their dates and status — and every open task of the kommun, the late ones first, with one click to
 * remind, reassign or move its due date. A year not yet started shows its plan and a button that starts it.
 * The old overview (`/oversikt`) leads here. Tasks come from the register; the year from the årshjul workflow.
 */
import express, { type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Register } from '../db/register';
import { startFel } from '../domain/arshjul';
import { arSchema, dateInStockholm, yearOf } from '../domain/datum';
import { behorighet } from '../domain/behorighet';
import { personNamn, type KommunConfig } from '../domain/kommun';
import { felFromZod, formatFel, z } from '../domain/validering';
import { startaArshjul, stoppaArshjul } from '../temporal/starta';
import { lasAret, type Aret } from './arshjulAret';
import { UPPGIFT_NAMN } from './arshjulText';
import { tidslinje } from './arshjulTidslinje';
import { arshjulQuerySchema, filterFormular, filtrera, uppgiftstabell } from './arshjulUppgifter';
import type { createInloggning, Session } from './inloggning';
import { moten } from './motesplan';
import { csrfFalt, e, felLista, sida, stycken } from './sida';

export interface ArshjulSidaDeps {
  client: Client;
  register: Pick<Register, 'listaUppgifter' | 'audit'>;
  kommuner: Map<string, KommunConfig>;
  /** The worker's task queue: the årshjul started here runs there. */
  taskQueue: string;
}

/** What a form that came back here did (`klart=<kommando>`, ./uppgifter.ts). */
const KLART: Record<string, string> = {
  paminn: 'Påminnelsen är registrerad och skickas med e-post.',
  tilldela: 'Uppgiften är tilldelad på nytt; den nya ansvariga har fått besked.',
  flytta: 'Förfallodagen är flyttad; de berörda har fått besked.',
};

const startaSchema = z.object({ ar: arSchema });
const stoppaSchema = z.object({
  ar: arSchema,
  bekrafta: z.literal('ja', 'kryssa i att du vill stoppa årshjulet'),
});

export function arshjulRouter(
  deps: ArshjulSidaDeps,
  inloggning: ReturnType<typeof createInloggning>,
): express.Router {
  const router = express.Router();

  /** The signed-in kanslichef or admin and their kommun, or a 403 page. */
  const behorig = (
    res: Response,
    kommando: 'ar.starta' | 'ar.stoppa' = 'ar.starta',
  ): { s: Session; config: KommunConfig } | undefined => {
    const s = res.locals.session as Session;
    const config = deps.kommuner.get(s.kommun)!;
    // The page runs the year — it starts it and shows everyone's tasks — so it is for those who may start it.
    const fel = behorighet(config, s.person, kommando);
    if (fel.length > 0) {
      sida(
        res,
        403,
        'Årshjulet är kanslichefens',
        `${stycken(['Du har inte rollen kanslichef eller administratör.'])}${fel.map((f) => `<p class="fel">${e(formatFel(f))}</p>`).join('')}`,
        { inloggad: s },
      );
      return undefined;
    }
    return { s, config };
  };

  // The overview the kanslichef had before: the same filters, here.
  router.get('/oversikt', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    res.redirect(303, `/arshjul${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });

  router.get('/arshjul', inloggning.kravInloggning, async (req, res) => {
    const vem = behorig(res);
    if (!vem) return;
    const { s, config } = vem;
    const parsed = arshjulQuerySchema(config).safeParse(req.query);
    if (!parsed.success) {
      return sida(
        res,
        400,
        'Årshjulet',
        `${felLista(felFromZod(parsed.error))}<p><a href="/arshjul">Visa hela årshjulet</a></p>`,
        { inloggad: s },
      );
    }
    const f = parsed.data;
    const idag = dateInStockholm(Date.now());
    const ar = f.ar ?? yearOf(idag);
    const [aret, oppna] = await Promise.all([
      lasAret(deps.client, config, ar, idag),
      deps.register.listaUppgifter({
        kommun: s.kommun,
        status: ['OPPEN'],
        ...(f.person ? { person: f.person } : {}),
      }),
    ]);
    const uppgifter = filtrera(config, oppna, f);
    const namn = (id: string) => personNamn(config, id);
    const organ = config.organ.filter((o) => !f.organ || o.kortnamn === f.organ);

    const meddelande = f.klart
      ? (KLART[f.klart] ?? 'Klart.')
      : f.startat === '1'
        ? `Årshjulet ${ar} är startat. Rapporterna och sammanträdena startar var och en på sin dag.`
        : f.startat === 'redan'
          ? `Årshjulet ${ar} var redan startat; inget har startats två gånger.`
          : f.stoppat === '1'
            ? `Årshjulet ${ar} är stoppat. De pågående rapporterna avbryts, och deras öppna uppgifter registreras som avbrutna.`
            : f.stoppat === 'inte'
              ? `Årshjulet ${ar} var inte igång; inget har stoppats.`
              : undefined;
    const tillbaka = aterkomst(req);

    sida(
      res,
      200,
      `Årshjulet ${ar}: ${config.kommun.namn}`,
      `${meddelande ? `<p class="klart" role="status">${e(meddelande)}</p>` : ''}
<nav aria-label="År" class="ar"><a href="/arshjul?ar=${ar - 1}">← ${ar - 1}</a> <a href="/arshjul?ar=${ar + 1}">${ar + 1} →</a></nav>
${lage(aret, ar, config, s.csrf)}
<h2>Året per organ</h2>
${tidslinje({
  ar,
  idag,
  organ,
  rapporter: aret.oversikt.rapporter.filter((r) => !f.organ || r.organ === f.organ),
  moten: moten(config, ar).filter((m) => !f.organ || m.organ === f.organ),
  namn,
})}
<h2 id="uppgifter">Öppna uppgifter (${uppgifter.length})</h2>
${filterFormular(config, f, ar)}
${
  uppgifter.length === 0
    ? stycken(['Inga öppna uppgifter med de valen.'])
    : uppgiftstabell({
        config,
        uppgifter,
        csrf: s.csrf,
        tillbaka,
        // Reminding, reassigning and moving a due date are the kanslichef's (an admin sees the tasks only).
        atgarder: behorighet(config, s.person, 'uppgift.paminn').length === 0,
      })
}`,
      { inloggad: s },
    );
  });

  router.post('/arshjul/starta', inloggning.kravInloggning, inloggning.kravCsrf, async (req, res) => {
    const vem = behorig(res);
    if (!vem) return;
    const { s, config } = vem;
    const body = startaSchema.safeParse(req.body);
    if (!body.success) {
      return sida(
        res,
        400,
        'Årshjulet kunde inte startas',
        `${felLista(felFromZod(body.error))}<p><a href="/arshjul">Tillbaka till årshjulet</a></p>`,
        { inloggad: s },
      );
    }
    const ar = body.data.ar;
    const fel = startFel(config, ar);
    if (fel.length > 0) {
      return sida(
        res,
        409,
        'Årshjulet kunde inte startas',
        `${stycken(fel.map((f) => f.message))}<p><a href="/arshjul?ar=${ar}">Tillbaka till årshjulet</a></p>`,
        { inloggad: s },
      );
    }
    // The preview page with per-report choices comes with the web layer's Årshjulet (issue 11): until then the
    // page starts a year with the proposals (what is past marked done outside Årshjul).
    const startat = (
      await startaArshjul(
        deps.client,
        config,
        ar,
        deps.taskQueue,
        {},
        {
          register: deps.register,
          aktor: s.person,
        },
      )
    ).startat;
    res.redirect(303, `/arshjul?ar=${ar}&startat=${startat ? '1' : 'redan'}`);
  });

  router.post('/arshjul/stoppa', inloggning.kravInloggning, inloggning.kravCsrf, async (req, res) => {
    const vem = behorig(res, 'ar.stoppa');
    if (!vem) return;
    const { s, config } = vem;
    const body = stoppaSchema.safeParse(req.body);
    if (!body.success) {
      return sida(
        res,
        400,
        'Årshjulet stoppades inte',
        `${felLista(felFromZod(body.error))}<p><a href="/arshjul">Tillbaka till årshjulet</a></p>`,
        { inloggad: s },
      );
    }
    const { ar } = body.data;
    const { utfall } = await stoppaArshjul(deps.client, config, ar, {
      register: deps.register,
      aktor: s.person,
    });
    res.redirect(303, `/arshjul?ar=${ar}&stoppat=${utfall === 'STOPPAT' ? '1' : 'inte'}`);
  });

  return router;
}

/** Where the task forms come back to: this page with its filters, without the last message. */
function aterkomst(req: Request): string {
  const url = new URL(req.originalUrl, 'http://localhost');
  url.searchParams.delete('klart');
  url.searchParams.delete('startat');
  return `${url.pathname}${url.search}#uppgifter`;
}

/** Whether the year runs; when not, its plan in numbers and the button that starts it. */
function lage(aret: Aret, ar: number, config: KommunConfig, csrf: string): string {
  // A year started by mistake can be stopped, with a confirmation: its running reports and their tasks end.
  const stoppa = `<details class="stoppa"><summary>Stoppa årshjulet ${ar}</summary><form method="post" action="/arshjul/stoppa">${csrfFalt(csrf)}<input type="hidden" name="ar" value="${ar}"><p><input type="checkbox" id="bekrafta" name="bekrafta" value="ja" required> <label for="bekrafta">Jag vill stoppa årshjulet ${ar}: årets pågående rapporter avbryts och deras öppna uppgifter försvinner ur listorna. Sammanträdena fortsätter.</label></p><p><button class="sekundar" type="submit">Stoppa årshjulet ${ar}</button></p></form></details>`;
  if (aret.lage === 'STARTAT') {
    const forsenade = aret.oversikt.forsenade.length;
    return `${stycken([
      `Årshjulet ${ar} är igång: ${aret.oversikt.rapporter.length} rapporter, ${forsenade} ${forsenade === 1 ? 'försenat steg' : 'försenade steg'}.`,
    ])}
${stoppa}`;
  }
  if (aret.lage === 'SVARAR_INTE') {
    return `<p class="fel" role="alert">Årshjulet ${ar} är startat men svarar inte just nu. Kontrollera att Årshjuls worker körs (npm start). Nedan visas planen.</p>
${stoppa}`;
  }
  const { rapporter } = aret.oversikt;
  const varningar = rapporter.flatMap((r) => r.varningar.map((v) => `${r.titel}: ${v.meddelande}`));
  const steg = rapporter.flatMap((r) => r.steg);
  const forst = rapporter.map((r) => r.start).sort()[0];
  const hinder: { message: string }[] = aret.stoppat
    ? [{ message: 'ett år startas en gång, också om det har stoppats' }]
    : startFel(config, ar);
  const knapp =
    hinder.length === 0
      ? `<form method="post" action="/arshjul/starta">${csrfFalt(csrf)}<input type="hidden" name="ar" value="${ar}"><p><button type="submit">Starta årshjulet ${ar}</button></p></form>`
      : stycken(hinder.map((f) => `Årshjulet ${ar} kan inte startas: ${f.message}.`));
  return `<div class="plan">
<h2>Årshjulet ${ar} är ${aret.stoppat ? `${e(aret.stoppat)}` : 'inte startat'}</h2>
${stycken([
  `Förhandsvisning av planen: ${rapporter.length} rapporter med ${steg.length} steg, ${moten(config, ar).length} sammanträden${forst ? `; den första rapporten startar ${forst}` : ''}.`,
  'När årshjulet startar får varje ansvarig sin uppgift med e-post på stegets startdag; steg vars startdag redan har passerat startar direkt.',
  `Stegen: ${[...new Set(steg.map((s) => UPPGIFT_NAMN[s.steg]))].join(', ')}.`,
])}
${varningar.length > 0 ? `<div class="fel"><p>Planen bryter mot en regel:</p><ul>${varningar.map((v) => `<li>${e(v)}</li>`).join('')}</ul></div>` : ''}
${knapp}
</div>`;
}
