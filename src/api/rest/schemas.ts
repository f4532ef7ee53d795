/**
 * The REST API's schemas: what each path, query and body must be, and what each answer holds. The same schemas
 * parse every request and make the OpenAPI document (./openapi.ts); the bodies of commands are the Updates'
 * own schemas without `aktor` — the actor is always the signed-in person.
 */
import { startvalSchema } from '../../domain/arshjulStart';
import 'zod-openapi';
import { dokumentformatSchema } from '../../documents';
import { arSchema as domanensArSchema, isoDateSchema } from '../../domain/datum';
import {
  laggTillArendeSchema,
  protokollforMotetSchema,
  protokollforParagrafSchema,
  SAMMANTRADE_FASER,
  skickaForJusteringSchema,
  rattaParagrafFaltSchema,
  anmalAnslagSchema,
} from '../../domain/sammantrade';
import {
  andraForfallodagSchema,
  paminnSchema,
  delegeraSchema,
  godkannSchema,
  returneraSchema,
  slutforSchema,
  tilldelaOmSchema,
  UPPGIFT_TYPER,
} from '../../domain/uppgift';
import { sparbarText, z } from '../../domain/validering';
import { DOKUMENT_ROLLER, DOKUMENT_TYPER } from '../../domain/arendedokument';
import { FEL_KODER } from './svar';

// --- errors ---------------------------------------------------------------------------------------------------

export const felSchema = z
  .object({
    field: z.string().meta({ description: 'Fältet, punktat (`paragraf.beslut.0`); tomt för hela anropet.' }),
    rule: z.string().meta({ description: 'Regelns stabila namn, t.ex. `obligatorisk`, `fel_fas`.' }),
    message: z.string().meta({ description: 'Vad som är fel, på svenska.' }),
  })
  .meta({ id: 'Fel' });

export const felsvarSchema = z
  .object({
    error: z.enum(Object.values(FEL_KODER) as [string, ...string[]]),
    message: z.string(),
    issues: z.array(felSchema),
  })
  .meta({
    id: 'Felsvar',
    description: 'Varje fel är JSON som namnger fältet och regeln; aldrig en stackspårning.',
  });

// --- path and query --------------------------------------------------------------------------------------------

export const kommunIdSchema = z
  .string()
  .max(60)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'ett kommun-id, t.ex. lund')
  .meta({ description: 'Kommunens id i konfigurationen.', example: 'lund' });
export const organSchema = z
  .string()
  .max(20)
  .regex(/^[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*$/, 'organets kortnamn med versaler, t.ex. KS')
  .meta({ description: 'Organets kortnamn.', example: 'KS' });
export const datumSchema = isoDateSchema.meta({
  description: 'Sammanträdets dag, ÅÅÅÅ-MM-DD.',
  example: '2023-10-11',
});
export const arSchema = domanensArSchema.meta({ description: 'Året (1900–2100).', example: '2027' });
export const uppgiftIdSchema = z
  .string()
  .max(300)
  .regex(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, 'ett uppgifts-id, t.ex. lund/KS/2026-12-10/protokoll-1')
  .meta({
    description: 'Uppgiftens id; snedstreck kodas som %2F i adressen.',
    example: 'lund/KS/2026-12-10/justering-1-ks-ordforande',
  });
export const nummerSchema = z
  .string()
  .regex(/^[1-9]\d{0,5}$/, 'ett paragrafnummer, t.ex. 336')
  .transform(Number)
  .meta({ description: 'Paragrafens nummer.', example: '336' });

export const kommunParams = z.object({ kommun: kommunIdSchema }).strict();
export const personParams = z
  .object({
    kommun: kommunIdSchema,
    person: z
      .string()
      .max(60)
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'ett person-id ur konfigurationen, t.ex. handlaggare-ks')
      .meta({ description: 'Personens id i kommunens konfiguration.', example: 'handlaggare-ks' }),
  })
  .strict();
export const sessionerAterkalladeSchema = z
  .object({
    person: z.string(),
    aterkallade: z
      .int()
      .min(0)
      .meta({ description: 'Hur många inloggningar som var giltiga och nu är avslutade.' }),
  })
  .strict()
  .meta({ id: 'SessionerAterkallade' });
export const arParams = z.object({ kommun: kommunIdSchema, ar: arSchema }).strict();
export const uppgiftParams = z.object({ id: uppgiftIdSchema }).strict();
export const sammantradeParams = z
  .object({ kommun: kommunIdSchema, organ: organSchema, datum: datumSchema })
  .strict();
export const paragrafParams = sammantradeParams.extend({ nummer: nummerSchema }).strict();
export const arendeParams = z.object({ id: z.uuid('ett ärendes id (uuid)') }).strict();

