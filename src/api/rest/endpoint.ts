/**
 * One endpoint of the REST API, declared once: its method and path, the schemas its path, query and body must
 * match, what it answers, and its handler. The same declaration registers the route (parsing every input with its
 * schemas before the handler sees it) and becomes the endpoint's part of the OpenAPI document (./openapi.ts).
 */
import type express from 'express';
import { type Request, type Response } from 'express';
import multer from 'multer';
import { felFromZod, sparbarTextFel, z, type Fel } from '../../domain/validering';
import { skickaDokument, type Dokumentfil } from '../dokumentSvar';
import type { Session } from '../session';
import type { WebbDeps } from '../webbDeps';
import { JsonSvar } from './jsonSvar';
import { ApiFel, ogiltig, skickaFel, type FelStatus } from './svar';

export type Metod = 'get' | 'post' | 'put';

/** A file answer: a document in PDF, DOCX or HTML. */
export type Fil = Dokumentfil;

export interface Kontext<P, Q, B, F = never> {
  params: P;
  query: Q;
  body: B;
  /** The signed-in person; a public endpoint may have none. */
  session: Session | undefined;
  deps: WebbDeps;
  /** An upload's file (endpoints with `fil`), as sent: its name and bytes. */
  fil?: { namn: string; bytes: Uint8Array };
  /**
   * A command sent with an `Idempotency-Key` header: the Update id it becomes (spread into `executeUpdate`'s
   * options), so the same command sent twice — a double click, a client's retry — is applied once.
   */
  idempotens: { updateId?: string };
  /** The endpoint's `forhamta` read, when the API's gate started it; absent, the handler reads it itself. */
  forhamtat?: Promise<F>;
}

/** What an `Idempotency-Key` may be: a client's UUID or similar token. */
const idempotensnyckel = z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/);

/**
 * An upload: the command is `multipart/form-data`, its file in the part `falt` and its other fields parsed by
 * `body`. A cross-site HTML form can send multipart, so such a command must also carry the header
 * `X-Requested-By: arshjul`, which no form and no script elsewhere can add (no CORS preflight is ever granted).
 */
export interface Filuppladdning {
  falt: string;
  beskrivning: string;
  /** The largest file any kommun accepts, in MB; each kommun's own limit is the handler's check. */
  maxMb: (deps: WebbDeps) => number;
}

/** The header a multipart command must carry (see `Filuppladdning`). */
export const UPPLADDNING_HEADER = { namn: 'X-Requested-By', varde: 'arshjul' } as const;

interface Svarsbeskrivning<R extends z.ZodType> {
  status: 200 | 201;
  beskrivning: string;
  /** The JSON answer's schema; absent for a file answer. */
  schema?: R;
  /** For a file answer: its media types. */
  filer?: readonly string[];
}

export interface EndpointDef<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends z.ZodType,
  F = never,
> {
  metod: Metod;
  /** The path as OpenAPI writes it: `/api/sammantraden/{kommun}/{organ}/{datum}`. */
  sokvag: string;
  tagg: string;
  sammanfattning: string;
  beskrivning?: string;
  /** Answers without a session. */
  publik?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** The command is an upload (multipart/form-data) of one file. */
  fil?: Filuppladdning;
  svar: Svarsbeskrivning<R>;
  /** The error answers it can give besides 400 (and 401 when not public). */
  fel: readonly Exclude<FelStatus, 400 | 401 | 413 | 415>[];
  /**
   * A register read the handler needs whatever the body says (a command's task row), from the path's params as
   * sent: the API's gate starts it beside the session's read, so the two round trips overlap, and the handler
   * gets it as `k.forhamtat`. A read only — it may be made for a request whose session then turns out revoked.
   */
  forhamta?: (deps: WebbDeps, params: Record<string, string>) => Promise<F>;
  hantera(
    k: Kontext<z.output<P>, z.output<Q>, z.output<B>, F>,
  ): Promise<z.input<R> | JsonSvar<z.input<R>> | Fil>;
}

/** An endpoint with its types erased: what the router and the OpenAPI document need. */
export interface Endpoint {
  metod: Metod;
  sokvag: string;
  tagg: string;
  sammanfattning: string;
  beskrivning?: string;
  publik: boolean;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  fil?: Filuppladdning;
  svar: Svarsbeskrivning<z.ZodType>;
  fel: readonly FelStatus[];
  /** Starts the endpoint's `forhamta` read when `req` is for it; whether it did. */
  forhamta?(req: Request, deps: WebbDeps): boolean;
  registrera(router: express.Router, deps: WebbDeps, session: (req: Request) => Session | undefined): void;
}

/** The `forhamta` reads the gate started, by request. */
const forhamtade = new WeakMap<Request, Promise<unknown>>();

