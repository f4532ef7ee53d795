/** A JSON answer serialized once per key object (src/api/rest/jsonSvar.ts). */
import { createHash } from 'node:crypto';
import { JsonSvar, serialiseradGenom } from '../../../src/api/rest/jsonSvar';

it('is the UTF-8 of the JSON, tagged by its length and SHA-1', () => {
  const svar = JsonSvar.av({ titel: 'Delårsrapport för ÄN', ar: 2026 });
  const json = '{"titel":"Delårsrapport för ÄN","ar":2026}';
  expect(svar.bytes.toString('utf8')).toBe(json);
  const bytes = Buffer.from(json, 'utf8');
  expect(svar.etag).toBe(
    `W/"${bytes.length.toString(16)}-${createHash('sha1').update(bytes).digest('base64url')}"`,
  );
  expect(JsonSvar.av({ titel: 'Delårsrapport för ÄN', ar: 2027 }).etag).not.toBe(svar.etag);
});

it('serializes once per key object, and anew for another', () => {
  const serialisera = serialiseradGenom<object>();
  const nyckel = {};
  let gjorda = 0;
  const svar = () => ({ n: ++gjorda });
  const forsta = serialisera(nyckel, svar);
  expect(serialisera(nyckel, svar)).toBe(forsta);
  expect(gjorda).toBe(1);
  const annan = serialisera({}, svar);
  expect([gjorda, annan.bytes.toString()]).toEqual([2, '{"n":2}']);
});
