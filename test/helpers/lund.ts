/** Facts of document 000 (Lund KS, 2023-10-11) that several layers test against. */

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