const UPPGIFT_STATUSAR = ['OPPEN', 'KLAR', 'GODKAND', 'RETURNERAD', 'AVBRUTEN'] as const;

export const uppgifterQuery = z
  .object({
    status: z.enum(UPPGIFT_STATUSAR).optional().meta({ description: 'Bara uppgifter med denna status.' }),
    organ: organSchema.optional(),
    typ: z.enum(UPPGIFT_TYPER).optional(),
    forsenad: z
      .enum(['true', 'false'])
      .optional()
      .meta({ description: 'Bara försenade (eller bara i tid).' }),
  })
  .strict();

export const arendenQuery = z
  .object({
    ar: arSchema.optional(),
    organ: organSchema.optional(),
    diarium: z.string().min(1).max(40).optional(),
  })
  .strict();

export const dokumentQuery = z
  .object({
    format: dokumentformatSchema
      .default('pdf')
      .meta({ description: 'PDF (arkivbeständig, inbäddade typsnitt), DOCX (redigerbar) eller HTML.' }),
  })
  .strict();
export const utdragQuery = dokumentQuery
  .extend({
    paragrafer: z
      .string()
      .regex(/^[1-9]\d{0,5}(,[1-9]\d{0,5}){0,49}$/, 'paragrafnummer med komma emellan, t.ex. 336,337')
      .transform((s) => s.split(',').map(Number))
      .meta({ description: 'Paragraferna i utdraget.', example: '336' }),
  })
  .strict();

// --- bodies of commands ----------------------------------------------------------------------------------------

export const slutforBody = slutforSchema.omit({ aktor: true }).meta({ id: 'Slutfor' });
export const godkannBody = godkannSchema.omit({ aktor: true }).meta({ id: 'Godkann' });
export const returneraBody = returneraSchema.omit({ aktor: true }).meta({ id: 'Returnera' });
export const delegeraBody = delegeraSchema.omit({ aktor: true }).meta({ id: 'Delegera' });
export const tilldelaOmBody = tilldelaOmSchema.omit({ aktor: true }).meta({ id: 'TilldelaOm' });
export const andraForfallodagBody = andraForfallodagSchema
  .omit({ aktor: true })
  .meta({ id: 'AndraForfallodag' });
export const paminnBody = paminnSchema.omit({ aktor: true }).meta({ id: 'Paminn' });

export const startaSammantradeBody = z
  .object({ kommun: kommunIdSchema, organ: organSchema, datum: datumSchema })
  .strict()
  .meta({ id: 'StartaSammantrade' });
// The approved versions (`bilagor`) come from the register, never from the request.
export const arendeBody = laggTillArendeSchema.shape.arende
  .omit({ bilagor: true })
  .meta({ id: 'Arendepunkt' });
export const motetBody = protokollforMotetSchema.omit({ aktor: true }).meta({ id: 'Motet' });
export const paragrafBody = protokollforParagrafSchema.omit({ aktor: true }).meta({ id: 'NyParagraf' });
// The rules across a corrected §'s fields are the workflow's validator's, which names the § by its number.
export const rattaBody = rattaParagrafFaltSchema
  .omit({ aktor: true, nummer: true })
  .meta({ id: 'RattadParagraf' });
export const justeringBody = skickaForJusteringSchema.omit({ aktor: true });
export const anslagNedtagetBody = anmalAnslagSchema.omit({ aktor: true }).meta({ id: 'AnslagNedtaget' });

// --- answers ---------------------------------------------------------------------------------------------------

const handelseSchema = z
  .object({
    seq: z.int(),
    typ: z.string(),
    tid: z.iso.datetime(),
    aktor: z.string().optional(),
    paUppdragAv: z.string().optional(),
    kommentar: z.string().optional(),
    till: z.string().optional(),
    forfaller: z.string().optional(),
    paragrafer: z.array(z.int()).optional(),
  })
  .meta({ id: 'Handelse' });

export const uppgiftSammanfattningSchema = z
  .object({
    id: z.string(),
    kommun: z.string(),
    organ: z.string().optional(),
    typ: z.enum(UPPGIFT_TYPER),
    titel: z.string(),
    process: z.object({ id: z.string(), titel: z.string() }),
    tilldelad: z.string(),
    delegater: z.array(z.string()),
    forfaller: z.string(),
    status: z.enum(UPPGIFT_STATUSAR),
    forsenad: z.boolean(),
    lank: z.string().meta({ description: 'Uppgiftens sida i webbappen.' }),
  })
  .meta({ id: 'UppgiftSammanfattning' });
