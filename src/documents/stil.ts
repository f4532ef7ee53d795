/**
 * A kommun's style of protocol with its logo read from beside its config (`protokoll.logotyp`); the rest of the
 * style is the config's words (src/domain/dokument/kommunstil.ts). Logos are read once per file.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_CONFIG_DIR } from '../config/load';
import { kommunstil, type Dokumentstil } from '../domain/dokument';
import type { KommunConfig } from '../domain/kommun';

const logotyper = new Map<string, Uint8Array>();

/** The config folder the logo's file name is read against (`ARSHJUL_CONFIG_DIR`, as the config is). */
const configDir = () => process.env.ARSHJUL_CONFIG_DIR ?? DEFAULT_CONFIG_DIR;

export function logotypFil(config: KommunConfig, dir: string = configDir()): string | undefined {
  return config.protokoll.logotyp ? path.resolve(dir, config.protokoll.logotyp) : undefined;
}

export function dokumentstil(config: KommunConfig): Dokumentstil {
  const fil = logotypFil(config);
  if (!fil) return kommunstil(config);
  let png = logotyper.get(fil);
  if (!png) {
    png = readFileSync(fil);
    logotyper.set(fil, png);
  }
  return kommunstil(config, png);
}
