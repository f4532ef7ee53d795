/**
 * Every migration, in order, listed by hand: no folder scanning at run time, so the list is the same from
 * tsx, Jest and a bundle. Add a new numbered module and append it here; never edit one that has shipped.
 */
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_register';
import * as m0002 from './0002_sammantraden';
import * as m0003 from './0003_arende_avslutat';
import * as m0004 from './0004_inloggningar';
import * as m0005 from './0005_mail_avvisad';
import * as m0006 from './0006_rapport_handlingar';
import * as m0007 from './0007_dokument';
import * as m0008 from './0008_protokoll_justering_sigill';
import * as m0009 from './0009_uppfoljning';
import * as m0010 from './0010_prestanda';
import * as m0011 from './0011_arshjul_oversikt';
import * as m0012 from './0012_sessioner';
import * as m0013 from './0013_rapport_seq_och_sena_overklaganden';
import * as m0014 from './0014_kvittens_i_registret';
import * as m0015 from './0015_oppna_antal';
import * as m0016 from './0016_sammantrade_fas';
import * as m0017 from './0017_mail_upptagen';
import * as m0018 from './0018_arshjul_rapporter';
import * as m0019 from './0019_mail_utkorg';

const MIGRATIONS: Record<string, Migration> = {
  '0001_register': m0001,
  '0002_sammantraden': m0002,
  '0003_arende_avslutat': m0003,
  '0004_inloggningar': m0004,
  '0005_mail_avvisad': m0005,
  '0006_rapport_handlingar': m0006,
  '0007_dokument': m0007,
  '0008_protokoll_justering_sigill': m0008,
  '0009_uppfoljning': m0009,
  '0010_prestanda': m0010,
  '0011_arshjul_oversikt': m0011,
  '0012_sessioner': m0012,
  '0013_rapport_seq_och_sena_overklaganden': m0013,
  '0014_kvittens_i_registret': m0014,
  '0015_oppna_antal': m0015,
  '0016_sammantrade_fas': m0016,
  '0017_mail_upptagen': m0017,
  '0018_arshjul_rapporter': m0018,
  '0019_mail_utkorg': m0019,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
