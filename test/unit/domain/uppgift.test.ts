import { loadAllKommuner } from '../../../src/config/load';
import { instantInStockholm, type IsoDate } from '../../../src/domain/datum';
import { kontextFor } from '../../../src/domain/rapportprocess';
import { ESKALERINGSHORISONT_DAGAR, nastaUtskick } from '../../../src/domain/paminnelser';
import {
  baraPlaneradeUtskick,
  kommandoFel,
  medUtskick,
  nyUppgift,
  tillampa,
  utfallAv,
  type Kommando,
  type UppgiftSpec,
  type UppgiftState,
} from '../../../src/domain/uppgift';

const d = (s: string) => s as IsoDate;
const at = (date: string, klockan = '08.00') => instantInStockholm(d(date), klockan);

function spec(overrides: Partial<UppgiftSpec> = {}): UppgiftSpec {
  return {
    id: 'lund/2023/KS/delarsrapport-augusti/utkast-1',
    kommun: 'lund',
    organ: 'KS',
    typ: 'utkast',
    titel: 'Skriv rapporten: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
    process: {
      id: 'lund/2023/KS/delarsrapport-augusti',
      titel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
    },
    tilldelad: 'handlaggare-ks',
    forfaller: d('2023-09-15'),
    paminnelseDagar: [7, 1, 0],
    eskaleringIntervallDagar: 7,
    utskickKlockan: '08.00',
    kanslichefer: ['kanslichef'],
    personer: ['kanslichef', 'handlaggare-ks', 'handlaggare-ks-2', 'ekonomidirektor', 'kommundirektor'],
    chefer: {
      'handlaggare-ks': 'ekonomidirektor',
      'handlaggare-ks-2': 'ekonomidirektor',
      ekonomidirektor: 'kommundirektor',
    },
    ...overrides,
  };
}

/** Sends every reminder and escalation due up to `until`, as the workflow does; returns the schedule. */
function runUntil(
  state: UppgiftState,
  until: number,
  horisontDagar?: number,
): { state: UppgiftState; sent: { typ: string; when: string; to: string[]; sista?: true }[] } {
  const sent = [];
  for (;;) {
    const next = nastaUtskick(state, horisontDagar);
    if (!next || next.tid > until) return { state, sent };
    sent.push({
      typ: next.typ,
      when: new Date(next.tid).toISOString(),
      to: next.mottagare,
      ...(next.sista ? { sista: next.sista } : {}),
    });
    state = medUtskick(state, next, next.tid);
  }
}

