/**
 * The whole web app on loopback for integration tests: createApp with every signed-in part, against the real dev
 * server, a register (PGlite), the Lund/Linköping/Eskilstuna configs and a real SMTP server; plus sign-in by the
 * mail link as a person would (ask for it, read it from the SMTP server, use it) and form posts with the CSRF token.
 * A worker for `taskQueue` is the test's to run (withDevWorker), with `deps.activities`.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import { createApp } from '../../src/api/app';
import type { WebbDeps } from '../../src/api/webbDeps';
import { createMailTransport } from '../../src/mail/transport';
import { arshjulTestDeps, TEST_BASE_URL, TEST_HEMLIGHET, type ArshjulTestDeps } from './arshjulActivities';
import { connectTestClient, uniqueTaskQueue } from './devServer';
import { form, signInByMail } from './inloggning';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { uppgift } from '../../src/workflows/uppgift';
import { lundUtkastUppgift } from './lund';
import { keepConnectionsAlive } from '../../src/api/keepAlive';

export interface TestWebb {
  base: string;
  client: Client;
  deps: ArshjulTestDeps;
  webb: WebbDeps;
  taskQueue: string;
  /** Signs `address` in by its mail link; the session cookie (`name=value`) and where the link led. */
  signIn(address: string, till?: string): Promise<{ cookie: string; location: string; setCookie: string }>;
  /** GET as the session: status, headers and body. */
  get(path: string, cookie?: string): Promise<{ status: number; headers: Headers; text: string }>;
  /** POSTs a form as the session, with the CSRF token of /uppgifter unless `fields.csrf` gives one. */
  post(
    path: string,
    cookie: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; text: string }>;
  /** The CSRF token of a signed-in page. */
  csrf(cookie: string, page?: string): Promise<string>;
  close(): Promise<void>;
}

export { form };

export async function startWebb(
  options: {
    name?: string;
    nu?: () => number;
    registerUrl?: string;
    /** Each kommun's IdP (kommun id → provider). */
    oidc?: Record<string, { issuer: string; clientId: string; clientSecret: string }>;
  } = {},
): Promise<TestWebb> {
  const client = await connectTestClient();
  const deps = await arshjulTestDeps(options.registerUrl ? { registerUrl: options.registerUrl } : {});
  const transport: Transporter = createMailTransport(deps.smtp.url);
  const taskQueue = uniqueTaskQueue(options.name ?? 'webb');
  const webb: WebbDeps = {
    client,
    register: deps.register,
    kommuner: deps.kommuner,
    transport,
    fran: 'Årshjul <arshjul@lund.example.org>',
    hemlighet: TEST_HEMLIGHET,
    baseUrl: TEST_BASE_URL,
    taskQueue,
    ...(options.nu ? { nu: options.nu } : {}),
    ...(options.oidc ? { oidc: options.oidc } : {}),
  };
  const app = createApp({
    temporalAnswers: async () => true,
    kvittens: { hemlighet: TEST_HEMLIGHET, client, register: deps.register },
    anslagstavla: { register: deps.register, kommuner: deps.kommuner },
    webb,
  });
  const server = await new Promise<Server>((resolve) => {
    const s = keepConnectionsAlive(app.listen(0, '127.0.0.1', () => resolve(s)));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const get: TestWebb['get'] = async (path, cookie) => {
    const res = await fetch(`${base}${path}`, {
      redirect: 'manual',
      ...(cookie ? { headers: { cookie } } : {}),
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const csrf: TestWebb['csrf'] = async (cookie, page = '/uppgifter') => {
    const { text } = await get(page, cookie);
    const token = /name="csrf" value="([^"]+)"/.exec(text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${page}`);
    return token;
  };

  return {
    base,
    client,
    deps,
    webb,
    taskQueue,
    signIn: (address, till) => signInByMail(base, () => deps.smtp.messages(), address, till),
    get,
    csrf,
    async post(path, cookie, fields) {
      const res = await fetch(
        `${base}${path}`,
        form({ csrf: fields.csrf ?? (await csrf(cookie)), ...fields }, cookie),
      );
      return { status: res.status, location: res.headers.get('location'), text: await res.text() };
    },
    async close() {
      await new Promise((resolve) => server.close(resolve));
      transport.close();
      await client.connection.close();
      await deps.close();
    },
  };
}

/**
 * A Lund KS draft task, due in ten days, started on a task queue of its own that no worker polls yet (the test
 * runs one with withDevWorker when it is ready).
 */
export async function startaLundUtkast(webb: Pick<TestWebb, 'client' | 'deps'>, namn: string) {
  const taskQueue = uniqueTaskQueue(namn);
  const spec = lundUtkastUppgift(
    webb.deps.kommuner.get('lund')!,
    taskQueue,
    addDays(dateInStockholm(Date.now()), 10),
  );
  const handle = await webb.client.workflow.start(uppgift, {
    args: [spec],
    taskQueue,
    workflowId: `uppgift/${spec.id}`,
  });
  return { taskQueue, spec, handle };
}
