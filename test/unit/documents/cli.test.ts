/**
 * `arshjul protokollsutdrag | protokoll | anslagsbevis | kallelse` as a user runs them: the documents of the
 * shipped example written in every format, one JSON line on stdout; bad input exits 2 with one line on stderr
 * naming the option and the rule, prints nothing and writes nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { arshjul, npmRunArshjul } from '../../helpers/cli';
import {
  EXEMPEL_KALLELSE,
  EXEMPEL_PROTOKOLL,
  rawLundProtokoll,
  readDocx,
  readPdf,
} from '../../helpers/dokument';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'arshjul-dokument-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const MAGIC = { pdf: '%PDF-', docx: 'PK', html: '<!DOCTYPE html>' } as const;

describe('arshjul protokollsutdrag', () => {
  it('writes the § 336 utdrag as PDF through `npm run --silent arshjul -- protokollsutdrag`', async () => {
    const out = path.join(dir, 'utdrag-336.pdf');
    const run = await npmRunArshjul([
      'protokollsutdrag',
      '--protokoll',
      EXEMPEL_PROTOKOLL,
      '--paragraf',
      '336',
      '--format',
      'pdf',
      '--out',
      out,
    ]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const bytes = readFileSync(out);
    const pdf = readPdf(bytes);
    expect(JSON.parse(run.stdout)).toEqual({
      path: out,
      format: 'pdf',
      bytes: bytes.length,
      pages: pdf.pages.length,
      dokument: 'Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336',
    });
    expect(pdf.flat).toContain('Anslaget sätts upp 2023-10-19 Anslaget tas ned 2023-11-10');
  });

  it.each(['docx', 'html'] as const)('writes it as %s too', async (format) => {
    const out = path.join(dir, `utdrag-336.${format}`);
    const run = await arshjul([
      'protokollsutdrag',
      '--protokoll',
      EXEMPEL_PROTOKOLL,
      '--paragraf',
      '336',
      '--format',
      format,
      '--out',
      out,
    ]);
    expect(run.status).toBe(0);
    const bytes = readFileSync(out);
    expect(bytes.subarray(0, MAGIC[format].length).toString('utf8')).toBe(MAGIC[format]);
    expect(JSON.parse(run.stdout)).toEqual({
      path: out,
      format,
      bytes: bytes.length,
      dokument: 'Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336',
    });
    const text = format === 'docx' ? readDocx(bytes).paragraphs.join('\n') : bytes.toString('utf8');
    expect(text).toContain('Diarienummer: KS 2023/0431');
  });
});

describe.each([
  ['protokoll', EXEMPEL_PROTOKOLL, 'Protokoll Kommunstyrelsen 2023-10-11', '§ 365'],
  ['anslagsbevis', EXEMPEL_PROTOKOLL, 'Anslagsbevis Kommunstyrelsen 2023-10-11', 'Anslaget tas ned'],
  ['kallelse', EXEMPEL_KALLELSE, 'Kallelse Kommunstyrelsen 2023-10-11', 'Föredragningslista'],
])('arshjul %s', (command, file, title, expected) => {
  it('writes the document of the example as PDF', async () => {
    const out = path.join(dir, `${command}.pdf`);
    const option = command === 'kallelse' ? '--kallelse' : '--protokoll';
    const run = await arshjul([command, option, file, '--format', 'pdf', '--out', out]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout) as { bytes: number; pages: number; dokument: string };
    expect(result.dokument).toBe(title);
    expect(result.bytes).toBe(statSync(out).size);
    const pdf = readPdf(readFileSync(out));
    expect(result.pages).toBe(pdf.pages.length);
    expect(pdf.flat).toContain(expected);
  });
});

describe('bad input', () => {
  const broken = () => {
    const raw = rawLundProtokoll() as { paragrafer: { beslut?: { attSatser: string[] } }[] };
    raw.paragrafer[9]!.beslut!.attSatser[1] = 'överlämna delårsrapporten';
    const file = path.join(dir, 'trasigt.json');
    writeFileSync(file, JSON.stringify(raw));
    return file;
  };
  const ejJusterat = () => {
    const raw = rawLundProtokoll() as { justering: Record<string, unknown>; anslagUppsatt?: string };
    delete raw.justering.justerad;
    delete raw.anslagUppsatt;
    delete (raw as { anslagNedtaget?: string }).anslagNedtaget;
    const file = path.join(dir, 'ej-justerat.json');
    writeFileSync(file, JSON.stringify(raw));
    return file;
  };
  const utdrag = (
    protokoll: string,
    paragraf: string,
    format = 'pdf',
    out = path.join(dir, 'vagrat.pdf'),
  ) => [
    'protokollsutdrag',
    '--protokoll',
    protokoll,
    '--paragraf',
    paragraf,
    '--format',
    format,
    '--out',
    out,
  ];

  it.each([
    [
      'a § listed by number only',
      () => utdrag(EXEMPEL_PROTOKOLL, '327'),
      /^arshjul protokollsutdrag: --paragraf: § 327 är bara upptagen med nummer; .* \[regel: paragraf_protokollford\]$/,
    ],
    [
      'an unknown §',
      () => utdrag(EXEMPEL_PROTOKOLL, '336,400'),
      /^arshjul protokollsutdrag: --paragraf: § 400 finns inte i protokollet \(§ 327–365\) \[regel: paragraf_finns\]$/,
    ],
    [
      'a protocol not justerat',
      () => utdrag(ejJusterat(), '336'),
      /^arshjul protokollsutdrag: --paragraf: § 336 är inte justerad: .* \[regel: utdrag_efter_justering\]$/,
    ],
    [
      'a record that breaks the schema',
      () => utdrag(broken(), '336'),
      /^arshjul protokollsutdrag: --protokoll: .*trasigt\.json: paragrafer\.9\.beslut\.attSatser\.1: en att-sats börjar med "att " \[regel: invalid_format\]$/,
    ],
    [
      'a file that is not there',
      () => utdrag(path.join(dir, 'finns-inte.json'), '336'),
      /^arshjul protokollsutdrag: --protokoll: .*finns-inte\.json: filen finns inte \[regel: fil_finns\]$/,
    ],
    [
      'a file that is not JSON',
      () => utdrag(path.resolve(__dirname, '../../../config/lund.yaml'), '336'),
      /^arshjul protokollsutdrag: --protokoll: .*lund\.yaml: ogiltig JSON: .*\[regel: json\]$/,
    ],
    [
      'a § that is not a number',
      () => utdrag(EXEMPEL_PROTOKOLL, 'tre'),
      /^arshjul protokollsutdrag: --paragraf: "tre" är inga paragrafnummer; .*\[regel: paragrafnummer\]$/,
    ],
    [
      'an unknown format',
      () => utdrag(EXEMPEL_PROTOKOLL, '336', 'odt'),
      /^arshjul protokollsutdrag: --format: "odt" är inget format; välj pdf, docx eller html \[regel: format\]$/,
    ],
    [
      'a folder that does not exist',
      () => utdrag(EXEMPEL_PROTOKOLL, '336', 'pdf', path.join(dir, 'saknas', 'x.pdf')),
      /^arshjul protokollsutdrag: --out: mappen .*saknas finns inte \[regel: mapp_finns\]$/,
    ],
    [
      'a missing option',
      () => ['protokollsutdrag', '--protokoll', EXEMPEL_PROTOKOLL, '--format', 'pdf', '--out', 'x.pdf'],
      /^arshjul protokollsutdrag: --paragraf: obligatoriskt fält saknas \[regel: obligatorisk\]$/,
    ],
    [
      'an option the command does not take',
      () => ['anslagsbevis', '--protokoll', EXEMPEL_PROTOKOLL, '--paragraf', '336'],
      /^arshjul anslagsbevis: okänt alternativ --paragraf/,
    ],
  ])('refuses %s: exit code 2, one line on stderr, nothing on stdout, no file', async (_, args, message) => {
    const before = readdirSync(dir);
    const run = await arshjul(args());
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd()).toMatch(message);
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(path.join(dir, 'vagrat.pdf'))).toBe(false);
    expect(readdirSync(dir).filter((f) => !before.includes(f) && !f.endsWith('.json'))).toEqual([]);
  });
});
