/**
 * The § editor holds every real § of the golden examples (config/examples/protokoll/): each § as the form's fields
 * and back gives the § again, field for field — what a sekreterare types is what the protocol prints. A vote whose
 * counts and voteringslista disagree is refused naming the § and the field by its label.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { medStil } from '../../../src/domain/dokument';
import { isFullParagraf, protokollSchema, type Paragraf } from '../../../src/domain/protokoll';
import { rattaParagrafSchema } from '../../../src/domain/sammantrade';
import { felFromZod } from '../../../src/domain/validering';
import { paragraffalt, parseParagraf, PARAGRAFETIKETTER } from '../../../src/web/sammantraden/paragrafFalt';
import { ROOT } from '../../helpers/dokument';

const DIR = path.join(ROOT, 'config/examples/protokoll');
const paragrafer: [string, Paragraf][] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .flatMap((fil) => {
    const ex = JSON.parse(readFileSync(path.join(DIR, fil), 'utf8')) as {
      kalla: { paragrafer: number[] };
      protokoll: unknown;
    };
    const p = protokollSchema.parse(ex.protokoll);
    return p.paragrafer
      .filter((x): x is Paragraf => isFullParagraf(x as Paragraf) && ex.kalla.paragrafer.includes(x.nummer))
      .map((x) => [`${fil} § ${x.nummer}`, x] as [string, Paragraf]);
  });

it.each(paragrafer)('records %s through the form as it reads', (_namn, p) => {
  const { nummer: _n, ...utanNummer } = p;
  const parsed = parseParagraf(paragraffalt(p, []));
  expect(parsed).toEqual({ ok: true, paragraf: utanNummer });
});

it('gives a jäv left without its sentence the kommun’s wording for who noted it', () => {
  const f = {
    rubrik: 'Bygglov',
    'beslut.text': 'Bygglov beviljas.',
    'jav.0.namn': 'Thure Sandén (M)',
    'jav.0.anmaltAv': 'ORDFORANDEN',
  };
  const parsed = parseParagraf(
    f,
    medStil({ jav: { ORDFORANDEN: 'Ordföranden noterar att {namn} är jävig.' } }),
  );
  expect(parsed.ok && parsed.paragraf.jav).toEqual([
    {
      namn: 'Thure Sandén (M)',
      anmaltAv: 'ORDFORANDEN',
      lydelse: 'Ordföranden noterar att Thure Sandén (M) är jävig.',
    },
  ]);
});

it('refuses counts that disagree with the voteringslista, naming the § and the field by its label', () => {
  const f = {
    rubrik: 'Svar på motion',
    'beslut.text': 'Motionen avslås.',
    'beslutsgang.typ': 'OMROSTNING',
    'beslutsgang.utfall': 'Med 9 ja-röster mot 3 nej-röster och 1 som avstår bifalls förslaget.',
    'beslutsgang.antal.ja': '9',
    'beslutsgang.antal.nej': '3',
    'beslutsgang.antal.avstar': '1',
    'rostnamn.0': 'Anna Berg (S)',
    'rost.0': 'avstar',
    'rostnamn.1': 'Bo Ek (M)',
    'rost.1': 'avstar',
  };
  const parsed = parseParagraf(f);
  expect(parsed.ok).toBe(false);
  const fel = parsed.ok ? [] : parsed.fel;
  expect(fel.map((x) => x.field)).toEqual([
    'beslutsgang.antal.ja',
    'beslutsgang.antal.nej',
    'beslutsgang.antal.avstar',
  ]);
  expect(fel[2]).toMatchObject({
    rule: 'rostantal_stammer',
    message: 'Paragrafen: 1 som avstår enligt antalet, men 2 namn under Avstår i voteringslistan',
  });
  expect(PARAGRAFETIKETTER['beslutsgang.antal.avstar']).toBe('Omröstning: antal som avstår');
  // Counts alone, as a protocol without a voteringslista gives them, are a whole vote.
  const utanLista = Object.fromEntries(Object.entries(f).filter(([k]) => !k.startsWith('rost')));
  expect(parseParagraf(utanLista)).toMatchObject({ ok: true });

  // Correcting a recorded §, the refusal names it by its number.
  const ratta = rattaParagrafSchema.safeParse({
    aktor: 'kommunsekreterare',
    nummer: 179,
    paragraf: {
      ...(parseParagraf(utanLista) as { paragraf: object }).paragraf,
      beslutsgang: { typ: 'OMROSTNING', utfall: 'x', antal: { ja: 2, nej: 0 }, ja: ['Anna Berg (S)'] },
    },
  });
  expect(ratta.success ? [] : felFromZod(ratta.error).map((x) => x.message)).toContain(
    '§ 179: 2 ja-röster enligt antalet, men 1 namn under Ja i voteringslistan',
  );
});
