/**
 * A JSON answer serialized once: its UTF-8 bytes and their entity tag, sent as they are for as long as what they
 * say is the same. For a large read answered many times between changes — the year's plan, read on every load
 * of the årshjul page by every kanslichef — a request then costs no serialization and no hashing.
 */
import { createHash } from 'node:crypto';

export class JsonSvar<T = unknown> {
  /** What the bytes say, by type only: the endpoint's answer schema holds for it as for an answer not serialized. */
  declare readonly varde?: T;

  private constructor(
    readonly bytes: Buffer,
    /** A weak tag (the same as a fresh serialization's would be in content, not in form): W/"<length>-<sha1>". */
    readonly etag: string,
  ) {}

  static av<T>(varde: T): JsonSvar<T> {
    const bytes = Buffer.from(JSON.stringify(varde), 'utf8');
    const hash = createHash('sha1').update(bytes).digest('base64url');
    return new JsonSvar(bytes, `W/"${bytes.length.toString(16)}-${hash}"`);
  }
}

/**
 * The serialization of `nyckel`'s answer, made once per key object: while a read returns the same object (an
 * unchanged year from its cache), its answer is the same bytes.
 */
export function serialiseradGenom<K extends object>(): <T>(nyckel: K, svar: () => T) => JsonSvar<T> {
  const gjorda = new WeakMap<K, JsonSvar>();
  return (nyckel, svar) => {
    const gjord = gjorda.get(nyckel) as JsonSvar<ReturnType<typeof svar>> | undefined;
    if (gjord) return gjord;
    const ny = JsonSvar.av(svar());
    gjorda.set(nyckel, ny);
    return ny;
  };
}
