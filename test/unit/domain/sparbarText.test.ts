/**
 * The rule every free text meets at every edge (issue 15): what PostgreSQL's text can hold. Refused by the path
 * of the field, anywhere in a payload; the CLI's options and a config file are read by the same rule; and a
 * workflow input with a field this code does not know (a newer worker's, during a rolling deploy) is accepted.
 */
import fc from 'fast-check';
import { uppgiftSpecSchema } from '../../../src/domain/uppgift';
import { arSparbarText, sparbarTextFel, utanOsparbaraTecken } from '../../../src/domain/validering';
import { parseOptions } from '../../../src/cli/args';
import { parsePayload } from '../../../src/workflows/fel';

describe('arSparbarText', () => {
  it.each([
    ['a NUL', 'a\u0000b', false],
    ['a BEL', 'a\u0007b', false],
    ['a lone high surrogate', 'a\ud800b', false],
    ['a lone low surrogate', 'a\udc00', false],
    ['tab, newline and carriage return', 'a\tb\nc\r\n', true],
    ['a surrogate pair (an emoji)', 'klart 👍', true],
    ['å, ä and ö', 'Åsa Öberg är här', true],
  ])('%s', (_what, text, ok) => expect(arSparbarText(text)).toBe(ok));

  it('drops exactly what it refuses (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const ren = utanOsparbaraTecken(s);
        expect(arSparbarText(ren)).toBe(true);
        if (arSparbarText(s)) expect(ren).toBe(s);
      }),
    );
  });
});

it('names each unstorable text by its path, anywhere in a payload', () => {
  expect(
    sparbarTextFel({ paragraf: { beslut: { attSatser: ['ok', 'a\u0000'] } }, kommentar: 'x\ud800', n: 1 }),
  ).toEqual([
    expect.objectContaining({ field: 'paragraf.beslut.attSatser.1', rule: 'tecken_kan_sparas' }),
    expect.objectContaining({ field: 'kommentar', rule: 'tecken_kan_sparas' }),
  ]);
});

it('refuses a CLI option with a NUL by its option', () => {
  expect(() => parseOptions('test', ['--kommentar', 'a\u0000b'], { kommentar: { type: 'string' } })).toThrow(
    /kommentar/,
  );
  expect(parseOptions('test', ['--kommentar', 'ok'], { kommentar: { type: 'string' } })).toEqual({
    kommentar: 'ok',
  });
});

it('accepts a workflow input with a field it does not know, and leaves the field out', () => {
  const spec = {
    id: 'lund/test/x/utkast-1',
    kommun: 'lund',
    typ: 'utkast',
    titel: 'Skriv rapporten',
    process: { id: 'lund/test/x', titel: 'Rapporten' },
    tilldelad: 'handlaggare-ks',
    forfaller: '2023-09-25',
    paminnelseDagar: [7, 1, 0],
    eskaleringIntervallDagar: 7,
    utskickKlockan: '08.00',
    kanslichefer: ['kanslichef'],
    personer: ['kanslichef', 'handlaggare-ks'],
  };
  expect(uppgiftSpecSchema.safeParse({ ...spec, franEnNyareWorker: true }).success).toBe(false);
  const parsed = parsePayload(uppgiftSpecSchema, {
    ...spec,
    franEnNyareWorker: true,
    process: { ...spec.process, ocksaNytt: 1 },
  });
  expect(parsed).toMatchObject(spec);
  expect(parsed).not.toHaveProperty('franEnNyareWorker');
  expect(parsed.process).not.toHaveProperty('ocksaNytt');
});
