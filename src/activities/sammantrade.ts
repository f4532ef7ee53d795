/**
 * The register's side of the sammanträde chain — § numbers, the protocol and its versions, justeringar, anslag
 * and expedieringar — as thin, idempotent activities. Each payload is parsed once here (the protocol by its own
 * schema); what can never succeed on a retry — a bad payload, a § number taken twice, a protocol version
 * stored with other content, data the database refuses — fails without retrying, saying why.
 */
import { ApplicationFailure } from '@temporalio/common';
import { rapporterTillMotet } from '../arkiv/bilagor';
import type { Register } from '../db/register';
import { ParagrafKonflikt, protokollHash, ProtokollversionKonflikt, sammantradeId } from '../db/sammantraden';
import { tillampaProtokollandring, type Protokollandring } from '../domain/protokollandring';
import { isoDateSchema } from '../domain/datum';
import { protokollSchema, type Protokoll } from '../domain/protokoll';
import { SAMMANTRADE_FASER } from '../domain/sammantrade';
import { felFromZod, formatFel, z } from '../domain/validering';
import type { SammantradeActivities } from '../workflows/activities';
import { klassaRegisterfel } from './registerfel';

export interface SammantradeDeps {
  register: Register;
}

const nyckelSchema = {
  kommun: z.string().min(1),
  organ: z.string().min(1),
  datum: isoDateSchema,
};
/** Workflow time, epoch ms. */
const tidSchema = z.int().min(0);
const paragrafSchema = z.int().min(1);

const tilldelaSchema = z.object({
  ...nyckelSchema,
  nyckel: z.string().min(1),
  serie: z.int().min(1900).max(2100).optional(),
  start: z.int().min(1).optional(),
});
const serieSchema = z.object({
  ...nyckelSchema,
  serie: z.int().min(1900).max(2100).optional(),
  forsta: z.int().min(1),
});

const sparaProtokollSchema = z.object({
  protokoll: protokollSchema,
  version: z.int().min(0),
  handelse: z.string().min(1),
  aktor: z.string().min(1).optional(),
  tid: tidSchema,
});

const sparaProtokollandringSchema = z.object({
  ...nyckelSchema,
  bas: z.int().min(0).optional(),
  andring: z.object({
    huvud: z.record(z.string(), z.unknown()).optional(),
    paragrafer: z.array(z.record(z.string(), z.unknown())),
    nummer: z.array(paragrafSchema),
  }),
  version: z.int().min(0),
  handelse: z.string().min(1),
  aktor: z.string().min(1).optional(),
  tid: tidSchema,
});

const justeringSchema = z.object({
  ...nyckelSchema,
  nyckel: z.string().min(1),
  version: z.int().min(0),
  person: z.string().min(1),
  typ: z.enum(['GODKAND', 'INVANDNING']),
  paragrafer: z.array(paragrafSchema),
  kommentar: z.string().optional(),
  tid: tidSchema,
});

const anslagSchema = z.object({
  ...nyckelSchema,
  nyckel: z.string().min(1),
  typ: z.enum(['PROTOKOLL', 'OMEDELBAR', 'KALLELSE']),
  paragrafer: z.array(paragrafSchema),
  uppsatt: isoDateSchema,
  nedtasTidigast: isoDateSchema.optional(),
  overklagandeSenast: isoDateSchema.optional(),
  lagaKraft: isoDateSchema.optional(),
  nedtagen: isoDateSchema.optional(),
});

const expedieringSchema = z.object({
  ...nyckelSchema,
  nyckel: z.string().min(1),
  paragraf: paragrafSchema,
  mottagare: z.string().min(1),
  for: z.enum(['VERKSTALLIGHET', 'KANNEDOM']),
  uppgiftId: z.string().min(1),
  skickad: tidSchema.optional(),
  kvitterad: tidSchema.optional(),
  overlamnad: tidSchema.optional(),
});

const fasSchema = z.object({
  ...nyckelSchema,
  fas: z.enum(SAMMANTRADE_FASER),
  seq: z.int().min(1),
});