/** `/api/tasks/{id}/slutfor` as a pattern whose named groups are the params, still %-encoded. */
function sokvagsmonster(sokvag: string): RegExp {
  const text = sokvag.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '(?<$1>[^/]+)');
  return new RegExp(`^${text}/?$`);
}

/** The params of `sokvag` in `path`, decoded as express decodes them; undefined when it is not the endpoint's. */
function parametrar(monster: RegExp, path: string): Record<string, string> | undefined {
  const grupper = monster.exec(path)?.groups;
  if (!grupper) return undefined;
  try {
    return Object.fromEntries(Object.entries(grupper).map(([k, v]) => [k, decodeURIComponent(v)]));
  } catch {
    return undefined;
  }
}

const tom = z.object({}).strict();

/** Express writes `{name}` as `:name`. */
export const expressSokvag = (sokvag: string) => sokvag.replace(/\{(\w+)\}/g, ':$1');

export function endpoint<
  P extends z.ZodType = typeof tom,
  Q extends z.ZodType = typeof tom,
  B extends z.ZodType = typeof tom,
  R extends z.ZodType = z.ZodType,
  F = never,
>(def: EndpointDef<P, Q, B, R, F>): Endpoint {
  const kommando = def.metod !== 'get';
  const parse = <S extends z.ZodType>(schema: S, input: unknown, del: string): z.output<S> => {
    const result = schema.safeParse(input);
    if (!result.success) throw ogiltig(felAv(result.error, del));
    return result.data;
  };
  return {
    metod: def.metod,
    sokvag: def.sokvag,
    tagg: def.tagg,
    sammanfattning: def.sammanfattning,
    ...(def.beskrivning ? { beskrivning: def.beskrivning } : {}),
    publik: def.publik ?? false,
    ...(def.params ? { params: def.params } : {}),
    ...(def.query ? { query: def.query } : {}),
    ...(def.body ? { body: def.body } : kommando ? { body: tom } : {}),
    ...(def.fil ? { fil: def.fil } : {}),
    svar: def.svar,
    fel: def.fel,
    ...(def.forhamta ? { forhamta: forhamtaren(def.metod, def.sokvag, def.forhamta) } : {}),
    registrera(router, deps, session) {
      router[def.metod](expressSokvag(def.sokvag), async (req: Request, res: Response) => {
        try {
          // A command must say it is JSON. A cross-site HTML form cannot send `application/json`, and a script
          // elsewhere cannot either without a CORS preflight this API never grants: this, with the SameSite
          // session cookie, is the API's CSRF protection.
          const fil = def.fil ? await lasFil(req, res, def.fil, deps) : undefined;
          if (kommando && !def.fil && !req.is('application/json')) {
            throw new ApiFel(415, [
              {
                field: 'content-type',
                rule: 'json',
                message: 'kommandon skickas som JSON: Content-Type: application/json',
              },
            ]);
          }
          const params = parse(def.params ?? tom, { ...req.params }, 'path') as z.output<P>;
          const query = parse(def.query ?? tom, { ...(req.query as object) }, 'query') as z.output<Q>;
          // Every text the register cannot store is refused by its field, whatever the body's schema says.
          const tecken = kommando ? sparbarTextFel(req.body ?? {}) : [];
          if (tecken.length > 0) throw ogiltig(tecken);
          const body = kommando ? parse(def.body ?? tom, req.body ?? {}, 'body') : undefined;
          const nyckel = kommando ? req.get('idempotency-key') : undefined;
          if (nyckel !== undefined && !idempotensnyckel.safeParse(nyckel).success) {
            throw ogiltig([
              {
                field: 'idempotency-key',
                rule: 'idempotensnyckel',
                message:
                  'Idempotency-Key: 1–128 tecken av A–Z, a–z, 0–9, punkt, kolon, bindestreck och understreck',
              },
            ]);
          }
          const svar = await def.hantera({
            // Scoped by person and command: one person's key never answers for another's command.
            idempotens:
              nyckel !== undefined
                ? { updateId: `api:${session(req)?.person ?? '-'}:${def.metod}:${def.sokvag}:${nyckel}` }
                : {},
            params,
            query,
            body: body as z.output<B>,
            session: session(req),
            deps,
            ...(forhamtade.has(req) ? { forhamtat: forhamtade.get(req) as Promise<F> } : {}),
            ...(fil ? { fil } : {}),
          });
          res.status(def.svar.status);
          if (isFil(svar)) return skickaDokument(res, svar);
          // What the API answers a signed-in person is theirs: no shared or browser cache keeps it.
          res.set('Cache-Control', 'no-store');
          // A JSON answer serialized once (./jsonSvar.ts) goes as its bytes, under its tag.
          if (svar instanceof JsonSvar) return res.type('json').set('ETag', svar.etag).send(svar.bytes);
          res.json(svar);
        } catch (error) {
          if (error instanceof ApiFel) return skickaFel(res, error);
          throw error;
        }
      });
    },
  };
}

