/**
 * Refusals in the kansli's words (src/web/formular/fel.ts): every generic zod message the domain's schemas give
 * is said again as what to write — none of zod's own wording reaches a page — while a rule's own message is kept;
 * and an error's path names the field by its label, a repeated group by the number the page shows.
 */
import { z } from '../../../src/domain/validering';
import { felFromZod } from '../../../src/domain/validering';
import { returneraSchema } from '../../../src/domain/uppgift';
import { paragrafSchema } from '../../../src/domain/protokoll';
import { etikettFor, kansliMeddelande, kontrollFor } from '../../../src/web/formular/fel';

const ZODS_ORD = /För (lite|stor)\(t\)|förväntade?|Ogiltig|string|objekt|>=|<=/;

const meddelanden = (schema: z.ZodType, input: unknown) =>
  felFromZod(schema.safeParse(input).error!).map((f) => ({ field: f.field, text: kansliMeddelande(f) }));

it('says what to write instead of zod’s generic wording', () => {
  const schema = z.object({
    rubrik: z.string().min(3),
    kort: z.string().min(1),
    kommentar: z.string().max(4000),
    rader: z.array(z.string()).min(1),
    epost: z.email(),
    val: z.enum(['KS', 'KF']),
    saknas: z.string(),
    tal: z.int().min(1),
  });
  const fel = meddelanden(schema, {
    rubrik: 'X',
    kort: '',
    kommentar: 'x'.repeat(4001),
    rader: [],
    epost: 'inte en adress',
    val: 'XX',
    tal: 0,
  });
  expect(fel).toEqual([
    { field: 'rubrik', text: 'skriv minst 3 tecken' },
    { field: 'kort', text: 'fyll i fältet' },
    { field: 'kommentar', text: 'skriv högst 4000 tecken' },
    { field: 'rader', text: 'fyll i minst en rad' },
    { field: 'epost', text: 'skriv en e-postadress, t.ex. namn@kommun.se' },
    { field: 'val', text: 'välj ett av alternativen' },
    { field: 'saknas', text: 'fyll i fältet' },
    { field: 'tal', text: 'ange minst 1' },
  ]);
  for (const f of fel) expect(f.text).not.toMatch(ZODS_ORD);
});

it('keeps a rule’s own message, and the domain’s own wording of its schemas', () => {
  expect(
    kansliMeddelande({ rule: 'justering_inom_14_dagar', message: '2026-11-30 är efter 2026-10-28: …' }),
  ).toBe('2026-11-30 är efter 2026-10-28: …');
  const attSats = meddelanden(paragrafSchema.shape.beslut, {
    inledning: 'KS beslutar',
    attSatser: ['godkänna'],
  });
  expect(attSats).toEqual([{ field: 'attSatser.0', text: 'en att-sats börjar med "att "' }]);
  const retur = meddelanden(returneraSchema, { aktor: 'kanslichef', kommentar: '' });
  expect(retur).toEqual([{ field: 'kommentar', text: 'fyll i fältet' }]);
});

it('names the field by its label: the item of a group by its number, the line of a list', () => {
  const etiketter = { 'beslut.attSatser': 'Att-satser', 'yrkanden.#.av': 'Yrkande #: yrkande av' };
  expect(etikettFor('beslut.attSatser.1', etiketter)).toBe('Att-satser, rad 2');
  expect(kontrollFor('beslut.attSatser.1', etiketter)).toBe('beslut.attSatser');
  expect(etikettFor('yrkanden.0.av', etiketter)).toBe('Yrkande 1: yrkande av');
  expect(kontrollFor('yrkanden.0.av', etiketter)).toBe('yrkanden.0.av');
  expect(etikettFor('okant', etiketter)).toBeUndefined();
});
