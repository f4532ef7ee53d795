/**
 * The workflow sandbox builds its schemas without zod's JIT (src/workflows/zodUtanJit.ts): the setting is made by
 * the first module the bundle's entry point evaluates, so no schema of a run is built before it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from '../../../src/domain/validering';

const INDEX = path.resolve(__dirname, '../../../src/workflows/index.ts');

it('turns zod’s JIT off for the schemas built after it', async () => {
  const fore = z.object({ a: z.string() });
  expect(z.config().jitless).toBeFalsy();
  await import('../../../src/workflows/zodUtanJit');
  expect(z.config().jitless).toBe(true);
  // Both parse the same: the setting changes how, never what.
  const efter = z.object({ a: z.string() });
  for (const schema of [fore, efter]) {
    expect(schema.safeParse({ a: 'x' })).toEqual({ success: true, data: { a: 'x' } });
    expect(schema.safeParse({ a: 1 }).error?.issues.map((i) => i.path)).toEqual([['a']]);
  }
});

it('is the first module the workflows’ entry point evaluates', () => {
  const imports = [...readFileSync(INDEX, 'utf8').matchAll(/^import (?!type )(.*)$/gm)].map((m) => m[1]);
  expect(imports[0]).toBe("'./zodUtanJit';");
});
