/**
 * Which approval tasks wait for the report's follow-up (issue 17): the report process marks the chef's task of a
 * kind the kommun requires a follow-up of (`uppfoljning.krav`, by the kind's id or its type), and says so for the
 * others too, so their workflow does not read the register on Godkänn; a plan made before the kontext carried the
 * kinds leaves it unsaid (checked).
 */
import { loadAllKommuner } from '../../../src/config/load';
import { planeraAr } from '../../../src/domain/planering';
import { kontextFor, uppgiftForSteg } from '../../../src/domain/rapportprocess';

const lund = loadAllKommuner().get('lund')!;
const kontext = kontextFor(lund);
const planer = planeraAr(lund, 2023).filter((p) => p.steg.some((s) => s.steg === 'godkannande'));

it('marks the approval of each kind of report by whether Lund requires a follow-up of it', () => {
  expect(kontext.uppfoljning).toEqual(['delarsrapport', 'arsredovisning']);
  const per = Object.fromEntries(
    planer.map((p) => [p.slag, uppgiftForSteg(kontext, p, 'godkannande').uppfoljning]),
  );
  expect(per).toEqual({
    'delarsrapport-april': true,
    'delarsrapport-augusti': true,
    arsredovisning: true,
    evp: false,
    verksamhetsplan: false,
  });
});

it('marks only the approval, and leaves it unsaid for a plan made before the kontext had the kinds', () => {
  const plan = planer.find((p) => p.slag === 'delarsrapport-augusti')!;
  expect(uppgiftForSteg(kontext, plan, 'utkast')).not.toHaveProperty('uppfoljning');
  const { uppfoljning: _inga, ...gammal } = kontext;
  expect(uppgiftForSteg(gammal, plan, 'godkannande')).not.toHaveProperty('uppfoljning');
});

it('matches a krav named by the kind’s id as well as by its type', () => {
  const plan = planer.find((p) => p.slag === 'evp')!;
  expect(uppgiftForSteg({ ...kontext, uppfoljning: ['evp'] }, plan, 'godkannande').uppfoljning).toBe(true);
});
