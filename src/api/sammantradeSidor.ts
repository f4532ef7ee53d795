/**
 * The sekreterare's Sammanträde pages: the year's meetings (start one), and per meeting the föredragningslista,
 * the meeting's facts, the protocol § by §, sending it for justering and seeing who has justerat, the anslag,
 * the expediering, and the protokoll and protokollsutdrag to download. Forms only, no scripts.
 *
 * Every command is the meeting workflow's Update as the signed-in person (src/workflows/sammantrade.ts), so its
 * validator has the last word; a refusal comes back on the form, naming the field and the rule. Only the organ's
 * sekreterare and the kanslichef may use these pages (./sammantradeSidor/atkomst.ts).
 */
import { randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { Register } from '../db/register';
import { dateInStockholm, isoDateSchema, yearOf, type IsoDate } from '../domain/datum';
import { DokumentVagras, protokollDokument, protokollsutdragDokument } from '../domain/dokument';
import { behorighet, type BehorighetKommando } from '../domain/behorighet';
import type { KommunConfig } from '../domain/kommun';
import { utdragFel } from '../domain/protokoll';
import { kanGoras, laggTillArendeSchema, rapporterAttLagga, sammantradeId } from '../domain/sammantrade';
import { felFromZod, formatFel, z, type Fel } from '../domain/validering';
import { dokumentFil, dokumentformatSchema } from '../documents';
import { queryWhenReady } from '../temporal/client';
import {
  laggTillArendeUpdate,
  protokollforMotetUpdate,
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  type sammantrade,
  sammantradeQuery,
  skickaForJusteringUpdate,
  type SammantradeStatus,
} from '../workflows/sammantrade';
import { KOMMUN, STATUS } from '../workflows/searchAttributes';
import { skickaDokument } from './dokumentSvar';
import type { createInloggning, Session } from './inloggning';
import { organetsFolk, organFor, SIDORNA } from './sammantradeSidor/atkomst';
import { faltSchema, om, rader, varde, type Falt } from './sammantradeSidor/formular';
import { listsida, motesrader } from './sammantradeSidor/lista';
import { motesfalt, motesformular, parseMotesfakta } from './sammantradeSidor/motesformular';
import { motessida, type Motessida } from './sammantradeSidor/motessida';
import {
  beslutandeNamn,
  nyttParagraffalt,
  paragraffalt,
  paragrafformular,
  parseParagraf,
} from './sammantradeSidor/paragrafformular';
import { csrfFalt, e, felLista, sida as ram, stycken } from './sida';
import { STIL } from './sammantradeSidor/stil';
import { skickaUppdatering } from './uppdatering';
import type { WebbDeps } from './webbDeps';
import { startaSammantrade } from '../temporal/starta';

export type SammantradeSidorDeps = Pick<WebbDeps, 'client' | 'kommuner' | 'taskQueue'> & {
  register: Pick<Register, 'hamtaProtokoll' | 'rapporterForSammantrade' | 'audit'>;
};

/** The "Sparat" messages a redirect back to the page carries (`?sparat=…`). */
const SPARAT: Record<string, string> = {
  startat: 'Sparat: sammanträdet är startat.',
  redan: 'Sammanträdet var redan startat.',
  arende: 'Sparat: ärendet står på föredragningslistan.',
  motet: 'Sparat: sammanträdets fakta är protokollförda.',
  paragraf: 'Sparat: paragrafen är protokollförd.',
  justering: 'Sparat: protokollet är skickat till justering.',
};

const motetSchema = z.object({ organ: z.string().min(1), datum: isoDateSchema });

/** One meeting as a request names it, with the person's right to keep it checked. */
interface Motet {
  s: Session;
  config: KommunConfig;
  organ: string;
  datum: IsoDate;
  bas: string;
  handle: WorkflowHandle<typeof sammantrade>;
}

export function sammantradeSidor(
  deps: SammantradeSidorDeps,
  inloggning: ReturnType<typeof createInloggning>,
): express.Router {
  const router = express.Router();
  const { kravInloggning, kravCsrf } = inloggning;
  const falt = (req: Request): Falt => {
    const parsed = faltSchema.safeParse(req.body ?? {});
    return parsed.success ? parsed.data : {};
  };
  const sparat = (req: Request) =>
    typeof req.query.sparat === 'string' ? SPARAT[req.query.sparat] : undefined;

  /**
   * The meeting of `:organ/:datum`, or a page saying why not: unknown, or `kommando` not this person's
   * (`null`: checked later, as for the documents).
   */
  const motet = (
    req: Request,
    res: Response,
    kommando: BehorighetKommando | null = SIDORNA,
  ): Motet | undefined => {
    const s = res.locals.session as Session;
    const config = deps.kommuner.get(s.kommun)!;
    const parsed = motetSchema.safeParse(req.params);
    if (!parsed.success || !config.organ.some((o) => o.kortnamn === parsed.data.organ)) {
      sida(res, 404, 'Sammanträdet finns inte', stycken(['Okänt organ eller datum.']), { inloggad: s });
      return undefined;
    }
    const { organ, datum } = parsed.data;
    const nekad = kommando ? behorighet(config, s.person, kommando, { organ }) : [];
    if (nekad.length > 0) {
      sida(
        res,
        403,
        'Inte ditt sammanträde',
        `${stycken([`Bara sekreteraren för ${organ} och kanslichefen kan föra protokollet.`])}${nekad
          .map((f) => `<p class="fel">${e(f.message)} <span class="regel">[regel: ${e(f.rule)}]</span></p>`)
          .join('')}`,
        { inloggad: s },
      );
      return undefined;
    }
    return {
      s,
      config,
      organ,
      datum,
      bas: `/sammantraden/${encodeURIComponent(organ)}/${datum}`,
      handle: deps.client.workflow.getHandle<typeof sammantrade>(
        sammantradeId({ kommun: config.kommun.id, organ, datum }),
      ),
    };
  };

  /** The workflow's status, or a page offering to start it. */
  const status = async (m: Motet, res: Response): Promise<SammantradeStatus | undefined> => {
    try {
      return await queryWhenReady(m.handle, sammantradeQuery);
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      sida(
        res,
        404,
        `${organNamn(m.config, m.organ)} ${m.datum}`,
        `<p>Sammanträdet är inte startat.</p><form method="post" action="/sammantraden/starta">${csrfFalt(m.s.csrf)}<input type="hidden" name="organ" value="${e(m.organ)}"><input type="hidden" name="datum" value="${e(m.datum)}"><p><button type="submit">Starta sammanträdet</button></p></form><p><a href="/sammantraden">Alla sammanträden</a></p>`,
        { inloggad: m.s },
      );
      return undefined;
    }
  };

  /** Runs an Update; its refusal (the validator's `Fel`) is returned, any other failure thrown. */
  /** The sekreterare's command on the meeting: the reasons it was refused, or none. */
  const kommando = async (m: Motet, work: () => Promise<unknown>): Promise<Fel[]> => {
    const svar = await skickaUppdatering(m.handle, work, async () => [
      {
        field: 'datum',
        rule: 'sammantradet_avslutat',
        message: `sammanträdet ${m.datum} är avslutat; protokollet kan inte längre ändras här`,
      },
    ]);
    if (svar.ok) return [];
    if (svar.avvisning.slag === 'SAKNAS') {
      return [
        { field: 'datum', rule: 'startat', message: `sammanträdet ${m.datum} är inte startat i Årshjul` },
      ];
    }
    return svar.avvisning.fel;
  };

  // --- the year's meetings ------------------------------------------------------------------------------

  const lista = async (req: Request, res: Response, start?: { falt: Falt; fel: Fel[] }) => {
    const s = res.locals.session as Session;
    const config = deps.kommuner.get(s.kommun)!;
    const organ = organFor(s, config);
    if (organ.length === 0) {
      return sida(
        res,
        403,
        'Sammanträden',
        stycken(['Sidan är för sekreterare och kanslichefen: du är inte sekreterare för något organ.']),
        { inloggad: s },
      );
    }
    const ar = z.coerce
      .number()
      .int()
      .min(1900)
      .max(2100)
      .catch(yearOf(dateInStockholm(Date.now())));
    const year = ar.parse(req.query.ar ?? undefined);
    const rader = motesrader(config, organ, year, await startade(config.kommun.id, year));
    sida(
      res,
      start ? 400 : 200,
      'Sammanträden',
      listsida({
        config,
        organ,
        ar: year,
        rader,
        csrf: s.csrf,
        ...(start ? { start } : {}),
        ...om('meddelande', sparat(req) ?? ''),
      }),
      { inloggad: s },
    );
  };

  /** `organ/datum` → phase of every meeting workflow of the kommun started for the year (from visibility). */
  const startade = async (kommun: string, ar: number): Promise<Map<string, string>> => {
    const fas = new Map<string, string>();
    const prefix = `sammantrade/${kommun}/`;
    try {
      for await (const w of deps.client.workflow.list({
        query: `WorkflowType = 'sammantrade' AND ${KOMMUN.name} = '${kommun.replace(/'/g, '')}'`,
      })) {
        if (!w.workflowId.startsWith(prefix)) continue;
        const key = w.workflowId.slice(prefix.length);
        if (!key.split('/')[1]?.startsWith(`${ar}-`)) continue;
        fas.set(key, w.typedSearchAttributes.get(STATUS) ?? 'OKAND');
      }
    } catch (error) {
      console.error('Listing the meeting workflows failed:', error);
    }
    return fas;
  };

  router.get('/sammantraden', kravInloggning, (req, res) => lista(req, res));

  router.post('/sammantraden/starta', kravInloggning, kravCsrf, async (req, res) => {
    const s = res.locals.session as Session;
    const config = deps.kommuner.get(s.kommun)!;
    const f = falt(req);
    const parsed = motetSchema.safeParse({ organ: varde(f, 'organ'), datum: varde(f, 'datum') });
    const fel: Fel[] = parsed.success ? [] : felFromZod(parsed.error);
    if (parsed.success && !config.organ.some((o) => o.kortnamn === parsed.data.organ)) {
      fel.push({ field: 'organ', rule: 'organ_finns', message: `okänt organ "${parsed.data.organ}"` });
    } else if (parsed.success) {
      const nekad = behorighet(config, s.person, 'sammantrade.starta', { organ: parsed.data.organ });
      fel.push(...nekad.map((f) => ({ ...f, field: 'organ' })));
    }
    if (!parsed.success || fel.length > 0) return lista(req, res, { falt: f, fel });
    const { organ, datum } = parsed.data;
    const bas = `/sammantraden/${encodeURIComponent(organ)}/${datum}`;
    const startat = await startaSammantrade(deps.client, config, { organ, datum }, deps.taskQueue, {
      register: deps.register,
      aktor: s.person,
    });
    if (!startat.startat) return res.redirect(303, `${bas}?sparat=redan`);
    res.redirect(303, `${bas}?sparat=startat`);
  });

  // --- the meeting page ---------------------------------------------------------------------------------

  const visaMotet = async (
    req: Request,
    res: Response,
    m: Motet,
    extra: Pick<Motessida, 'arende'> & { fel?: Fel[] } = {},
  ) => {
    const st = await status(m, res);
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
    const fel = extra.fel?.length
      ? `<div class="fel" role="alert"><h2>Det gick inte</h2><ul>${extra.fel.map((f) => `<li>${e(formatFel(f))} <span class="regel">[regel: ${e(f.rule)}]</span></li>`).join('')}</ul></div>`
      : '';
    sida(
      res,
      extra.fel?.length || extra.arende ? 409 : 200,
      `${st.state.fakta.organNamn} ${m.datum}`,
      `${fel}${motessida({
        status: st,
        bas: m.bas,
        csrf: m.s.csrf,
        rapporter,
        ...(extra.arende ? { arende: extra.arende } : {}),
        ...om('meddelande', sparat(req) ?? ''),
      })}<p><a href="/sammantraden">Alla sammanträden</a></p>`,
      { inloggad: m.s },
    );
  };

  router.get('/sammantraden/:organ/:datum', kravInloggning, async (req, res) => {
    const m = motet(req, res);
    if (m) await visaMotet(req, res, m);
  });

  router.post('/sammantraden/:organ/:datum/arende', kravInloggning, kravCsrf, async (req, res) => {
    const m = motet(req, res, 'sammantrade.laggTillArende');
    if (!m) return;
    const f = falt(req);
    const arende = laggTillArendeSchema.shape.arende.safeParse({
      rubrik: varde(f, 'arende.rubrik'),
      ...om('diarienummer', varde(f, 'arende.diarienummer')),
      forslagTillBeslut: rader(f, 'arende.forslagTillBeslut'),
      handlingar: rader(f, 'arende.handlingar'),
      ...om('foredragande', varde(f, 'arende.foredragande')),
    });
    const fel = arende.success
      ? await kommando(m, () =>
          m.handle.executeUpdate(laggTillArendeUpdate, {
            args: [{ aktor: m.s.person, arende: arende.data }],
          }),
        )
      : felFromZod(arende.error).map((x) => ({ ...x, field: `arende.${x.field}` }));
    if (fel.length > 0) return visaMotet(req, res, m, { arende: { falt: f, fel } });
    res.redirect(303, `${m.bas}?sparat=arende#foredragningslista`);
  });

  router.post('/sammantraden/:organ/:datum/justering', kravInloggning, kravCsrf, async (req, res) => {
    const m = motet(req, res, 'sammantrade.skickaForJustering');
    if (!m) return;
    const fel = await kommando(m, () =>
      m.handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: m.s.person }] }),
    );
    if (fel.length > 0) return visaMotet(req, res, m, { fel });
    res.redirect(303, `${m.bas}?sparat=justering#justering`);
  });

  // --- the meeting's facts ------------------------------------------------------------------------------

  const visaMotesformular = (res: Response, m: Motet, f: Falt, fel: Fel[]) =>
    sida(
      res,
      fel.length ? 409 : 200,
      `Sammanträdets fakta – ${organNamn(m.config, m.organ)} ${m.datum}`,
      `${motesformular(f, { config: m.config, organ: m.organ, action: `${m.bas}/motet`, csrf: m.s.csrf, fel })}<p><a href="${e(m.bas)}">Tillbaka till sammanträdet</a></p>`,
      { inloggad: m.s },
    );

  router.get('/sammantraden/:organ/:datum/motet', kravInloggning, async (req, res) => {
    const m = motet(req, res);
    if (!m) return;
    const st = await status(m, res);
    if (!st) return;
    visaMotesformular(res, m, motesfalt(st.state, m.config, m.s.person), []);
  });

  router.post('/sammantraden/:organ/:datum/motet', kravInloggning, kravCsrf, async (req, res) => {
    const m = motet(req, res, 'sammantrade.protokollforMotet');
    if (!m) return;
    const f = falt(req);
    const parsed = parseMotesfakta(f, m.config, m.organ);
    const fel = parsed.ok
      ? await kommando(m, () =>
          m.handle.executeUpdate(protokollforMotetUpdate, { args: [{ aktor: m.s.person, ...parsed.fakta }] }),
        )
      : parsed.fel;
    if (fel.length > 0) return visaMotesformular(res, m, f, fel);
    res.redirect(303, `${m.bas}?sparat=motet#motet`);
  });

  // --- one § --------------------------------------------------------------------------------------------

  const visaParagrafformular = (
    res: Response,
    m: Motet,
    st: SammantradeStatus,
    f: Falt,
    fel: Fel[],
    nummer?: number,
  ) => {
    const folk = organetsFolk(m.config, m.organ);
    const titel = nummer ? `Ändra § ${nummer}` : 'Protokollför paragraf';
    sida(
      res,
      fel.length ? 409 : 200,
      `${titel} – ${st.state.fakta.organNamn} ${m.datum}`,
      `${kanGoras(st.state, 'protokollforParagraf') ? '' : `<p class="fel">Protokollet kan inte ändras nu (${e(st.state.fas.toLowerCase())}).</p>`}${paragrafformular(
        f,
        {
          action: `${m.bas}/paragraf/${nummer ?? 'ny'}`,
          csrf: m.s.csrf,
          fel,
          beslutande: st.state.mote ? beslutandeNamn(st.state.mote.narvaro) : [],
          mottagare: folk.mottagare.map((p) => p.namn),
          knapp: nummer ? `Spara § ${nummer}` : 'Protokollför paragrafen',
        },
      )}<p><a href="${e(m.bas)}">Tillbaka till sammanträdet</a></p>`,
      { inloggad: m.s },
    );
  };

  /** A validator's path into the Update's argument (`paragraf.skickasTill…`) as the form names it. */
  const iFormularet = (fel: Fel[]) => fel.map((f) => ({ ...f, field: f.field.replace(/^paragraf\./, '') }));

  router.get('/sammantraden/:organ/:datum/paragraf/:nummer', kravInloggning, async (req, res) => {
    const m = motet(req, res);
    if (!m) return;
    const st = await status(m, res);
    if (!st) return;
    const beslutande = st.state.mote ? beslutandeNamn(st.state.mote.narvaro) : [];
    if (req.params.nummer === 'ny') {
      const punkt = z.coerce.number().int().safeParse(req.query.punkt);
      const arende = punkt.success ? st.state.arenden.find((a) => a.punkt === punkt.data) : undefined;
      const f = nyttParagraffalt(st.state.fakta.organNamn, arende);
      // The key makes a second submit of the same form harmless: the workflow refuses it by the key.
      f.nyckel = arende ? `punkt-${arende.punkt}` : `fri-${randomUUID()}`;
      return visaParagrafformular(res, m, st, f, []);
    }
    const p = st.state.paragrafer.find((x) => String(x.nummer) === req.params.nummer);
    if (!p) {
      return sida(
        res,
        404,
        'Paragrafen finns inte',
        stycken([`Ingen § ${req.params.nummer} i protokollet.`]),
        {
          inloggad: m.s,
        },
      );
    }
    visaParagrafformular(res, m, st, paragraffalt(p, beslutande), [], p.nummer);
  });

  router.post('/sammantraden/:organ/:datum/paragraf/:nummer', kravInloggning, kravCsrf, async (req, res) => {
    const ny = req.params.nummer === 'ny';
    const m = motet(req, res, ny ? 'sammantrade.protokollforParagraf' : 'sammantrade.rattaParagraf');
    if (!m) return;
    const f = falt(req);
    const nummer = z.coerce.number().int().min(1).safeParse(req.params.nummer);
    if (!ny && !nummer.success) {
      return sida(res, 404, 'Paragrafen finns inte', stycken(['Okänt paragrafnummer.']), { inloggad: m.s });
    }
    const parsed = parseParagraf(f);
    const nyckel = varde(f, 'nyckel');
    let fel: Fel[];
    if (!parsed.ok) fel = parsed.fel;
    else if (ny && !nyckel) fel = [{ field: 'nyckel', rule: 'obligatorisk', message: 'ladda om formuläret' }];
    else {
      fel = iFormularet(
        await kommando(m, () =>
          ny
            ? m.handle.executeUpdate(protokollforParagrafUpdate, {
                args: [{ aktor: m.s.person, nyckel, paragraf: parsed.paragraf }],
              })
            : m.handle.executeUpdate(rattaParagrafUpdate, {
                args: [{ aktor: m.s.person, nummer: nummer.data!, paragraf: parsed.paragraf }],
              }),
        ),
      );
    }
    if (fel.length > 0) {
      const st = await status(m, res);
      if (!st) return;
      return visaParagrafformular(res, m, st, f, fel, ny ? undefined : nummer.data);
    }
    res.redirect(303, `${m.bas}?sparat=paragraf#paragrafer`);
  });

  // --- the documents ------------------------------------------------------------------------------------

  router.get(
    '/sammantraden/:organ/:datum/:dokument',
    kravInloggning,
    async (req, res, next: NextFunction) => {
      const match = /^protokoll\.(\w+)$/.exec(String(req.params.dokument));
      if (!match) return next();
      await dokument(req, res, match[1]!);
    },
  );
  router.get('/sammantraden/:organ/:datum/protokollsutdrag/:fil', kravInloggning, async (req, res) => {
    const match = /^(\d+)\.(\w+)$/.exec(String(req.params.fil));
    if (!match)
      return sida(res, 404, 'Dokumentet finns inte', '', { inloggad: res.locals.session as Session });
    await dokument(req, res, match[2]!, Number(match[1]));
  });

  /** The protocol as the register has it, or the utdrag of § `paragraf`, in `format`; refusals as pages. */
  const dokument = async (req: Request, res: Response, format: string, paragraf?: number) => {
    const s = res.locals.session as Session;
    const m = motet(req, res, null);
    if (!m) return;
    const fmt = dokumentformatSchema.safeParse(format);
    const protokoll = fmt.success
      ? await deps.register.hamtaProtokoll({ kommun: m.config.kommun.id, organ: m.organ, datum: m.datum })
      : undefined;
    if (!fmt.success || !protokoll) {
      return sida(
        res,
        404,
        'Dokumentet finns inte',
        stycken([
          fmt.success
            ? 'Protokollet finns inte ännu: det sparas när sammanträdets fakta och en paragraf är protokollförda.'
            : 'Formatet finns inte: välj pdf, docx eller html.',
        ]),
        { inloggad: s },
      );
    }
    const nekad = behorighet(m.config, s.person, 'dokument.protokoll', {
      organ: m.organ,
      justerad: protokoll.justering.justerad !== undefined,
    });
    if (nekad.length > 0) {
      return sida(
        res,
        403,
        'Protokollet är inte justerat',
        `${stycken([
          'Före justeringen kan bara sekreteraren, kanslichefen, ordföranden och justerarna läsa protokollet.',
        ])}${nekad.map((f) => `<p class="fel">${e(f.message)}</p>`).join('')}`,
        { inloggad: s },
      );
    }
    const fel = paragraf === undefined ? [] : utdragFel(protokoll, [paragraf]);
    try {
      if (fel.length > 0) throw new DokumentVagras(fel);
      const d =
        paragraf === undefined
          ? protokollDokument(protokoll)
          : protokollsutdragDokument(protokoll, [paragraf]);
      const fil = await dokumentFil(d, fmt.data);
      skickaDokument(res, fil);
    } catch (error) {
      if (!(error instanceof DokumentVagras)) throw error;
      sida(
        res,
        409,
        paragraf === undefined ? 'Protokollet kan inte göras' : 'Protokollsutdraget kan inte göras',
        `${felLista(error.fel)}<p><a href="${e(m.bas)}">Tillbaka till sammanträdet</a></p>`,
        { inloggad: s },
      );
    }
  };

  return router;
}

/** The page frame, with the forms' styles. */
const sida = (...[res, status, titel, html, options]: Parameters<typeof ram>) =>
  ram(res, status, titel, `${STIL}${html}`, options);

const organNamn = (config: KommunConfig, organ: string) =>
  config.organ.find((o) => o.kortnamn === organ)?.namn ?? organ;
