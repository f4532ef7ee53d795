/** The registry of prepared hot reads (src/db/beredda.ts): one name per text, bounded, renamed when stale. */
import { BereddaSatser } from '../../../src/db/beredda';

it('names each marked text once, and refuses texts beyond its bound', () => {
  const satser = new BereddaSatser(2);
  expect(satser.markera('select 1')).toBe(true);
  expect(satser.markera('select 1')).toBe(true);
  expect(satser.markera('select 2')).toBe(true);
  expect(satser.markera('select 3')).toBe(false);
  expect(satser.antal).toBe(2);
  expect(satser.namn('select 1')).toMatch(/^arshjul_\d+$/);
  expect(satser.namn('select 2')).not.toBe(satser.namn('select 1'));
  // Not marked: run unprepared.
  expect(satser.namn('select 3')).toBeUndefined();
});

it('gives a stale text a new name, never one another text has', () => {
  const satser = new BereddaSatser();
  satser.markera('select 1');
  satser.markera('select 2');
  const fore = satser.namn('select 1');
  const nytt = satser.fornya('select 1');
  expect(nytt).not.toBe(fore);
  expect(satser.namn('select 1')).toBe(nytt);
  expect(nytt).not.toBe(satser.namn('select 2'));
  expect(satser.fornya('select 9')).toBeUndefined();
  expect(satser.antal).toBe(2);
});
