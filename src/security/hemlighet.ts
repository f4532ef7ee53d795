/**
 * The installation's secret, from which the keys that sign links in mail, calendar feeds, sessions and forms are
 * derived (./nycklar.ts): `ARSHJUL_SECRET`, or for the embedded default one made at the first start and kept in
 * the data folder (readable by its owner only), so links sent before a restart still work after it. The
 * previous secrets of a rotation (`ARSHJUL_SECRET_PREVIOUS`) still verify.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { nyckelring, type Nyckelring } from './nycklar';

export function lasNyckelring(settings: {
  ARSHJUL_SECRET?: string | undefined;
  ARSHJUL_SECRET_PREVIOUS?: readonly string[];
  ARSHJUL_DATA_DIR: string;
}): Nyckelring {
  return nyckelring(lasHemlighet(settings), settings.ARSHJUL_SECRET_PREVIOUS ?? []);
}

export function lasHemlighet(settings: {
  ARSHJUL_SECRET?: string | undefined;
  ARSHJUL_DATA_DIR: string;
}): string {
  if (settings.ARSHJUL_SECRET) return settings.ARSHJUL_SECRET;
  const file = path.join(settings.ARSHJUL_DATA_DIR, 'hemlighet');
  if (!existsSync(file)) {
    mkdirSync(settings.ARSHJUL_DATA_DIR, { recursive: true });
    // 'wx': if another process made it first, keep theirs.
    try {
      writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return readFileSync(file, 'utf8').trim();
}
