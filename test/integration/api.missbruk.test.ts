/**
 * Bad input and abuse, property-based (fast-check): random and malformed path parameters, query strings and
 * bodies to every endpoint of the REST API, as a signed-in kanslichef (who may do the most). Every answer is a
 * 4xx JSON error whose issues name the field — never a 5xx — and nothing in the register changes.
 */
import fc from 'fast-check';
import { ENDPOINTS } from '../../src/api/rest';
import type { Endpoint } from '../../src/api/rest/endpoint';
import type { WebbDeps } from '../../src/api/webbDeps';
import { api, type Anropa } from '../helpers/api';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
let kanslichef: Anropa;

/** A valid value of each path parameter, so that one malformed part at a time reaches its schema. */
const GILTIGA: Record<string, string> = {
  kommun: 'lund',
  organ: 'KS',
  datum: '2027-02-10',
  ar: '2027',
  id: 'lund/test/missbruk/utkast-1',
  nummer: '1',
  // Every path parameter of ENDPOINTS needs one: a missing one would travel as the text "undefined".
  person: 'handlaggare-ks',
};

const parametrar = (sokvag: string) => [...sokvag.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
/** Segments a URL would normalise away or that leave the route ('' , '.', '..'). */
const segment = fc
  .string({ minLength: 1, maxLength: 40, unit: 'binary' })
  .filter((s) => s !== '.' && s !== '..');
const json = fc.jsonValue({ maxDepth: 3 });
const ogiltigJson = fc.string({ minLength: 1, maxLength: 60 }).filter((s) => {
  try {
    JSON.parse(s);
    return false;
  } catch {
    return true;
  }
});

function sokvagMed(e: Endpoint, values: Record<string, string>) {
  return e.sokvag.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(values[p]!));
}

const arGiltig = (schema: { safeParse(v: unknown): { success: boolean } } | undefined, v: unknown) =>
  (
    schema ?? {
      safeParse: (x: unknown) => ({
        success: typeof x === 'object' && x !== null && Object.keys(x).length === 0,
      }),
    }
  ).safeParse(v).success;

/** The answer is the client's mistake, as JSON naming each field. */
function avvisad(status: number, body: unknown) {
  expect(status).toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  const svar = body as {
    error: string;
    message: string;
    issues: { field: string; rule: string; message: string }[];
  };
  expect(svar.issues.length).toBeGreaterThan(0);
  for (const f of svar.issues) {
    expect(f.field).toMatch(/\S/);
    expect(f.rule).toMatch(/\S/);
    expect(f.message).toMatch(/\S/);
  }
}

/** An upload's form: the fields, and a file in the endpoint's part when given. */
function formular(falt: Record<string, string>, fil?: { del: string; bytes: Uint8Array }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(falt)) form.append(k, v);
  if (fil) form.append(fil.del, new Blob([Buffer.from(fil.bytes)]), 'rapport.pdf');
  return form;
}

let fore: unknown;
const registret = async () => ({
  audit: await webb.deps.register.auditLogg(),
  uppgifter: await webb.deps.register.listaUppgifter({}),
  arenden: await webb.deps.register.listaArenden({ kommun: 'lund' }),
});

beforeAll(async () => {
  webb = await startWebb({ name: 'missbruk' });
  kanslichef = api(webb, (await webb.signIn('kanslichef@lund.example.org')).cookie);
  fore = await registret();
}, 60_000);

afterAll(() => webb?.close());

