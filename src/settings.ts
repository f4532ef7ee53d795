/**
 * Settings from the environment, parsed once. Every value has a default that makes `npm start` work on a
 * fresh machine; production sets TEMPORAL_ADDRESS, DATABASE_URL and SMTP_URL.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from './domain/validering';

const port = z.coerce.number().int().min(1).max(65535);
const ROOT = path.resolve(__dirname, '..');

const settingsObject = z.object({
  ARSHJUL_HTTP_HOST: z.string().default('127.0.0.1'),
  ARSHJUL_HTTP_PORT: port.default(3000),
  ARSHJUL_DATA_DIR: z.string().default(path.join(ROOT, 'var')),
  ARSHJUL_CONFIG_DIR: z.string().default(path.join(ROOT, 'config')),
  ARSHJUL_TASK_QUEUE: z.string().min(1).default('arshjul'),
  /** An existing Temporal frontend (host:port). When unset, `npm start` runs the embedded dev server. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  /** PostgreSQL for the register (`postgres://…`). When unset, PGlite in ARSHJUL_DATA_DIR/register. */
  DATABASE_URL: z.string().startsWith('postgres').optional(),
  /** SMTP relay for mail. When unset, `npm start` runs a local mail catcher and sends there. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'skrivs smtp://värd:port')
    .optional(),
  ARSHJUL_MAIL_FROM: z.string().min(3).default('Årshjul <arshjul@arshjul.example.org>'),
  /** Where links in mail point: the web app as users reach it. */
  ARSHJUL_BASE_URL: z.url().optional(),
  /**
   * Which proxies in front of the web app to believe about the client's address (X-Forwarded-For), for the
   * sign-in limiter and the logs: unset or `false` none (the connection's address counts); a number of hops
   * (`1`: one load balancer); or addresses and subnets, comma-separated (`loopback`, `10.0.0.0/8`). Express's
   * `trust proxy`. Never `true` where clients can reach the app directly: they could then name any address.
   */
  ARSHJUL_TRUST_PROXY: z
    .string()
    .regex(
      /^(false|true|\d+|[^\s,]+(\s*,\s*[^\s,]+)*)$/,
      'false, true, ett antal steg eller adresser med komma emellan',
    )
    .transform((v): boolean | number | string =>
      v === 'false' ? false : v === 'true' ? true : /^\d+$/.test(v) ? Number(v) : v,
    )
    .default(false),
  /** Signs the links in mail (at least 32 characters). When unset, one is kept in ARSHJUL_DATA_DIR/hemlighet. */
  ARSHJUL_SECRET: z.string().min(32, 'minst 32 tecken').optional(),
  /**
   * Secrets that signed before a rotation (comma-separated): they still verify what they signed (links in mail,
   * calendar feeds, sessions), while ARSHJUL_SECRET signs everything new. Remove one when what it signed may lapse.
   */
  ARSHJUL_SECRET_PREVIOUS: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((h) => h.trim())
        .filter((h) => h.length > 0),
    )
    .pipe(z.array(z.string().min(32, 'varje tidigare hemlighet minst 32 tecken')))
    .default([]),
  /**
   * Sign-in through a kommun's OpenID Connect provider, besides the mail link: all four, or none. The provider
   * signs people in to that kommun only (ARSHJUL_OIDC_KOMMUN); more kommuner: ARSHJUL_OIDC_KOMMUNER.
   */
  ARSHJUL_OIDC_ISSUER: z.url().optional(),
  ARSHJUL_OIDC_CLIENT_ID: z.string().min(1).optional(),
  ARSHJUL_OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  ARSHJUL_OIDC_KOMMUN: z.string().min(1).optional(),
  /** Each kommun's own provider, as JSON: `{"lund": {"issuer": …, "clientId": …, "clientSecret": …}, …}`. */
  ARSHJUL_OIDC_KOMMUNER: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'JSON: {"kommun": {"issuer", "clientId", "clientSecret"}}' });
        return z.NEVER;
      }
    })
    .pipe(
      z.record(
        z.string().min(1),
        z.object({ issuer: z.url(), clientId: z.string().min(1), clientSecret: z.string().min(1) }).strict(),
      ),
    )
    .optional(),
  /**
   * How many activities a worker runs at once; the register's PostgreSQL pool holds as many connections, so that
   * no activity waits for one (each holds one at a time, for a statement or a transaction).
   */
  ARSHJUL_ACTIVITY_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(40),
  ARSHJUL_MAIL_SMTP_PORT: port.default(1025),
  ARSHJUL_MAIL_WEB_PORT: port.default(1080),
  /**
   * Where the worker serves the Temporal SDK's Prometheus metrics (host:port, e.g. 0.0.0.0:9464). Unset: none.
   * The web app serves its own at /metrics.
   */
  ARSHJUL_WORKER_METRICS: z
    .string()
    .regex(/^[^:]+:\d+$/, 'skrivs värd:port')
    .optional(),
  /**
   * Worker Versioning (README, "Rolling deploys"): the build id of this worker's code, e.g. the image tag or git
   * commit. Set: the worker polls as version ARSHJUL_WORKER_DEPLOYMENT.<build id> of a Temporal Worker
   * Deployment, and its workflows move to the current version on their next task (AUTO_UPGRADE). Unset or
   * empty (the default): an unversioned worker, as before.
   */
  ARSHJUL_WORKER_BUILD_ID: z
    .string()
    // Empty counts as unset (docker-compose passes `${ARSHJUL_WORKER_BUILD_ID:-}` through).
    .regex(/^$|^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'bokstäver, siffror, punkt, bindestreck och understreck')
    .optional(),
  ARSHJUL_WORKER_DEPLOYMENT: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'bokstäver, siffror, bindestreck och understreck')
    .default('arshjul'),
});