describe('reminders and escalation', () => {
  it('reminds 7 days and 1 day before and on the morning of the due date, then escalates weekly', () => {
    const { sent } = runUntil(nyUppgift(spec(), at('2023-09-01', '09.00')), at('2023-10-01', '00.00'));
    expect(sent).toEqual([
      { typ: 'PAMINNELSE', when: '2023-09-08T06:00:00.000Z', to: ['handlaggare-ks'] },
      { typ: 'PAMINNELSE', when: '2023-09-14T06:00:00.000Z', to: ['handlaggare-ks'] },
      { typ: 'PAMINNELSE', when: '2023-09-15T06:00:00.000Z', to: ['handlaggare-ks'] },
      { typ: 'ESKALERING', when: '2023-09-16T06:00:00.000Z', to: ['kanslichef', 'ekonomidirektor'] },
      { typ: 'ESKALERING', when: '2023-09-23T06:00:00.000Z', to: ['kanslichef', 'ekonomidirektor'] },
      { typ: 'ESKALERING', when: '2023-09-30T06:00:00.000Z', to: ['kanslichef', 'ekonomidirektor'] },
    ]);
  });

  it('skips reminders whose moment passed before the task was created', () => {
    const { sent } = runUntil(nyUppgift(spec(), at('2023-09-10', '12.00')), at('2023-09-15', '12.00'));
    expect(sent.map((s) => s.when)).toEqual(['2023-09-14T06:00:00.000Z', '2023-09-15T06:00:00.000Z']);
  });

  it('escalates at once, once, for a task created already overdue, then on the weekly grid', () => {
    const created = at('2023-09-20', '10.00');
    const { sent } = runUntil(nyUppgift(spec(), created), at('2023-09-30', '12.00'));
    expect(sent).toEqual([
      { typ: 'ESKALERING', when: new Date(created).toISOString(), to: ['kanslichef', 'ekonomidirektor'] },
      { typ: 'ESKALERING', when: '2023-09-23T06:00:00.000Z', to: ['kanslichef', 'ekonomidirektor'] },
      { typ: 'ESKALERING', when: '2023-09-30T06:00:00.000Z', to: ['kanslichef', 'ekonomidirektor'] },
    ]);
  });

  it('re-plans when the kanslichef moves the due date, with new keys', () => {
    let state = runUntil(nyUppgift(spec(), at('2023-09-01', '09.00')), at('2023-09-10')).state;
    expect(state.skickat).toEqual(['paminnelse:2023-09-15:7']);
    state = tillampa(
      state,
      { typ: 'andraForfallodag', aktor: 'kanslichef', forfaller: d('2023-09-22') },
      at('2023-09-10', '10.00'),
    );
    const { sent } = runUntil(state, at('2023-09-23', '12.00'));
    // 7 days before the new date (15 September) is after the change: it goes out; then the day before, the day.
    expect(sent.map((s) => `${s.typ} ${s.when}`)).toEqual([
      'PAMINNELSE 2023-09-15T06:00:00.000Z',
      'PAMINNELSE 2023-09-21T06:00:00.000Z',
      'PAMINNELSE 2023-09-22T06:00:00.000Z',
      'ESKALERING 2023-09-23T06:00:00.000Z',
    ]);
  });

  it('reminds delegates too, and escalates to the new assignee’s chef after a reassignment', () => {
    let state = nyUppgift(spec(), at('2023-09-01', '09.00'));
    state = tillampa(
      state,
      { typ: 'delegera', aktor: 'handlaggare-ks', till: 'handlaggare-ks-2' },
      at('2023-09-02'),
    );
    expect(nastaUtskick(state)?.mottagare).toEqual(['handlaggare-ks', 'handlaggare-ks-2']);
    state = tillampa(
      state,
      { typ: 'tilldelaOm', aktor: 'kanslichef', till: 'ekonomidirektor' },
      at('2023-09-03'),
    );
    expect(nastaUtskick(state)?.mottagare).toEqual(['ekonomidirektor']);
    state = tillampa(
      state,
      { typ: 'andraForfallodag', aktor: 'kanslichef', forfaller: d('2023-09-04') },
      at('2023-09-03', '09.00'),
    );
    expect(
      runUntil(state, at('2023-09-05', '12.00')).sent.filter((s) => s.typ === 'ESKALERING')[0]?.to,
    ).toEqual(['kanslichef', 'kommundirektor']);
  });

  it('sends at 08.00 local time across the change to winter time', () => {
    const state = nyUppgift(spec({ forfaller: d('2023-10-30'), paminnelseDagar: [1] }), at('2023-10-20'));
    expect(new Date(nastaUtskick(state)!.tid).toISOString()).toBe('2023-10-29T07:00:00.000Z');
  });

  it('stops escalating at the horizon, eight weeks by default, with one last notice to the kanslichef', () => {
    const { sent, state } = runUntil(
      nyUppgift(spec(), at('2023-09-01', '09.00')),
      at('2024-03-01', '00.00'),
      ESKALERINGSHORISONT_DAGAR,
    );
    const eskaleringar = sent.filter((s) => s.typ === 'ESKALERING');
    // Weekly from the 16th of September to the 4th of November (56 days after the due date); the 11th of
    // November would be past it: the last notice goes then, to the kanslichef, and nothing after it.
    expect(eskaleringar.filter((s) => !s.sista).map((s) => s.when.slice(0, 10))).toEqual([
      '2023-09-16',
      '2023-09-23',
      '2023-09-30',
      '2023-10-07',
      '2023-10-14',
      '2023-10-21',
      '2023-10-28',
      '2023-11-04',
    ]);
    expect(sent.at(-1)).toEqual({
      typ: 'ESKALERING',
      when: '2023-11-11T07:00:00.000Z',
      to: ['kanslichef'],
      sista: true,
    });
    expect(state.status).toBe('OPPEN');
    expect(nastaUtskick(state, ESKALERINGSHORISONT_DAGAR)).toBeUndefined();
    // A new due date plans anew: reminders and escalation start over.
    const flyttad = tillampa(
      state,
      { typ: 'andraForfallodag', aktor: 'kanslichef', forfaller: d('2023-12-01') },
      at('2023-11-20', '10.00'),
    );
    expect(nastaUtskick(flyttad, ESKALERINGSHORISONT_DAGAR)?.typ).toBe('PAMINNELSE');
  });

  it('stops when the task is done', () => {
    let state = nyUppgift(spec(), at('2023-09-01'));
    state = tillampa(state, { typ: 'slutfor', aktor: 'handlaggare-ks' }, at('2023-09-05'));
    expect(nastaUtskick(state)).toBeUndefined();
  });
});