export const uppgiftSchema = uppgiftSammanfattningSchema
  .extend({ historik: z.array(handelseSchema) })
  .meta({ id: 'Uppgift' });
export const uppgiftListaSchema = z.object({ uppgifter: z.array(uppgiftSammanfattningSchema) });

export const kommunSchema = z
  .object({
    id: z.string(),
    namn: z.string(),
    organ: z.array(z.object({ kortnamn: z.string(), namn: z.string(), typ: z.string() })),
    ar: z.array(z.int()).meta({ description: 'Åren som har en sammanträdesplan.' }),
  })
  .meta({ id: 'Kommun' });
export const kommunListaSchema = z.object({ kommuner: z.array(kommunSchema) });

export const arsplanSchema = z
  .object({
    workflowId: z.string(),
    startat: z
      .boolean()
      .meta({ description: 'Om årshjulet körs; annars planen som den blir om det startas nu.' }),
    stoppat: z.string().optional().meta({
      description: 'Hur ett startat årshjul slutade (t.ex. "avbrutet"); planen visas då som ej startad.',
    }),
    svarar: z.boolean().meta({
      description:
        'Falskt när årshjulet körs men inte svarade just nu (ingen worker?): då visas planen som den blir i dag.',
    }),
    kommun: z.string(),
    ar: z.int(),
    idag: z.string(),
    rapporter: z.array(
      z.object({
        id: z.string(),
        titel: z.string(),
        organ: z.string(),
        status: z.enum(['PLANERAD', 'PAGAR', 'KLAR', 'UTELAMNAD']),
        start: z.string(),
        inlamning: z.string(),
        diarienummer: z.string().optional(),
        steg: z.array(z.object({ status: z.string(), uppgiftId: z.string().optional() })),
      }),
    ),
    forsenade: z.array(
      z.object({
        rapportId: z.string(),
        titel: z.string(),
        steg: z.string(),
        forfaller: z.string(),
        ansvarig: z.string(),
      }),
    ),
  })
  .meta({ id: 'Arsplan' });
export const arStartatSchema = z.object({ workflowId: z.string(), kommun: z.string(), ar: z.int() });

export const arStartBody = z
  .object({
    val: startvalSchema.optional().meta({
      description:
        'Per rapport-id: {"val":"kor"}, {"val":"utelamna"} eller {"val":"redan-gjort","till":"<steg>"} (steg till och med det gjordes utanför Årshjul). Rapporter som inte nämns körs som förslaget säger.',
    }),
    bekrafta: z.boolean().optional().meta({
      description:
        'Ta förslagen för alla rapporter. Krävs (eller val) när några av årets datum redan har passerat: se förhandsvisningen först.',
    }),
  })
  .strict();

const rapportvalSvar = z.object({
  val: z.enum(['kor', 'utelamna', 'redan-gjort']),
  till: z.string().optional(),
});
export const forhandsvisningSchema = z.object({
  kommun: z.string(),
  ar: z.int(),
  idag: z.string(),
  efterStart: z
    .boolean()
    .meta({ description: 'Några av årets datum har passerat: välj per rapport före start.' }),
  rapporter: z.array(
    z.object({
      id: z.string(),
      titel: z.string(),
      organ: z.string(),
      start: z.string(),
      beslut: z.string(),
      blockerad: z.boolean(),
      passerade: z.array(z.string()),
      forslag: rapportvalSvar,
      val: rapportvalSvar,
      startarIdag: z.boolean(),
      forsenade: z.array(
        z.object({ uppgiftId: z.string(), steg: z.string(), tilldelad: z.string(), forfaller: z.string() }),
      ),
    }),
  ),
  sammantraden: z.array(
    z.object({ organ: z.string(), datum: z.string(), redanHallet: z.boolean(), kallelseIdag: z.boolean() }),
  ),
  mail: z.array(z.object({ person: z.string(), namn: z.string(), antal: z.int(), vad: z.array(z.string()) })),
  antalMail: z.int(),
});
export const arStoppatSchema = z.object({
  workflowId: z.string(),
  kommun: z.string(),
  ar: z.int(),
  stoppat: z.literal(true),
});

export const sammantradeSchema = z
  .object({
    id: z.string(),
    kommun: z.string(),
    organ: z.string(),
    datum: z.string(),
    fas: z.enum(SAMMANTRADE_FASER),
    foredragningslista: z.array(
      z.object({ punkt: z.int(), rubrik: z.string(), diarienummer: z.string().optional() }),
    ),
    paragrafer: z.array(
      z.object({ nummer: z.int(), rubrik: z.string(), omedelbartJusterad: z.boolean().optional() }),
    ),
    justering: z.object({ datum: z.string(), klockan: z.string().optional(), plats: z.string() }).optional(),
    justerad: z.string().optional(),
    anslagUppsatt: z.string().optional(),
    uppgifter: z.array(
      z.object({ id: z.string(), typ: z.string(), tilldelad: z.string(), status: z.string() }),
    ),
  })
  .meta({ id: 'Sammantrade' });
