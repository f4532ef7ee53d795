/** Which years can be started (src/domain/arshjul.ts `startFel`) and which years are years at all (`arSchema`). */
import { loadAllKommuner } from '../../../src/config/load';
import { startFel } from '../../../src/domain/arshjul';
import { arSchema } from '../../../src/domain/datum';
import { felFromZod } from '../../../src/domain/validering';
import { arshjul } from '../../helpers/cli';

const kommuner = loadAllKommuner();
const lund = kommuner.get('lund')!;

describe('startFel', () => {
  it.each([
    ['lund', 2023],
    ['lund', 2026],
    ['lund', 2027],
    ['linkoping', 2024],
    ['eskilstuna', 2022],
  ])('lets %s start %i: its sammanträdesplan has the meetings', (kommun, ar) => {
    expect(startFel(kommuner.get(kommun)!, ar)).toEqual([]);
  });

  it.each([
    ['lund', 2028],
    ['linkoping', 2027],
    ['eskilstuna', 2026],
  ])('refuses %s %i: no meeting in the config to decide the reports at', (kommun, ar) => {
    expect(startFel(kommuner.get(kommun)!, ar)).toEqual([
      {
        field: 'ar',
        rule: 'sammantradesplan',
        message: expect.stringContaining(`kan beslutas; lägg in årets sammanträden`),
      },
    ]);
  });

  it('refuses a kommun without reports', () => {
    expect(startFel({ ...lund, rapporter: [] }, 2026)).toEqual([
      {
        field: 'kommun',
        rule: 'rapporter_finns',
        message: 'Lunds kommun har inga rapporter i konfigurationen (rapporter:)',
      },
    ]);
  });
});

describe('arSchema', () => {
  it.each([
    ['1900', 1900],
    ['2026', 2026],
    ['2100', 2100],
  ])('reads %s as %i', (text, ar) => {
    expect(arSchema.parse(text)).toBe(ar);
  });

  it.each([
    ['9999', 'ar_inom_intervall', '9999 ligger utanför åren 1900–2100'],
    ['1899', 'ar_inom_intervall', '1899 ligger utanför åren 1900–2100'],
    ['26', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
    ['2026 ', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
    ['tjugo', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
  ])('refuses %j, naming the rule', (text, rule, message) => {
    const parsed = arSchema.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(felFromZod(parsed.error!)).toEqual([{ field: '', rule, message }]);
  });
});

describe('arshjul ar start', () => {
  it.each([
    ['9999', 'arshjul ar start: --ar: 9999 ligger utanför åren 1900–2100'],
    ['2028', 'arshjul ar start: --ar: sammanträdesplanen för Lunds kommun har inga sammanträden'],
  ])('refuses --ar %s before it reaches Temporal', async (ar, message) => {
    const run = await arshjul(['ar', 'start', '--kommun', 'lund', '--ar', ar], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});