describe('who may do what', () => {
  const open = () => nyUppgift(spec(), at('2023-09-01'));
  const approval = () =>
    nyUppgift(spec({ typ: 'godkannande', tilldelad: 'ekonomidirektor' }), at('2023-09-01'));
  const rules = (state: UppgiftState, kommando: Kommando) =>
    kommandoFel(state, kommando).map((f) => `${f.field}:${f.rule}`);

  it('lets the assignee, a delegate and the kanslichef act, and no one else', () => {
    expect(rules(open(), { typ: 'slutfor', aktor: 'handlaggare-ks' })).toEqual([]);
    expect(rules(open(), { typ: 'slutfor', aktor: 'kanslichef' })).toEqual([]);
    expect(rules(open(), { typ: 'slutfor', aktor: 'ekonomidirektor' })).toEqual(['aktor:behorig_aktor']);
    const delegated = tillampa(
      open(),
      { typ: 'delegera', aktor: 'handlaggare-ks', till: 'handlaggare-ks-2' },
      at('2023-09-02'),
    );
    expect(rules(delegated, { typ: 'slutfor', aktor: 'handlaggare-ks-2' })).toEqual([]);
  });

  it('records acting on someone’s behalf', () => {
    const delegated = tillampa(
      open(),
      { typ: 'delegera', aktor: 'handlaggare-ks', till: 'handlaggare-ks-2' },
      at('2023-09-02'),
    );
    const done = tillampa(
      delegated,
      { typ: 'slutfor', aktor: 'handlaggare-ks-2', kommentar: 'Klart' },
      at('2023-09-03'),
    );
    expect(done.historik.at(-1)).toMatchObject({
      typ: 'SLUTFORD',
      aktor: 'handlaggare-ks-2',
      paUppdragAv: 'handlaggare-ks',
    });
    expect(utfallAv(done)).toMatchObject({
      status: 'KLAR',
      aktor: 'handlaggare-ks-2',
      paUppdragAv: 'handlaggare-ks',
    });
    const byKanslichef = tillampa(open(), { typ: 'slutfor', aktor: 'kanslichef' }, at('2023-09-03'));
    expect(byKanslichef.historik.at(-1)).toMatchObject({
      aktor: 'kanslichef',
      paUppdragAv: 'handlaggare-ks',
    });
  });

  it('approves or returns approval tasks only, and a return needs a comment (schema)', () => {
    expect(rules(approval(), { typ: 'godkann', aktor: 'ekonomidirektor' })).toEqual([]);
    expect(rules(approval(), { typ: 'slutfor', aktor: 'ekonomidirektor' })).toEqual([
      ':fel_kommando_for_uppgiften',
    ]);
    expect(rules(open(), { typ: 'godkann', aktor: 'handlaggare-ks' })).toEqual([
      ':fel_kommando_for_uppgiften',
    ]);
    const returned = tillampa(
      approval(),
      { typ: 'returnera', aktor: 'ekonomidirektor', kommentar: 'Komplettera prognosen' },
      at('2023-09-05'),
    );
    expect(utfallAv(returned)).toMatchObject({ status: 'RETURNERAD', kommentar: 'Komplettera prognosen' });
  });

  it('never gives a task to a mottagare of protokollsutdrag: the tasks of a real config name persons only', () => {
    const lund = loadAllKommuner().get('lund')!;
    const { personer } = kontextFor(lund);
    expect(personer).toContain('handlaggare-ks');
    expect(personer).not.toContain('kommunkontoret');
    const medLundsFolk = nyUppgift(spec({ personer }), at('2023-09-01'));
    expect(rules(medLundsFolk, { typ: 'tilldelaOm', aktor: 'kanslichef', till: 'kommunkontoret' })).toEqual([
      'till:person_finns',
    ]);
    expect(
      rules(medLundsFolk, { typ: 'delegera', aktor: 'handlaggare-ks', till: 'kommunfullmaktige' }),
    ).toEqual(['till:person_finns']);
    expect(rules(medLundsFolk, { typ: 'tilldelaOm', aktor: 'kanslichef', till: 'handlaggare-ks-2' })).toEqual(
      [],
    );
  });

  it('refuses any command on a finished task, saying why', () => {
    const done = tillampa(open(), { typ: 'slutfor', aktor: 'handlaggare-ks' }, at('2023-09-05'));
    const fel = kommandoFel(done, { typ: 'slutfor', aktor: 'handlaggare-ks' });
    expect(fel).toEqual([expect.objectContaining({ rule: 'uppgiften_avslutad' })]);
    expect(fel[0]?.message).toMatch(/är redan slutförd/);
  });

  it('lets only the kanslichef reassign and move the due date, to known people and new dates', () => {
    expect(rules(open(), { typ: 'tilldelaOm', aktor: 'handlaggare-ks', till: 'handlaggare-ks-2' })).toEqual([
      'aktor:endast_kanslichef',
    ]);
    expect(rules(open(), { typ: 'tilldelaOm', aktor: 'kanslichef', till: 'okand' })).toEqual([
      'till:person_finns',
    ]);
    expect(rules(open(), { typ: 'delegera', aktor: 'handlaggare-ks', till: 'handlaggare-ks' })).toEqual([
      'till:redan_behorig',
    ]);
    expect(
      rules(open(), { typ: 'andraForfallodag', aktor: 'kanslichef', forfaller: d('2023-09-15') }),
    ).toEqual(['forfaller:ny_forfallodag']);
    expect(
      rules(open(), { typ: 'andraForfallodag', aktor: 'ekonomidirektor', forfaller: d('2023-09-20') }),
    ).toEqual(['aktor:endast_kanslichef']);
  });
});

