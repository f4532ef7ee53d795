/**
 * docker-compose.yml and the Dockerfile, checked without a container engine (there is none on these machines):
 * the compose file is parsed as Compose reads it (anchors and merge keys, `${VAR:-default}` interpolation from
 * .env.example) and compared with what the app reads (src/settings.ts), with the native topology
 * (scripts/temporal-cluster, deploy/temporal/) and with the workflows' search attributes.
 */
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { SECRET_SETTINGS, SETTING_NAMES, readSettings } from '../../src/settings';
import { deploymentOptions } from '../../src/temporal/worker';
import { ALL_SEARCH_ATTRIBUTES } from '../../src/workflows/searchAttributes';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  secrets?: string[];
  profiles?: string[];
  deploy?: { replicas?: string };
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
  volumes: Record<string, unknown>;
}

/** `KEY=value` lines, as Compose reads .env. */
function dotenv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}` (an unset VAR with :? is an error). */
function interpolate(value: unknown, env: Record<string, string>): unknown {
  if (typeof value === 'string')
    return value.replace(
      /\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g,
      (_m, name: string, op, arg: string) => {
        const set = env[name];
        if (set !== undefined && set !== '') return set;
        if (op === '-') return arg;
        if (op === '?') throw new Error(`${name} is required: ${arg}`);
        return '';
      },
    );
  if (Array.isArray(value)) return value.map((v) => interpolate(v, env));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, env)]));
  return value;
}

const envExample = dotenv(read('.env.example'));
const raw: unknown = parse(read('docker-compose.yml'), { merge: true });
const compose = interpolate(raw, envExample) as Compose;
const { services } = compose;
const stringsOf = (env: Record<string, unknown> | undefined) =>
  Object.fromEntries(Object.entries(env ?? {}).map(([k, v]) => [k, String(v)]));
const SERVER_VERSION = /^SERVER_VERSION=v(.+)$/m.exec(read('scripts/temporal-cluster'))![1]!;

it('has the production services, and Mailpit only under the demo profile', () => {
  expect(Object.keys(services).sort()).toEqual(
    [
      'postgresql',
      'temporal-schema',
      'temporal',
      'temporal-namespace',
      'temporal-ui',
      'web',
      'worker',
      'mailpit',
    ].sort(),
  );
  expect(services.mailpit!.profiles).toEqual(['demo']);
  for (const [name, s] of Object.entries(services))
    if (name !== 'mailpit') expect([name, s.profiles]).toEqual([name, undefined]);
});

it('starts them in order: PostgreSQL, the schema, the server, the namespace, then the UI and Årshjul', () => {
  const needs = (service: string) =>
    Object.fromEntries(Object.entries(services[service]!.depends_on ?? {}).map(([k, v]) => [k, v.condition]));
  expect(needs('temporal-schema')).toEqual({ postgresql: 'service_healthy' });
  expect(needs('temporal')).toEqual({ 'temporal-schema': 'service_completed_successfully' });
  expect(needs('temporal-namespace')).toEqual({ temporal: 'service_healthy' });
  expect(needs('temporal-ui')).toEqual({ temporal: 'service_healthy' });
  for (const app of ['web', 'worker'])
    expect(needs(app)).toEqual({
      postgresql: 'service_healthy',
      'temporal-namespace': 'service_completed_successfully',
    });
  // Whatever is waited for as healthy says how it is healthy.
  for (const s of Object.values(services))
    for (const [dependency, { condition }] of Object.entries(s.depends_on ?? {}))
      if (condition === 'service_healthy')
        expect([dependency, services[dependency]!.healthcheck]).toBeTruthy();
  expect(services.postgresql!.healthcheck!.test.join(' ')).toContain('pg_isready');
  expect(services.temporal!.healthcheck!.test).toEqual(['CMD', 'nc', '-z', 'localhost', '7233']);
  // The data lives in a named volume.
  expect(services.postgresql!.volumes).toEqual(['pgdata:/var/lib/postgresql/data']);
  expect(Object.keys(compose.volumes)).toEqual(['pgdata']);
});

it('pins every image to a version: the Temporal server of the native build, never auto-setup or latest', () => {
  const images = Object.fromEntries(
    Object.entries(services)
      .filter(([, s]) => s.image)
      .map(([name, s]) => [name, s.image!]),
  );
  for (const [name, image] of Object.entries(images)) {
    expect([name, image]).toEqual([name, expect.stringMatching(/^[a-z0-9./-]+:v?\d+\.\d+(\.\d+)?$/)]);
    expect(image).not.toMatch(/auto-setup|latest/);
  }
  expect(images.temporal).toBe(`temporalio/server:${SERVER_VERSION}`);
  expect(images['temporal-schema']).toBe(`temporalio/admin-tools:${SERVER_VERSION}`);
  expect(images['temporal-namespace']).toBe(`temporalio/admin-tools:${SERVER_VERSION}`);
  expect(images['temporal-ui']).toMatch(/^temporalio\/ui:/);
  // The SQL plugin postgres12 needs PostgreSQL 12 or newer.
  expect(Number(/^postgres:(\d+)/.exec(images.postgresql!)![1])).toBeGreaterThanOrEqual(12);
  // Årshjul's own image is built from the Dockerfile here.
  expect([services.web!.build, services.worker!.build]).toEqual(['.', '.']);
});

it('publishes the web app, the Temporal frontend and UI, and Mailpit, on loopback by default', () => {
  expect(services.web!.ports).toEqual(['127.0.0.1:3000:3000']);
  expect(services.temporal!.ports).toEqual(['127.0.0.1:7233:7233']);
  expect(services['temporal-ui']!.ports).toEqual(['127.0.0.1:8080:8080']);
  expect(services.mailpit!.ports).toEqual(['127.0.0.1:8025:8025']);
  expect(services.worker!.ports).toBeUndefined();
});

it('gives the web app and the workers what src/settings.ts reads, secrets as files', () => {
  const secretsDir = mkdtempSync(path.join(tmpdir(), 'arshjul-secrets-'));
  const files: Record<string, string> = {
    database_url: `postgres://arshjul:${envExample.POSTGRES_PASSWORD}@postgresql:5432/arshjul\n`,
    arshjul_secret: `${'x'.repeat(48)}\n`,
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(secretsDir, name), content);
  expect(Object.keys(compose.secrets).sort()).toEqual(Object.keys(files).sort());

  for (const name of ['web', 'worker']) {
    const s = services[name]!;
    const env = stringsOf(s.environment);
    for (const key of Object.keys(env)) {
      const setting = key.replace(/_FILE$/, '');
      expect([key, SETTING_NAMES]).toEqual([key, expect.arrayContaining([setting])]);
      if (key.endsWith('_FILE'))
        expect([key, SECRET_SETTINGS]).toEqual([key, expect.arrayContaining([setting])]);
    }
    // The register's URL and the signing secret never in the environment itself: each is a file of a declared
    // secret, mounted for this service. (SMTP_URL comes from .env: the demo's catcher needs no password; a relay
    // that does goes in a secret file as SMTP_URL_FILE, see docs/drift.md.)
    for (const secret of ['DATABASE_URL', 'ARSHJUL_SECRET']) expect(env[secret]).toBeUndefined();
    const mounted = Object.entries(env)
      .filter(([k]) => k.endsWith('_FILE'))
      .map(([, v]) => /^\/run\/secrets\/(.+)$/.exec(v)![1]!);
    expect(mounted.sort()).toEqual([...s.secrets!].sort());

    // The app accepts the environment as the container gets it, and it says production.
    const inContainer = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [
        k,
        k.endsWith('_FILE') ? v.replace('/run/secrets', secretsDir) : v,
      ]),
    );
    const settings = readSettings(inContainer);
    expect(settings).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      DATABASE_URL: files.database_url!.trim(),
      SMTP_URL: envExample.SMTP_URL,
      ARSHJUL_SECRET: files.arshjul_secret!.trim(),
      ARSHJUL_BASE_URL: envExample.ARSHJUL_BASE_URL,
      ARSHJUL_TASK_QUEUE: 'arshjul',
    });
    expect(settings.TEMPORAL_NAMESPACE).toBe(
      stringsOf(services['temporal-namespace']!.environment).TEMPORAL_NAMESPACE,
    );
  }
  // The web app listens on every interface of its container, on the port that is published.
  expect(stringsOf(services.web!.environment)).toMatchObject({
    ARSHJUL_HTTP_HOST: '0.0.0.0',
    ARSHJUL_HTTP_PORT: '3000',
  });
  expect(services.web!.command).toEqual(['node_modules/.bin/tsx', 'src/webapp.ts']);
  expect(services.worker!.command).toEqual(['node_modules/.bin/tsx', 'src/worker.ts']);
  // Workers scale: two by default, more with ARSHJUL_WORKERS.
  expect(Number(services.worker!.deploy!.replicas)).toBeGreaterThanOrEqual(2);
  // A worker's health is its metrics endpoint.
  const metrics = stringsOf(services.worker!.environment).ARSHJUL_WORKER_METRICS!;
  expect(services.worker!.healthcheck!.test.join(' ')).toContain(
    `127.0.0.1:${metrics.split(':')[1]}/metrics`,
  );
});

