/**
 * The installation's secret, which signs the links in mail (./kvittenslank.ts): `ARSHJUL_SECRET`, or for the
 * embedded default one made at the first start and kept in the data folder (readable by its owner only), so
 * links sent before a restart still work after it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function lasHemlighet(settings: { ARSHJUL_SECRET?: string; ARSHJUL_DATA_DIR: string }): string {
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
