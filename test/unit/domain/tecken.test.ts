/** What no register can keep is refused by its field: NUL (and the other control characters), and a lone surrogate. */
import { sparbarTextFel } from '../../../src/domain/tecken';

it('names every string holding NUL or a lone surrogate by its path, and passes whole characters', () => {
  expect(
    sparbarTextFel({
      paragraf: { rubrik: 'Svar\u0000', jav: [{ namn: 'Anna \ud800Berg' }], beslut: { text: ['Ok 𝄞 ✓'] } },
    }),
  ).toEqual([
    expect.objectContaining({ field: 'paragraf.rubrik', rule: 'tecken_kan_sparas' }),
    expect.objectContaining({
      field: 'paragraf.jav.0.namn',
      rule: 'tecken_kan_sparas',
      message: expect.stringMatching(/ensamt surrogat/),
    }),
  ]);
  expect(sparbarTextFel({ a: 'a\udc00' })).toHaveLength(1);
  expect(sparbarTextFel({ a: 'Åsa Öberg (S)' })).toEqual([]);
});
