import { createHash } from 'node:crypto';
import {
  aktuellaDokument,
  bilagaText,
  granskaUppladdning,
  handlingarMedBilagor,
  nyttSedanGodkannandet,
  type Bilaga,
  type Version,
} from '../../../src/domain/arendedokument';
import { medGodkandaBilagor } from '../../../src/domain/sammantrade';

const MB = 1024 * 1024;
const ok = { namn: 'Delårsrapport augusti 2026.pdf', storlek: 2 * MB, typ: 'pdf' as const, maxStorlekMb: 25 };
const regel = (input: Parameters<typeof granskaUppladdning>[0]) => {
  const r = granskaUppladdning(input);
  return 'fel' in r ? r.fel.map((f) => `${f.field}:${f.rule}`) : r;
};

describe('granskaUppladdning: what an upload must be to be kept', () => {
  it('keeps a PDF, DOCX, XLSX or ODT whose name ends as its content is, the name trimmed', () => {
    expect(regel({ ...ok, namn: '  Delårsrapport augusti 2026.pdf ' })).toEqual({
      namn: 'Delårsrapport augusti 2026.pdf',
      typ: 'pdf',
    });
    expect(regel({ ...ok, namn: 'Tjänsteskrivelse.DOCX', typ: 'docx' })).toEqual({
      namn: 'Tjänsteskrivelse.DOCX',
      typ: 'docx',
    });
    expect(regel({ ...ok, namn: 'Nyckeltal.xlsx', typ: 'xlsx' })).toMatchObject({ typ: 'xlsx' });
    expect(regel({ ...ok, namn: 'Bilaga 1.odt', typ: 'odt' })).toMatchObject({ typ: 'odt' });
  });

  it('refuses a path, a control character, a lone surrogate and a hidden or overlong name', () => {
    expect(regel({ ...ok, namn: '../../etc/rapport.pdf' })).toEqual(['fil:filnamn_utan_sokvag']);
    expect(regel({ ...ok, namn: 'C:\\Users\\rapport.pdf' })).toEqual(['fil:filnamn_utan_sokvag']);
    expect(regel({ ...ok, namn: 'rapport\u0000.pdf' })).toEqual(['fil:filnamn_tecken']);
    expect(regel({ ...ok, namn: 'rapport\nx.pdf' })).toEqual(['fil:filnamn_tecken']);
    expect(regel({ ...ok, namn: 'rapport\ud800.pdf' })).toEqual(['fil:filnamn_tecken']);
    expect(regel({ ...ok, namn: 'rapport 🙂.pdf' })).toMatchObject({ namn: 'rapport 🙂.pdf' });
    expect(regel({ ...ok, namn: '.rapport.pdf' })).toEqual(['fil:filnamn_form']);
    expect(regel({ ...ok, namn: `${'a'.repeat(201)}.pdf` })).toEqual(['fil:filnamn_form']);
    expect(regel({ ...ok, namn: '   ' })).toEqual(['fil:filnamn_finns']);
  });

  it('refuses an empty file, one over the limit, one of no kept type, and a name that lies about it', () => {
    expect(regel({ ...ok, storlek: 0 })).toEqual(['fil:fil_inte_tom']);
    expect(regel({ ...ok, storlek: 25 * MB })).toMatchObject({ typ: 'pdf' });
    expect(regel({ ...ok, storlek: 25 * MB + 1 })).toEqual(['fil:fil_storlek']);
    expect(regel({ ...ok, storlek: 5 * MB + 1, maxStorlekMb: 5 })).toEqual(['fil:fil_storlek']);
    expect(regel({ ...ok, typ: undefined })).toEqual(['fil:filtyp']);
    expect(regel({ ...ok, namn: 'rapport.docx' })).toEqual(['fil:filtyp_namn']);
  });
});

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const v = (nr: number, roll: Version['roll'], namn: string): Version => ({
  id: `d${nr}`,
  nr,
  roll,
  namn,
  sha256: sha(`${nr}`),
});

describe('aktuellaDokument and nyttSedanGodkannandet', () => {
  const versioner = [
    v(1, 'RAPPORT', 'rapport.pdf'),
    v(2, 'TJANSTESKRIVELSE', 'ts.docx'),
    v(3, 'BILAGA', 'Nyckeltal.xlsx'),
    v(4, 'RAPPORT', 'rapport v2.pdf'),
    v(5, 'BILAGA', 'nyckeltal.XLSX'),
    v(6, 'BILAGA', 'Bilaga 2.odt'),
  ];

  it('takes the latest tjänsteskrivelse, the latest report and each bilaga by name in its latest version', () => {
    expect(aktuellaDokument(versioner).map((d) => d.id)).toEqual(['d2', 'd4', 'd5', 'd6']);
    expect(aktuellaDokument([...versioner].reverse()).map((d) => d.id)).toEqual(['d2', 'd4', 'd5', 'd6']);
  });

  it('sees a version uploaded after the approval, and nothing new when the approval bound the current ones', () => {
    const godkanda = aktuellaDokument(versioner.slice(0, 5));
    expect(nyttSedanGodkannandet(aktuellaDokument(versioner.slice(0, 5)), godkanda)).toBe(false);
    expect(nyttSedanGodkannandet(aktuellaDokument(versioner), godkanda)).toBe(true);
  });
});

describe('the approved versions on the föredragningslista', () => {
  const bilagor: Bilaga[] = [
    {
      dokumentId: '00000000-0000-4000-8000-000000000001',
      roll: 'TJANSTESKRIVELSE',
      namn: 'ts.docx',
      nr: 3,
      typ: 'docx',
      sha256: sha('a'),
      storlek: 10,
    },
    {
      dokumentId: '00000000-0000-4000-8000-000000000002',
      roll: 'RAPPORT',
      namn: 'rapport.pdf',
      nr: 4,
      typ: 'pdf',
      sha256: sha('b'),
      storlek: 20,
    },
  ];

  it('names each by role, file and version; without any, the report by its title', () => {
    expect(bilagaText(bilagor[1]!)).toBe('Rapport: rapport.pdf (version 4)');
    expect(
      handlingarMedBilagor('Delårsrapport', bilagor, ['Revisorernas bedömning (inkom 2026-10-01)']),
    ).toEqual([
      'Tjänsteskrivelse: ts.docx (version 3)',
      'Rapport: rapport.pdf (version 4)',
      'Revisorernas bedömning (inkom 2026-10-01)',
    ]);
    expect(handlingarMedBilagor('Delårsrapport', [])).toEqual(['Delårsrapport']);
  });

  it('puts them with an ärende the sekreterare adds by the diarienummer of a registered report, and only then', () => {
    const arende = {
      rubrik: 'Delårsrapport',
      diarienummer: 'KS 2026/0042',
      forslagTillBeslut: [],
      handlingar: ['Delårsrapport', 'Protokoll KSAU'],
      bilagor: [],
    };
    const rapporter = [{ diarienummer: 'KS 2026/0042', bilagor }];
    expect(medGodkandaBilagor(arende, rapporter)).toEqual({
      ...arende,
      bilagor,
      handlingar: [
        'Tjänsteskrivelse: ts.docx (version 3)',
        'Rapport: rapport.pdf (version 4)',
        'Protokoll KSAU',
      ],
    });
    expect(medGodkandaBilagor({ ...arende, diarienummer: 'KS 2026/0043' }, rapporter)).toEqual({
      ...arende,
      diarienummer: 'KS 2026/0043',
    });
    const { diarienummer: _d, ...utan } = arende;
    expect(medGodkandaBilagor(utan, rapporter)).toEqual(utan);
  });
});
