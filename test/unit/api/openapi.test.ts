import type express from 'express';
import { ENDPOINTS, restApi } from '../../../src/api/rest';
import { openapiDokument } from '../../../src/api/rest/openapi';
import type { WebbDeps } from '../../../src/api/webbDeps';

interface Lager {
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: Lager[] };
}

/** Every `METHOD /path` the router (and the routers inside it) serves, paths written the OpenAPI way. */
function rutter(router: express.Router): string[] {
  const walk = (stack: Lager[]): string[] =>
    stack.flatMap((lager) =>
      lager.route
        ? Object.keys(lager.route.methods).map(
            (m) => `${m.toUpperCase()} ${lager.route!.path.replace(/:(\w+)/g, '{$1}')}`,
          )
        : lager.handle.stack
          ? walk(lager.handle.stack)
          : [],
    );
  return walk((router as unknown as { stack: Lager[] }).stack);
}

const dokument = openapiDokument(ENDPOINTS);
const operationer = Object.entries(dokument.paths ?? {}).flatMap(([p, item]) =>
  Object.entries(item as Record<string, { security?: unknown[]; responses: Record<string, unknown> }>).map(
    ([metod, op]) => ({ rutt: `${metod.toUpperCase()} ${p}`, op }),
  ),
);

describe('the OpenAPI document', () => {
  it('is OpenAPI 3.1 with the session cookie as its security scheme', () => {
    expect(dokument.openapi).toMatch(/^3\.1\.\d+$/);
    expect(dokument.info.title).toBe('Årshjul');
    expect(dokument.components?.securitySchemes?.session).toEqual(
      expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'arshjul_session' }),
    );
    expect(dokument.components?.schemas?.Felsvar).toBeDefined();
  });

  it('documents every route the REST router serves, and nothing it does not', () => {
    const served = rutter(restApi({} as WebbDeps, { session: () => undefined }))
      // The document itself and its browsable page are not API operations.
      .filter((r) => !/ \/api\/(openapi\.json|docs)/.test(r));
    expect(served.length).toBeGreaterThanOrEqual(20);
    expect(operationer.map((o) => o.rutt).sort()).toEqual([...new Set(served)].sort());
  });

  it('gives every operation its errors as JSON, and asks a session of all but the public ones', () => {
    for (const { rutt, op } of operationer) {
      expect([rutt, op.responses['400']]).toEqual([rutt, expect.anything()]);
      const publik = ['GET /api/anslagstavla/{kommun}', 'GET /api/frister'].includes(rutt);
      expect([rutt, op.security]).toEqual([rutt, publik ? [] : [{ session: [] }]]);
      expect([rutt, op.responses['401'] !== undefined]).toEqual([rutt, !publik]);
      if (!rutt.startsWith('GET')) expect([rutt, op.responses['415']]).toEqual([rutt, expect.anything()]);
    }
  });

  it('shows the request bodies with the schemas that parse them', () => {
    const returnera = dokument.components?.schemas?.Returnera as { required: string[]; properties: object };
    expect(returnera.required).toEqual(['kommentar']);
    expect(Object.keys(returnera.properties)).toEqual(['kommentar', 'paragrafer']);
  });
});