it('a missing secret or required value stops `docker compose up` with the reason', () => {
  expect(() => interpolate(raw, { ...envExample, SMTP_URL: '' })).toThrow(/SMTP_URL is required/);
  expect(() => interpolate(raw, { ...envExample, POSTGRES_PASSWORD: '' })).toThrow(/POSTGRES_PASSWORD/);
  expect(() => readSettings({ DATABASE_URL_FILE: '/finns/inte' })).toThrow(
    /DATABASE_URL_FILE: \/finns\/inte/,
  );
  expect(() => readSettings({ DATABASE_URL: 'postgres://x', DATABASE_URL_FILE: '/x' })).toThrow(/not both/);
});

it('sets Temporal up as the native cluster does: the same scripts, databases, dynamic config and attributes', () => {
  // The schema and namespace steps run our scripts, mounted from deploy/temporal.
  for (const name of ['temporal-schema', 'temporal-namespace']) {
    const s = services[name]!;
    expect(s.volumes).toEqual(['./deploy/temporal:/arshjul:ro']);
    const script = s.command![0]!.replace('/arshjul/', 'deploy/temporal/');
    expect(existsSync(path.join(ROOT, script))).toBe(true);
    expect(read('scripts/temporal-cluster')).toContain(`$DEPLOY/${path.basename(script)}`);
  }
  const schema = stringsOf(services['temporal-schema']!.environment);
  const server = stringsOf(services.temporal!.environment);
  expect(schema.SQL_PLUGIN).toBe(server.DB);
  expect(server.DB).toBe('postgres12');
  expect([schema.DBNAME, schema.VISIBILITY_DBNAME]).toEqual([server.DBNAME, server.VISIBILITY_DBNAME]);
  expect([schema.SQL_HOST, schema.SQL_USER, schema.SQL_PASSWORD]).toEqual([
    server.POSTGRES_SEEDS,
    server.POSTGRES_USER,
    server.POSTGRES_PWD,
  ]);
  // Every database setting our native config reads is one the server's container is given.
  const nativeEnv = [...read('deploy/temporal/server.yaml').matchAll(/env "([A-Z_]+)"/g)].map((m) => m[1]!);
  for (const key of [
    'DBNAME',
    'VISIBILITY_DBNAME',
    'POSTGRES_SEEDS',
    'DB_PORT',
    'POSTGRES_USER',
    'POSTGRES_PWD',
  ])
    expect([key, nativeEnv.includes(key), server[key] !== undefined]).toEqual([key, true, true]);
  // One dynamic config for both.
  const [source, target] = services.temporal!.volumes![0]!.split(':');
  expect(source).toBe('./deploy/temporal/dynamicconfig.yaml');
  expect(server.DYNAMIC_CONFIG_FILE_PATH).toBe(target);
  // The search attributes the namespace step creates are the workflows'.
  const created = /^SEARCH_ATTRIBUTES="([^"]+)"$/m
    .exec(read('deploy/temporal/create-namespace.sh'))![1]!
    .split(' ')
    .map((a) => a.split('='));
  expect(created).toEqual(ALL_SEARCH_ATTRIBUTES.map((k) => [k.name, 'Keyword']));
  expect(ALL_SEARCH_ATTRIBUTES.every((k) => k.type === 'KEYWORD')).toBe(true);
});