/** The gate's starter of an endpoint's `forhamta` read: for a request of its method and path only. */
function forhamtaren<F>(
  metod: Metod,
  sokvag: string,
  forhamta: (deps: WebbDeps, params: Record<string, string>) => Promise<F>,
): NonNullable<Endpoint['forhamta']> {
  const monster = sokvagsmonster(sokvag);
  return (req, deps) => {
    if (req.method.toLowerCase() !== metod) return false;
    const params = parametrar(monster, req.baseUrl + req.path);
    if (!params) return false;
    const last = forhamta(deps, params);
    // A request refused before its handler (no session, a bad body) never reads it: no unhandled rejection.
    last.catch(() => undefined);
    forhamtade.set(req, last);
    return true;
  };
}

/**
 * The upload's file and fields, read into memory by multer: one file at most as large as `fil.maxMb` allows, a
 * few short fields. A request that is not multipart, lacks the header, or breaks a limit is refused naming why.
 */
async function lasFil(
  req: Request,
  res: Response,
  fil: Filuppladdning,
  deps: WebbDeps,
): Promise<{ namn: string; bytes: Uint8Array } | undefined> {
  if (!req.is('multipart/form-data')) {
    throw new ApiFel(415, [
      {
        field: 'content-type',
        rule: 'multipart',
        message: `filen skickas som multipart/form-data, i fältet "${fil.falt}"`,
      },
    ]);
  }
  if (req.get(UPPLADDNING_HEADER.namn) !== UPPLADDNING_HEADER.varde) {
    throw new ApiFel(403, [
      {
        field: UPPLADDNING_HEADER.namn,
        rule: 'uppladdning_header',
        message: `en uppladdning skickas med huvudet ${UPPLADDNING_HEADER.namn}: ${UPPLADDNING_HEADER.varde}`,
      },
    ]);
  }
  const maxMb = fil.maxMb(deps);
  const tolk = multer({
    storage: multer.memoryStorage(),
    // The name as sent, path and all: a name with a path is refused by its rule, not silently cut.
    preservePath: true,
    limits: { fileSize: maxMb * 1024 * 1024, files: 1, fields: 10, fieldSize: 16 * 1024, parts: 12 },
  }).single(fil.falt);
  await new Promise<void>((resolve, reject) =>
    tolk(req, res, (error: unknown) => (error ? reject(multerFel(error, fil, maxMb)) : resolve())),
  );
  const f = req.file;
  if (!f) return undefined;
  // Busboy gives the name as latin1 bytes unless told otherwise; browsers send UTF-8.
  return { namn: Buffer.from(f.originalname, 'latin1').toString('utf8'), bytes: new Uint8Array(f.buffer) };
}

function multerFel(error: unknown, fil: Filuppladdning, maxMb: number): unknown {
  if (!(error instanceof multer.MulterError)) {
    return ogiltig([
      { field: 'body', rule: 'multipart', message: 'kroppen är inte giltig multipart/form-data' },
    ]);
  }
  if (error.code === 'LIMIT_FILE_SIZE') {
    return new ApiFel(413, [
      { field: fil.falt, rule: 'fil_storlek', message: `filen är större än ${maxMb} MB` },
    ]);
  }
  if (error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT') {
    return ogiltig([
      {
        field: error.field ?? fil.falt,
        rule: 'en_fil',
        message: `skicka en fil, i fältet "${fil.falt}"`,
      },
    ]);
  }
  return new ApiFel(413, [{ field: error.field ?? 'body', rule: 'storlek', message: error.message }]);
}

/**
 * Each issue names its field: an unknown field by its own name, a problem with the whole path, query or body by
 * that part's name.
 */
function felAv(error: z.ZodError, del: string): Fel[] {
  const okanda = error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({
          // A blank name is still named: `query[" "]`.
          field: [...issue.path.map(String), key.trim() ? key : `${del}[${JSON.stringify(key)}]`].join('.'),
          rule: 'okant_falt',
          message: `okänt fält "${key}"`,
        }))
      : [],
  );
  const ovriga = felFromZod(
    new z.ZodError(error.issues.filter((issue) => issue.code !== 'unrecognized_keys')),
  ).map((f) => (f.field ? f : { ...f, field: del }));
  return [...okanda, ...ovriga];
}

function isFil(svar: unknown): svar is Fil {
  return (
    typeof svar === 'object' &&
    svar !== null &&
    !(svar instanceof JsonSvar) &&
    Buffer.isBuffer((svar as Partial<Fil>).bytes)
  );
}

/** The signed-in person in a handler of an endpoint that is not public (the router has answered 401 before). */
export function inloggad(k: { session: Session | undefined }): Session {
  if (!k.session)
    throw new ApiFel(401, [{ field: 'arshjul_session', rule: 'inloggning', message: 'logga in först' }]);
  return k.session;
}