describe('the outcome', () => {
  it('is the command that ended the task, even when a reminder that was on its way is recorded after it', () => {
    let state = nyUppgift(spec(), at('2023-09-20', '10.00'));
    state = tillampa(
      state,
      { typ: 'slutfor', aktor: 'handlaggare-ks', kommentar: 'Klart' },
      at('2023-09-20', '10.01'),
    );
    state = medUtskick(
      state,
      { typ: 'ESKALERING', nyckel: 'eskalering:2023-09-15:1', mottagare: ['kanslichef'] },
      at('2023-09-20', '10.00'),
    );
    expect(state.historik.at(-1)?.typ).toBe('ESKALERING');
    expect(utfallAv(state)).toMatchObject({ status: 'KLAR', aktor: 'handlaggare-ks', kommentar: 'Klart' });
  });
});

describe("what the loop may store without holding up a command's answer", () => {
  const paminnelse = {
    typ: 'PAMINNELSE' as const,
    nyckel: 'paminnelse:2023-09-13',
    mottagare: ['handlaggare-ks'],
  };
  const eskalering = {
    typ: 'ESKALERING' as const,
    nyckel: 'eskalering:2023-09-21:1',
    mottagare: ['kanslichef'],
  };

  it('is a state that only adds planned reminders and escalations', () => {
    const lagrat = nyUppgift(spec(), at('2023-09-01'));
    const enPaminnelse = medUtskick(lagrat, paminnelse, at('2023-09-13'));
    expect(baraPlaneradeUtskick(lagrat, enPaminnelse)).toBe(true);
    expect(baraPlaneradeUtskick(lagrat, medUtskick(enPaminnelse, eskalering, at('2023-09-21')))).toBe(true);
  });

  it('is not a state with nothing new, nor one a command changed, alone or beside a reminder', () => {
    const lagrat = nyUppgift(spec(), at('2023-09-01'));
    expect(baraPlaneradeUtskick(lagrat, lagrat)).toBe(false);
    const klar = tillampa(lagrat, { typ: 'slutfor', aktor: 'handlaggare-ks' }, at('2023-09-13', '10.00'));
    expect(baraPlaneradeUtskick(lagrat, klar)).toBe(false);
    // A command and a reminder in one workflow task, in either order.
    expect(baraPlaneradeUtskick(lagrat, medUtskick(klar, paminnelse, at('2023-09-13')))).toBe(false);
    const paminnd = medUtskick(lagrat, paminnelse, at('2023-09-13'));
    expect(
      baraPlaneradeUtskick(
        lagrat,
        tillampa(paminnd, { typ: 'slutfor', aktor: 'handlaggare-ks' }, at('2023-09-13', '10.00')),
      ),
    ).toBe(false);
  });

  it("is not the kanslichef's reminder on demand: a command, with its sender", () => {
    const lagrat = nyUppgift(spec(), at('2023-09-01'));
    const paBegaran = tillampa(lagrat, { typ: 'paminn', aktor: 'kanslichef' }, at('2023-09-13', '10.00'));
    expect(paBegaran.historik.at(-1)?.typ).toBe('PAMINNELSE');
    expect(baraPlaneradeUtskick(lagrat, paBegaran)).toBe(false);
  });
});