/** Every setting's name (deploy checks compare docker-compose.yml with these). */
export const SETTING_NAMES = Object.keys(settingsObject.shape) as (keyof typeof settingsObject.shape)[];

/**
 * Settings that hold credentials: each may instead be given as `<NAME>_FILE`, the path of a file holding it (a
 * Docker or Kubernetes secret), so that it never shows in the environment.
 */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'SMTP_URL',
  'ARSHJUL_SECRET',
  'ARSHJUL_SECRET_PREVIOUS',
  'ARSHJUL_OIDC_CLIENT_SECRET',
  'ARSHJUL_OIDC_KOMMUNER',
] as const satisfies readonly (typeof SETTING_NAMES)[number][];

const settingsSchema = settingsObject.superRefine((s, ctx) => {
  const oidc = [
    'ARSHJUL_OIDC_ISSUER',
    'ARSHJUL_OIDC_CLIENT_ID',
    'ARSHJUL_OIDC_CLIENT_SECRET',
    'ARSHJUL_OIDC_KOMMUN',
  ] as const;
  const set = oidc.filter((k) => s[k] !== undefined);
  if (set.length > 0 && set.length < oidc.length) {
    for (const k of oidc.filter((k) => s[k] === undefined)) {
      ctx.addIssue({ code: 'custom', path: [k], message: `krävs när ${set.join(' och ')} är satt` });
    }
  }
});

export type Settings = z.output<typeof settingsSchema> & { ROOT: string };

/** The web app's address as users reach it (links in mail). */
export function baseUrl(settings: Settings): string {
  return settings.ARSHJUL_BASE_URL ?? `http://${settings.ARSHJUL_HTTP_HOST}:${settings.ARSHJUL_HTTP_PORT}`;
}

/** Without DATABASE_URL the register is PGlite in this folder of the data folder. */
export function registerDir(settings: Settings): string {
  return path.join(settings.ARSHJUL_DATA_DIR, 'register');
}

/** Each kommun's IdP, when sign-in through one is configured (kommun id → its provider). */
export function oidcSettings(
  settings: Settings,
): Record<string, { issuer: string; clientId: string; clientSecret: string }> | undefined {
  const { ARSHJUL_OIDC_ISSUER: issuer, ARSHJUL_OIDC_CLIENT_ID: clientId } = settings;
  const { ARSHJUL_OIDC_CLIENT_SECRET: clientSecret, ARSHJUL_OIDC_KOMMUN: kommun } = settings;
  const alla = {
    ...(settings.ARSHJUL_OIDC_KOMMUNER ?? {}),
    ...(issuer && clientId && clientSecret && kommun ? { [kommun]: { issuer, clientId, clientSecret } } : {}),
  };
  return Object.keys(alla).length > 0 ? alla : undefined;
}

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = settingsSchema.safeParse(withSecretFiles(env));
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join('\n')}`);
  }
  return { ...result.data, ROOT };
}

/** `env` with each `<NAME>_FILE` of a secret setting read into `<NAME>` (trailing newline dropped). */
function withSecretFiles(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const resolved = { ...env };
  for (const name of SECRET_SETTINGS) {
    const file = env[`${name}_FILE`];
    if (file === undefined) continue;
    if (env[name] !== undefined)
      throw new Error(`Invalid environment settings: set ${name} or ${name}_FILE, not both`);
    try {
      resolved[name] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      throw new Error(
        `Invalid environment settings:\n  ${name}_FILE: ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  }
  return resolved;
}
