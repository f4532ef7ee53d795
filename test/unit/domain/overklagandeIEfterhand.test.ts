/**
 * An appeal heard of after the appeal period (issue 15), on document 000's dates: last day of appeal 2023-11-09,
 * laga kraft 2023-11-10. It counts from the day it came in (KL 13 kap. 5 §), not the day it became known.
 */
import {
  medOverklagandenIEfterhand,
  overklagandeIEfterhandFel,
  overklagandeIEfterhandInputSchema,
  registreraOverklagandeIEfterhand,
  type OverklagandetidStatus,
} from '../../../src/domain/overklagande';
import { LUND_KS_FRISTER } from '../../helpers/lund';

const stangd: OverklagandetidStatus = {
  kommun: 'lund',
  organ: 'KS',
  status: 'LAGA_KRAFT',
  frister: LUND_KS_FRISTER as unknown as OverklagandetidStatus['frister'],
  paragrafer: [335, 336, 337].map((paragraf) => ({ paragraf, status: 'LAGA_KRAFT' as const })),
  overklaganden: [],
};
const den20 = Date.parse('2023-11-20T10:00:00+01:00');
const input = (o: object) => overklagandeIEfterhandInputSchema.parse({ registreradAv: 'x', ...o });

it('an appeal that came in on the last day stops laga kraft for its §, and says so', () => {
  const o = registreraOverklagandeIEfterhand(
    stangd,
    input({ inkom: '2023-11-09', paragrafer: [336] }),
    den20,
  );
  expect(o).toMatchObject({
    inkom: '2023-11-09',
    kant: '2023-11-20',
    registrerad: '2023-11-20',
    forSent: false,
  });
  const status = medOverklagandenIEfterhand(stangd, [o]);
  expect(status.status).toBe('DELVIS_OVERKLAGAD');
  expect(status.paragrafer.map((p) => p.status)).toEqual(['LAGA_KRAFT', 'OVERKLAGAD', 'LAGA_KRAFT']);
  expect(status.meddelanden).toEqual([
    'beslutet har inte vunnit laga kraft (§ 336) — överklagande som inkom 2023-11-09 blev känt 2023-11-20',
  ]);
  // Of every §: the whole protocol is appealed, and the message names none.
  const alla = registreraOverklagandeIEfterhand(
    stangd,
    input({ inkom: '2023-11-01', kant: '2023-11-15' }),
    den20,
  );
  expect(medOverklagandenIEfterhand(stangd, [alla])).toMatchObject({
    status: 'OVERKLAGAD',
    meddelanden: [
      'beslutet har inte vunnit laga kraft — överklagande som inkom 2023-11-01 blev känt 2023-11-15',
    ],
  });
});

it('an appeal that came in the day after the last day is för sent inkommet and changes nothing', () => {
  const o = registreraOverklagandeIEfterhand(stangd, input({ inkom: '2023-11-10' }), den20);
  expect(o.forSent).toBe(true);
  const status = medOverklagandenIEfterhand(stangd, [o]);
  expect(status.status).toBe('LAGA_KRAFT');
  expect(status.paragrafer.every((p) => p.status === 'LAGA_KRAFT')).toBe(true);
  expect(status.meddelanden).toEqual([
    'överklagande som inkom 2023-11-10 kom in för sent (sista dagen var 2023-11-09); det hindrar inte laga kraft',
  ]);
});

it('refuses an invalid date, a future one, a known day before it came in, and an unknown §, naming the field', () => {
  expect(
    overklagandeIEfterhandInputSchema.safeParse({ inkom: '2023-11-31', registreradAv: 'x' }).success,
  ).toBe(false);
  const fel = (o: object) =>
    overklagandeIEfterhandFel(stangd, input(o), den20).map((f) => `${f.field}:${f.rule}`);
  expect(fel({ inkom: '2023-11-21' })).toEqual(['inkom:inte_i_framtiden']);
  expect(fel({ inkom: '2023-11-09', kant: '2023-11-21' })).toEqual(['kant:inte_i_framtiden']);
  expect(fel({ inkom: '2023-11-09', kant: '2023-11-08' })).toEqual(['kant:inte_fore_inkom']);
  expect(fel({ inkom: '2023-11-09', paragrafer: [400] })).toEqual(['paragrafer:paragraf_i_protokollet']);
  expect(fel({ inkom: '2023-11-20', kant: '2023-11-20' })).toEqual([]);
});