it('builds the image in stages on Node 24 slim, with the production dependencies only, as a user', () => {
  const dockerfile = read('Dockerfile');
  const froms = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => m[1]!);
  expect(froms.length).toBeGreaterThanOrEqual(2);
  for (const image of froms) expect(image).toMatch(/^node:24\.\d+\.\d+-[a-z]+-slim$/);
  expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
  expect(dockerfile).toMatch(/^COPY --from=deps \/app\/node_modules/m);
  const user = /^USER (\S+)$/m.exec(dockerfile)?.[1];
  expect(user).toBeDefined();
  expect(['root', '0']).not.toContain(user);
  expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  expect(dockerfile).toMatch(/^CMD \["node_modules\/.bin\/tsx", "src\/webapp.ts"\]$/m);
  // The package's Node and the image's agree.
  expect(JSON.parse(read('package.json')).engines.node).toBe('>=24');
  expect(read('.nvmrc').trim()).toBe('24');
  const ignored = read('.dockerignore').split('\n');
  expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'secrets', '.env']));
});

it('runs an unversioned worker by default, and a versioned one (AUTO_UPGRADE) when a build id is set', () => {
  expect(readSettings({}).ARSHJUL_WORKER_BUILD_ID).toBeUndefined();
  expect(deploymentOptions(undefined)).toEqual({});
  const settings = readSettings({ ARSHJUL_WORKER_BUILD_ID: '2026-12-05.c24e65c' });
  expect(settings.ARSHJUL_WORKER_DEPLOYMENT).toBe('arshjul');
  expect(
    deploymentOptions({ deploymentName: settings.ARSHJUL_WORKER_DEPLOYMENT, buildId: '2026-12-05.c24e65c' }),
  ).toEqual({
    workerDeploymentOptions: {
      version: { deploymentName: 'arshjul', buildId: '2026-12-05.c24e65c' },
      useWorkerVersioning: true,
      defaultVersioningBehavior: 'AUTO_UPGRADE',
    },
  });
  expect(() => readSettings({ ARSHJUL_WORKER_BUILD_ID: 'med mellanslag' })).toThrow(
    /ARSHJUL_WORKER_BUILD_ID/,
  );
});
