/**
 * The year's view built from the register (src/domain/arshjul.ts): each report's steps from its tasks' rows
 * (`handelserFranRegistret`), merged with what the årshjul itself heard (`medRegistret`), then shown for a day
 * (`arshjulOversikt`). The årshjul hears only of the EVP's fullmäktige step and of each report's end, so every
 * other step the kanslichef sees comes from here.
 */
import path from 'node:path';
import { loadKommunConfig } from '../../../src/config/load';
import {
  arshjulOversikt,
  handelserFranRegistret,
  medRegistret,
  type RegistreradUppgift,
} from '../../../src/domain/arshjul';
import type { IsoDate } from '../../../src/domain/datum';
import { planeraAr } from '../../../src/domain/planering';

const lund = loadKommunConfig(path.resolve(__dirname, '../../../config/lund.yaml'));
const planer = planeraAr(lund, 2023);
const plan = planer.find((p) => p.id === 'lund/2023/ASN/delarsrapport-augusti')!;
const T = Date.parse('2023-09-01T08:00:00+02:00');
const DAG = 86_400_000;

const uppgift = (steg: string, varv: number, over: Partial<RegistreradUppgift>): RegistreradUppgift => ({
  id: `${plan.id}/${steg}-${varv}`,
  processId: plan.id,
  typ: steg,
  tilldelad: `${steg}-person`,
  forfaller: '2023-09-20' as IsoDate,
  status: 'OPPEN',
  skapad: T,
  ...over,
});

describe('the steps as the register records them', () => {
  it('takes each step’s latest task, and its state: open, done, returned', () => {
    const h = handelserFranRegistret(
      [
        uppgift('utkast', 2, {
          status: 'KLAR',
          skapad: T + 3 * DAG,
          avslutad: T + 4 * DAG,
          utfordAv: 'asn-h',
        }),
        uppgift('utkast', 1, { status: 'KLAR', skapad: T, avslutad: T + DAG }),
        uppgift('godkannande', 1, { status: 'RETURNERAD', skapad: T + DAG, avslutad: T + 2 * DAG }),
        uppgift('godkannande', 2, { skapad: T + 4 * DAG, forfaller: '2023-09-25' as IsoDate }),
      ],
      { [plan.id]: undefined },
    );
    expect(h[plan.id]!.steg.utkast).toEqual({
      status: 'KLAR',
      ansvarig: 'utkast-person',
      uppgiftId: `${plan.id}/utkast-2`,
      forfaller: '2023-09-20',
      tid: T + 4 * DAG,
      utfordAv: 'asn-h',
    });
    expect(h[plan.id]!.steg.godkannande).toMatchObject({
      status: 'PAGAR',
      uppgiftId: `${plan.id}/godkannande-2`,
      forfaller: '2023-09-25',
      tid: T + 4 * DAG,
    });
    expect(h[plan.id]!.diarienummer).toBeUndefined();
  });

  it('counts a report with a row as started, with no task yet; its diarienummer is its registration', () => {
    const h = handelserFranRegistret([], { a: undefined, b: 'ASN 2023/0001' });
    expect(h.a).toEqual({ steg: {} });
    expect(h.b).toEqual({
      diarienummer: 'ASN 2023/0001',
      steg: { registrering: { status: 'KLAR', tid: 0 } },
    });
    expect(h.c).toBeUndefined();
  });
});

describe('the year’s view: the årshjul’s events with the register’s', () => {
  const idag = '2023-09-10' as IsoDate;

  it('shows a step the årshjul never heard of, from its task; the later event wins on a step both have', () => {
    // The årshjul heard of the draft's start (a report started before the patch told every step).
    const arshjulet = {
      [plan.id]: {
        steg: {
          utkast: { status: 'PAGAR' as const, ansvarig: 'x', uppgiftId: `${plan.id}/utkast-1`, tid: T },
        },
      },
    };
    const registret = handelserFranRegistret(
      [
        uppgift('utkast', 1, { status: 'KLAR', avslutad: T + DAG }),
        uppgift('godkannande', 1, { skapad: T + DAG, forfaller: '2023-09-05' as IsoDate }),
      ],
      { [plan.id]: undefined },
    );
    const vy = arshjulOversikt('lund', 2023, planer, medRegistret(arshjulet, registret), idag);
    const rapport = vy.rapporter.find((r) => r.id === plan.id)!;
    expect(rapport.status).toBe('PAGAR');
    expect(rapport.steg.slice(0, 3).map((s) => [s.steg, s.status])).toEqual([
      ['utkast', 'KLAR'],
      ['godkannande', 'FORSENAD'],
      ['registrering', 'PLANERAD'],
    ]);
    // Late as of today, by the task's own due day.
    expect(vy.forsenade).toEqual([
      expect.objectContaining({ rapportId: plan.id, steg: 'godkannande', forfaller: '2023-09-05' }),
    ]);
  });

  it('keeps what only the årshjul heard (a report’s end), and leaves the other reports as planned', () => {
    const slut = Object.fromEntries(
      plan.steg.map((s) => [s.organ ? `${s.steg}:${s.organ}` : s.steg, { status: 'KLAR' as const, tid: T }]),
    );
    const vy = arshjulOversikt('lund', 2023, planer, medRegistret({ [plan.id]: { steg: slut } }, {}), idag);
    expect(vy.rapporter.find((r) => r.id === plan.id)!.status).toBe('KLAR');
    expect(vy.rapporter.filter((r) => r.id !== plan.id).every((r) => r.status === 'PLANERAD')).toBe(true);
  });
});