describe.each(ENDPOINTS.map((e) => [`${e.metod.toUpperCase()} ${e.sokvag}`, e] as const))(
  '%s',
  (_namn, e) => {
    const namn = parametrar(e.sokvag);
    for (const p of namn) if (!(p in GILTIGA)) throw new Error(`GILTIGA lacks a valid {${p}}`);
    const kommando = e.metod !== 'get';

    it('refuses random path parameters, query strings and bodies, naming the field', async () => {
      const delar = fc.record({
        params: fc.record(
          Object.fromEntries(namn.map((p) => [p, fc.oneof(fc.constant(GILTIGA[p]!), segment)])),
        ),
        query: fc.oneof(
          fc.constant({} as Record<string, string>),
          fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20 }), {
            maxKeys: 3,
          }),
        ),
        // An upload's fields arrive as multipart text: its bodies are string fields, sent as a form.
        // A backslash in a name does not travel as written: FormData puts the name in a quoted string
        // (`name="…"`) where the server's multipart parser (busboy) reads `\x` as an escaped x, and a trailing one
        // escapes the closing quote so the whole part is dropped unseen. No form of ours names a field so.
        body: e.fil
          ? fc.dictionary(
              fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !k.includes('\\')),
              fc.string({ maxLength: 20 }),
              { maxKeys: 3 },
            )
          : json,
      });
      await fc.assert(
        fc.asyncProperty(delar, async ({ params, query, body }) => {
          const paramsOk = arGiltig(e.params ?? { safeParse: () => ({ success: true }) }, params);
          const queryOk = arGiltig(e.query, query);
          const bodyOk = !kommando || arGiltig(e.body, body);
          fc.pre(!(paramsOk && queryOk && bodyOk)); // only bad input here
          const qs = new URLSearchParams(query).toString();
          const svar = await kanslichef(
            e.metod.toUpperCase(),
            `${sokvagMed(e, params)}${qs ? `?${qs}` : ''}`,
            kommando ? (e.fil ? formular(body as Record<string, string>) : body) : undefined,
          );
          avvisad(svar.status, svar.json);
          expect(svar.status).toBe(400);
        }),
        { numRuns: 40 },
      );
    }, 120_000);

    it('refuses broken percent-encoding and odd query strings', async () => {
      const raw = fc.constantFrom('%', '%E0%A4%A', '%zz', '%00', '%C0%AF', 'a%2', '%FF%FE');
      await fc.assert(
        fc.asyncProperty(
          raw,
          fc.constantFrom('?%zz=1', '?=&=', '?a[b]=1', '?status=OPPEN&status=KLAR', ''),
          async (bad, qs) => {
            const sokvag =
              namn.length > 0
                ? e.sokvag.replace(`{${namn[0]}}`, bad).replace(/\{(\w+)\}/g, (_m, p: string) => GILTIGA[p]!)
                : e.sokvag;
            fc.pre(namn.length > 0 || qs !== '');
            const svar = await kanslichef(
              e.metod.toUpperCase(),
              `${sokvag}${qs}`,
              kommando ? (e.fil ? formular({}) : {}) : undefined,
            );
            avvisad(svar.status, svar.json);
          },
        ),
        { numRuns: 20 },
      );
    }, 60_000);

    if (kommando) {
      it('refuses bodies that are not JSON, or not sent as JSON, or too large', async () => {
        const sokvag = e.sokvag.replace(/\{(\w+)\}/g, (_m, p: string) => encodeURIComponent(GILTIGA[p]!));
        await fc.assert(
          fc.asyncProperty(
            ogiltigJson,
            fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data',
            ),
            async (text, contentType) => {
              const svar = await kanslichef(e.metod.toUpperCase(), sokvag, undefined, {
                contentType,
                rawBody: text,
              });
              avvisad(svar.status, svar.json);
              // A command is JSON and an upload multipart: a broken body of its own kind is a 400. Broken JSON is
              // refused as such before any route, an upload's too.
              const trasig = e.fil ? ['application/json', 'multipart/form-data'] : ['application/json'];
              expect(svar.status).toBe(trasig.includes(contentType) ? 400 : 415);
            },
          ),
          { numRuns: 30 },
        );
        const stor = await kanslichef(
          e.metod.toUpperCase(),
          sokvag,
          e.fil
            ? formular(
                {},
                {
                  del: e.fil.falt,
                  bytes: new Uint8Array(
                    e.fil.maxMb({ kommuner: webb.deps.kommuner } as WebbDeps) * 1024 * 1024 + 1,
                  ),
                },
              )
            : { x: 'å'.repeat(300_000) },
        );
        expect(stor.status).toBe(413);
        avvisad(stor.status, stor.json);
      }, 60_000);
    }
  },
);

it('wrote nothing for any refused request: no audit entry, task, ärende or started process', async () => {
  // Declared last: jest runs it after every endpoint's properties (starts are audited, so none happened).
  expect(await registret()).toEqual(fore);
});