export const sammantradeStartatSchema = z.object({ id: z.string(), lank: z.string() });
export const paragrafNummerSchema = z.object({ nummer: z.int() });

export const anslagSchema = z
  .object({
    typ: z.enum(['PROTOKOLL', 'OMEDELBAR', 'KALLELSE']),
    paragrafer: z.array(z.int()),
    uppsatt: z.string(),
    overklagandeSenast: z.string().optional(),
    nedtasTidigast: z.string().optional(),
    lagaKraft: z.string().optional(),
    nedtagen: z.string().optional(),
  })
  .meta({ id: 'Anslag' });
export const anslagListaSchema = z.object({ anslag: z.array(anslagSchema) });
export const anslagstavlaSchema = z.object({
  kommun: z.string(),
  anslag: z.array(
    anslagSchema.extend({
      organ: z.string(),
      organNamn: z.string().optional(),
      datum: z.string(),
      dokument: z.string().optional(),
    }),
  ),
});

export const arendeSchema = z
  .object({
    id: z.string(),
    diarienummer: z.string(),
    diarium: z.string(),
    ar: z.int(),
    rubrik: z.string(),
    organ: z.string(),
    registreradAv: z.string(),
    registrerad: z.iso.datetime(),
    avslutat: z.iso.datetime().optional(),
  })
  .meta({ id: 'Arende' });
export const arendeListaSchema = z.object({ arenden: z.array(arendeSchema) });

// --- an ärende's documents -------------------------------------------------------------------------------------

export const rapportParams = z
  .object({
    id: z
      .string()
      .max(200)
      .regex(
        /^[a-z0-9][a-z0-9-]*\/\d{4}\/[A-ZÅÄÖ][A-ZÅÄÖ0-9-]*\/[a-z0-9-]+$/,
        'en rapports id, t.ex. lund/2023/KS/delarsrapport-augusti',
      )
      .meta({
        description: 'Rapportens id (snedstrecken kodade: %2F).',
        example: 'lund/2023/KS/delarsrapport-augusti',
      }),
  })
  .strict();
export const dokumentParams = z.object({ id: z.uuid('ett dokuments id (uuid)') }).strict();

export const uppladdningBody = z
  .object({
    roll: z.enum(DOKUMENT_ROLLER).meta({ description: 'Tjänsteskrivelse, rapport eller bilaga.' }),
    kommentar: sparbarText()
      .trim()
      .max(4000)
      .optional()
      .meta({ description: 'Handläggarens kommentar till versionen (visas för den som godkänner).' }),
    uppgift: uppgiftIdSchema.optional().meta({ description: 'Uppgiften versionen laddas upp från.' }),
  })
  .strict()
  .meta({ id: 'Uppladdning' });

export const dokumentversionSchema = z
  .object({
    id: z.uuid(),
    nr: z.int().meta({ description: 'Versionens nummer i ärendet: 1, 2, … utan luckor.' }),
    roll: z.enum(DOKUMENT_ROLLER),
    namn: z.string(),
    typ: z.enum(DOKUMENT_TYPER),
    sha256: z.string().meta({ description: 'Innehållets SHA-256 (hex).' }),
    storlek: z.int(),
    uppladdadAv: z.string(),
    uppladdad: z.iso.datetime(),
    kommentar: z.string().optional(),
    lank: z.string().meta({ description: 'Hämta filen.' }),
    pdf: z.string().meta({ description: 'Visa den som PDF (DOCX, XLSX och ODT konverteras).' }),
  })
  .meta({ id: 'Dokumentversion' });

export const arendedokumentSchema = z
  .object({
    rapport: z.string(),
    titel: z.string(),
    diarienummer: z.string().optional(),
    versioner: z.array(dokumentversionSchema).meta({ description: 'Alla versioner, den äldsta först.' }),
    aktuella: z.array(z.uuid()).meta({ description: 'De aktuella versionerna (det som godkänns).' }),
    godkannanden: z.array(
      z.object({
        uppgift: z.string(),
        godkandAv: z.string(),
        godkand: z.iso.datetime(),
        dokument: z.array(z.object({ id: z.uuid(), sha256: z.string() })),
      }),
    ),
  })
  .meta({ id: 'Arendedokument' });
