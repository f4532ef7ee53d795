/**
 * The register for a CLI command that needs it only sometimes: opened (as the worker opens it: DATABASE_URL,
 * else PGlite in ARSHJUL_DATA_DIR/register) at its first use, so a command that does not reach it never holds
 * it. With PGlite only one process can hold the folder: run such a command while the server is stopped.
 */
import { openRegister, type Register } from '../db/register';
import { readSettings, registerDir } from '../settings';

export type SenRegister = Pick<Register, 'sparaOverklagandeIEfterhand' | 'overklagandenIEfterhand'> & {
  close(): Promise<void>;
};

export function oppnaRegister(): Promise<Register> {
  const settings = readSettings();
  return openRegister(
    settings.DATABASE_URL ? { url: settings.DATABASE_URL } : { dataDir: registerDir(settings) },
  );
}

export function senRegister(): SenRegister {
  let register: Promise<Register> | undefined;
  const las = () => (register ??= oppnaRegister());
  return {
    sparaOverklagandeIEfterhand: async (input) => (await las()).sparaOverklagandeIEfterhand(input),
    overklagandenIEfterhand: async (protokoll) => (await las()).overklagandenIEfterhand(protokoll),
    close: async () => {
      if (register) await (await register).close();
    },
  };
}