export function createSammantradeActivities({ register }: SammantradeDeps): SammantradeActivities {
  return {
    async tilldelaParagrafnummer(raw) {
      const input = parse(tilldelaSchema, raw, 'tilldelaParagrafnummer');
      return registret(() => register.tilldelaParagrafnummer(input));
    },
    async bestamParagrafserie(raw) {
      const input = parse(serieSchema, raw, 'bestamParagrafserie');
      return registret(() => register.bestamParagrafserie(input));
    },
    async sparaProtokoll(raw) {
      const { tid, aktor, protokoll, ...input } = parse(sparaProtokollSchema, raw, 'sparaProtokoll');
      await registret(() =>
        register.sparaProtokoll({
          ...input,
          protokoll: protokoll as Protokoll,
          ...(aktor !== undefined ? { aktor } : {}),
          tid: new Date(tid),
        }),
      );
    },
    async sparaProtokollandring(raw) {
      const { tid, aktor, bas, andring, kommun, organ, datum, ...input } = parse(
        sparaProtokollandringSchema,
        raw,
        'sparaProtokollandring',
      );
      const id = sammantradeId({ kommun, organ, datum });
      const fore = bas === undefined ? undefined : await registret(() => register.protokollversion(id, bas));
      if (bas !== undefined && !fore) {
        // The workflow stores its versions one after the other: its base is always stored before.
        throw ApplicationFailure.create({
          type: 'ProtokollversionSaknas',
          message: `sparaProtokollandring: version ${bas} of the protocol of ${id} is not stored`,
          nonRetryable: true,
        });
      }
      const protokoll = parse(
        protokollSchema,
        tillampaProtokollandring(fore, andring as Protokollandring),
        'sparaProtokollandring',
      ) as Protokoll;
      await registret(() =>
        register.sparaProtokoll({
          ...input,
          protokoll,
          ...(aktor !== undefined ? { aktor } : {}),
          tid: new Date(tid),
        }),
      );
      return { sha256: protokollHash(JSON.stringify(protokoll)) };
    },
    async registreraJustering(raw) {
      const { tid, kommentar, ...input } = parse(justeringSchema, raw, 'registreraJustering');
      const { sha256 } = await registret(() =>
        register.registreraJustering({
          ...input,
          ...(kommentar !== undefined ? { kommentar } : {}),
          tid: new Date(tid),
        }),
      );
      return sha256 ? { sha256 } : {};
    },
    async sparaAnslag(raw) {
      const input = parse(anslagSchema, raw, 'sparaAnslag');
      await registret(() => register.sparaAnslag(input));
    },
    async avslutaArende(raw) {
      const input = parse(
        z.object({
          kommun: z.string().min(1),
          diarienummer: z.string().min(1),
          genom: z.string().min(1),
          tid: tidSchema,
        }),
        raw,
        'avslutaArende',
      );
      return registret(() => register.avslutaArende({ ...input, tid: new Date(input.tid) }));
    },
    async sparaSammantradetsFas(raw) {
      const input = parse(fasSchema, raw, 'sparaSammantradetsFas');
      await registret(() => register.sparaSammantradetsFas(input));
    },
    async rapporterForSammantrade(raw) {
      const input = parse(z.object(nyckelSchema), raw, 'rapporterForSammantrade');
      return registret(() => rapporterTillMotet(register, input));
    },
    async sparaExpediering(raw) {
      const { skickad, kvitterad, overlamnad, ...input } = parse(expedieringSchema, raw, 'sparaExpediering');
      await registret(() =>
        register.sparaExpediering({
          ...input,
          ...(skickad !== undefined ? { skickad: new Date(skickad) } : {}),
          ...(kvitterad !== undefined ? { kvitterad: new Date(kvitterad) } : {}),
          ...(overlamnad !== undefined ? { overlamnad: new Date(overlamnad) } : {}),
        }),
      );
    },
  };
}

function parse<S extends z.ZodType>(schema: S, raw: unknown, activity: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    // The same payload fails the same way on every attempt: do not retry it.
    const fel = felFromZod(result.error);
    throw ApplicationFailure.create({
      type: 'OgiltigSammantradesdata',
      message: `invalid ${activity} input: ${fel.map(formatFel).join('; ')}`,
      details: [fel],
      nonRetryable: true,
    });
  }
  return result.data;
}

/**
 * Runs a register write. A lost connection or a deadlock may pass on a retry; a conflict in the record or data
 * the database refuses (SQLSTATE classes 22 and 23) will not, so those fail at once.
 */
async function registret<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof ParagrafKonflikt) {
      throw ApplicationFailure.create({
        type: 'ParagrafKonflikt',
        message: error.message,
        details: [{ dubbletter: error.dubbletter, upptagna: error.upptagna }],
        nonRetryable: true,
        cause: error,
      });
    }
    if (error instanceof ProtokollversionKonflikt) {
      throw ApplicationFailure.create({
        type: 'ProtokollversionKonflikt',
        message: error.message,
        nonRetryable: true,
        cause: error,
      });
    }
    throw klassaRegisterfel(error);
  }
}
