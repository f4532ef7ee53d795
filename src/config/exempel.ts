/**
 * The example plans of other kommuner (`config/examples/planer/*.yaml`): a real sammanträdesplan from a public
 * source, the kommun's kinds of report, and — under `facit:` — which meeting took which report as the source
 * states it. A file holds only what the source says: the people, the diarium and the anslagstavla, which the
 * planner does not read, are filled in here with placeholders, so each file is a whole kommun configuration
 * that `arshjul ar plan --konfig FILE` plans.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isoDateSchema, type IsoDate } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import { planeraRapport } from '../domain/planering';
import { z } from '../domain/validering';
import { DEFAULT_CONFIG_DIR, loadKonfig } from './load';

export const EXEMPEL_DIR = path.join(DEFAULT_CONFIG_DIR, 'examples', 'planer');

/** What the source states about one report of one year: the meetings that took it. */
export const facitSchema = z
  .object({
    ar: z.int(),
    /** `<organ>/<rapportslag>`: `KS/delarsrapport`. */
    rapport: z.string().regex(/^[A-ZÅÄÖ0-9-]+\/[a-z0-9-]+$/),
    beredning: isoDateSchema.optional(),
    beslut: isoDateSchema.optional(),
    fullmaktige: isoDateSchema.optional(),
    /** The file pins this report (the kommun's choice follows from no general rule; the comment says why). */
    last: z.boolean().default(false),
    /** The kommun's own plan broke a rule here: the plan's warning that must come (`LAGKRAV_MISSAS`). */
    varning: z.string().optional(),
  })
  .strict();
export type Facit = z.output<typeof facitSchema>;

export interface Exempel {
  fil: string;
  /** The source gives only some of the year's meetings: a missing meeting is not the kommun's omission. */
  ofullstandigKalender: boolean;
  config: KommunConfig;
  kalla: { url: string; sager: string }[];
  facit: Facit[];
}

type Js = Record<string, unknown>;

/** The placeholders: the people a plan assigns, a diarium and an anslagstavla. */
function komplettera(js: Js): Js {
  const { kalla: _kalla, facit: _facit, ofullstandigKalender: _ofullstandig, ...rest } = js;
  const organ = (Array.isArray(rest.organ) ? rest.organ : []) as Js[];
  const id =
    typeof (rest.kommun as Js | undefined)?.id === 'string' ? ((rest.kommun as Js).id as string) : 'x';
  const epost = (namn: string) => `${namn}@${id}.example.org`;
  const person = (pid: string, namn: string, roller: Js[], chef?: string) => ({
    id: pid,
    namn,
    epost: epost(pid),
    roller,
    ...(chef ? { chef } : {}),
  });
  const personer: Js[] = [
    person('kanslichef', 'Kanslichefen (platshållare)', [{ roll: 'kanslichef' }]),
    person('registrator', 'Registratorn (platshållare)', [{ roll: 'registrator' }]),
    person('revisor', 'Revisorernas kontaktperson (platshållare)', [{ roll: 'revisor' }]),
  ];
  for (const o of organ) {
    const k = String(o.kortnamn).toLowerCase();
    personer.push(
      person(`sekreterare-${k}`, `Sekreteraren ${o.kortnamn}`, [{ roll: 'sekreterare', organ: o.kortnamn }]),
    );
    if (o.typ === 'styrelse' || o.typ === 'namnd') {
      personer.push(person(`chef-${k}`, `Chefen ${o.kortnamn}`, [{ roll: 'chef', organ: o.kortnamn }]));
      personer.push(
        person(
          `handlaggare-${k}`,
          `Handläggaren ${o.kortnamn}`,
          [{ roll: 'handlaggare', organ: o.kortnamn }],
          `chef-${k}`,
        ),
      );
    }
  }
  return {
    diarienummer: { format: '{diarium} {ar}/{nr:4}' },
    beslutsreferens: { format: '{organ} {datum} § {paragraf}' },
    protokoll: { forvaringsplats: 'Kommunkansliet' },
    anslagstavla: { url: `https://anslagstavla.${id}.example.org/` },
    ...rest,
    // A reglemente the source does not state: kallelse a week before (Svalöv, Hällefors), the rest by default.
    organ: organ.map((o) => ({ reglemente: { kallelseDagar: 7 }, ...o })),
    personer,
  };
}

export function lasExempel(fil: string): Exempel {
  const config = loadKonfig(fil, komplettera, false);
  const js = parse(readFileSync(fil, 'utf8')) as Js;
  const kalla = z.array(z.object({ url: z.url(), sager: z.string().min(3) }).strict()).parse(js.kalla ?? []);
  const facit = z.array(facitSchema).parse(js.facit ?? []);
  return { fil, ofullstandigKalender: js.ofullstandigKalender === true, config, kalla, facit };
}

/** Every example plan, by file name. */
export function allaExempel(dir: string = EXEMPEL_DIR): Exempel[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => lasExempel(path.join(dir, f)));
}

/** One fact of the source against the plan: which meeting the source names and which the plan chose. */
export interface Jamforelse {
  fil: string;
  ar: number;
  rapport: string;
  steg: 'beredning' | 'beslut' | 'fullmaktige';
  kalla: IsoDate;
  plan: IsoDate | undefined;
  last: boolean;
}

/** Every meeting the source names for a report, beside the one the plan chose. */
export function jamfor(exempel: Exempel): Jamforelse[] {
  return exempel.facit.flatMap((f) => {
    const [organ, slag] = f.rapport.split('/') as [string, string];
    const plan = planeraRapport(exempel.config, organ, slag, f.ar);
    const valt: Record<Jamforelse['steg'], IsoDate | undefined> = {
      beredning: plan.beredning?.datum,
      beslut: plan.steg.length > 0 ? plan.beslut.datum : undefined,
      fullmaktige: plan.fullmaktige?.datum,
    };
    return (['beredning', 'beslut', 'fullmaktige'] as const).flatMap((steg) =>
      f[steg] === undefined
        ? []
        : [
            {
              fil: path.basename(exempel.fil),
              ar: f.ar,
              rapport: f.rapport,
              steg,
              kalla: f[steg]!,
              plan: valt[steg],
              last: f.last,
            },
          ],
    );
  });
}
