import { arshjul, npmRunArshjul } from '../../helpers/cli';
import { LUND_KS_FRISTER } from '../../helpers/lund';

describe('arshjul frister', () => {
  it('prints the reference result of document 000 through `npm run --silent arshjul -- frister`', async () => {
    const run = await npmRunArshjul([
      'frister',
      '--sammantrade',
      '2023-10-11',
      '--justering',
      '2023-10-18',
      '--anslag',
      '2023-10-19',
    ]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual(LUND_KS_FRISTER);
  });

  it('plans justering and anslag that are not given, and names them', async () => {
    const run = await arshjul(['frister', '--sammantrade', '2023-10-11']);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      justering: null,
      anslag: null,
      justeringSenast: '2023-10-25',
      anslagSenast: '2023-10-27',
      overklagandeSenast: '2023-11-17',
      lagaKraft: '2023-11-18',
      planerad: ['justering', 'anslag'],
    });
  });

  it('reports late steps as avvikelser', async () => {
    const run = await arshjul([
      'frister',
      '--sammantrade',
      '2023-10-11',
      '--justering',
      '2023-10-26',
      '--anslag',
      '2023-11-01',
    ]);
    expect(JSON.parse(run.stdout).avvikelser).toEqual(['JUSTERING_FORSENAD', 'ANSLAG_FORSENAT']);
  });

  it.each([
    [['--sammantrade', 'igår'], /^arshjul frister: --sammantrade: "igår" är inget giltigt datum/],
    [['--sammantrade', '2023-02-30'], /^arshjul frister: --sammantrade: "2023-02-30" är inget giltigt datum/],
    [
      ['--sammantrade', '2023-10-11', '--justering', '2023-10-10'],
      /^arshjul frister: --justering: 2023-10-10 är före sammanträdet 2023-10-11/,
    ],
    [
      ['--sammantrade', '2023-10-11', '--justering', '2023-10-18', '--anslag', '2023-10-17'],
      /^arshjul frister: --anslag: 2023-10-17 är före justeringen 2023-10-18/,
    ],
    [[], /^arshjul frister: --sammantrade: obligatoriskt fält saknas/],
    [
      ['--sammantrade', '2023-10-11', '--justerng', '2023-10-18'],
      /^arshjul frister: okänt alternativ --justerng/,
    ],
    [['--sammantrade'], /^arshjul frister: --sammantrade behöver ett värde/],
  ])('refuses %j: exit code 2, one line on stderr, nothing on stdout', async (args, message) => {
    const run = await arshjul(['frister', ...args]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
