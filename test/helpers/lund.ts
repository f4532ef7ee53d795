/** Facts of document 000 (Lund KS, 2023-10-11) that several layers test against. */
import type { IsoDate } from '../../src/domain/datum';
import type { KommunConfig } from '../../src/domain/kommun';
import type { UppgiftSpec } from '../../src/domain/uppgift';

/** The statutory chain of the Lund KS protocol: meeting 2023-10-11, justering 2023-10-18, anslag 2023-10-19. */
export const LUND_KS_FRISTER = {
  sammantrade: '2023-10-11',
  justering: '2023-10-18',
  anslag: '2023-10-19',
  justeringSenast: '2023-10-25',
  anslagSenast: '2023-10-20',
  overklagandeSenast: '2023-11-09',
  anslagNedtidigast: '2023-11-10',
  lagaKraft: '2023-11-10',
  avvikelser: [],
  planerad: [],
} as const;

/**
 * A draft task for Lund's KS handläggare in a process of its own (`lund/test/<namn>`), due `forfaller`, with the
 * kommun's people and chefer from its config — what the report process would give the task workflow.
 */
export function lundUtkastUppgift(
  lund: KommunConfig,
  namn: string,
  forfaller: IsoDate,
  chefer: Record<string, string> = Object.fromEntries(
    lund.personer.flatMap((p) => (p.chef ? [[p.id, p.chef]] : [])),
  ),
): UppgiftSpec {
  return {
    id: `lund/test/${namn}/utkast-1`,
    kommun: 'lund',
    organ: 'KS',
    typ: 'utkast',
    titel: 'Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen',
    process: { id: `lund/test/${namn}`, titel: 'Delårsrapport per den 31 augusti för kommunstyrelsen' },
    tilldelad: 'handlaggare-ks',
    forfaller,
    paminnelseDagar: [7, 1, 0],
    eskaleringIntervallDagar: 7,
    utskickKlockan: '08.00',
    kanslichefer: ['kanslichef'],
    personer: lund.personer.map((p) => p.id),
    chefer,
  };
}
