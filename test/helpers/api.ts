/** JSON calls to the REST API of a test web app (test/helpers/webb.ts), as a signed-in person or without one. */
import type { TestWebb } from './webb';

export interface ApiSvar {
  status: number;
  headers: Headers;
  /** The JSON answer, or undefined for another media type. */
  json: unknown;
  bytes: Buffer;
}

export type Anropa = (
  metod: string,
  sokvag: string,
  body?: unknown,
  options?: { contentType?: string; rawBody?: string; utanUppladdningsheader?: boolean },
) => Promise<ApiSvar>;

/**
 * Calls as the session `cookie` (or none); a body goes as JSON unless `rawBody` and `contentType` say otherwise, and
 * a `FormData` as multipart/form-data with the header an upload needs (src/api/rest/endpoint.ts).
 */
export function api(webb: Pick<TestWebb, 'base'>, cookie?: string): Anropa {
  return async (metod, sokvag, body, options = {}) => {
    if (body instanceof FormData) {
      const res = await fetch(`${webb.base}${sokvag}`, {
        method: metod,
        redirect: 'manual',
        headers: {
          ...(cookie ? { cookie } : {}),
          ...(options.utanUppladdningsheader ? {} : { 'x-requested-by': 'arshjul' }),
        },
        body,
      });
      const bytes = Buffer.from(await res.arrayBuffer());
      const json = res.headers.get('content-type')?.startsWith('application/json')
        ? (JSON.parse(bytes.toString('utf8')) as unknown)
        : undefined;
      return { status: res.status, headers: res.headers, json, bytes };
    }
    const harKropp = body !== undefined || options.rawBody !== undefined;
    const res = await fetch(`${webb.base}${sokvag}`, {
      method: metod,
      redirect: 'manual',
      headers: {
        ...(cookie ? { cookie } : {}),
        ...(harKropp ? { 'content-type': options.contentType ?? 'application/json' } : {}),
        // A raw multipart body is sent as an upload would be, with its header.
        ...(options.contentType?.startsWith('multipart/') && !options.utanUppladdningsheader
          ? { 'x-requested-by': 'arshjul' }
          : {}),
      },
      ...(harKropp ? { body: options.rawBody ?? JSON.stringify(body) } : {}),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    const json = res.headers.get('content-type')?.startsWith('application/json')
      ? (JSON.parse(bytes.toString('utf8')) as unknown)
      : undefined;
    return { status: res.status, headers: res.headers, json, bytes };
  };
}

/** The task id's path segment. */
export const uppgiftSokvag = (id: string, kommando?: string) =>
  `/api/tasks/${encodeURIComponent(id)}${kommando ? `/${kommando}` : ''}`;
