/**
 * zod without its JIT in the workflow sandbox. The SDK evaluates the bundle's modules anew for every workflow run,
 * so every schema a workflow uses is built again per run and parses once or twice in it. zod compiles a parser for
 * each object schema (`new Function`) at its first parse, which only pays off over many parses of the same schema:
 * here it never does. Lund's task history replayed 1,200 times: zod's parses 1.85 s of CPU with the compiler, 1.02
 * s without it. It also keeps code generation out of the sandbox.
 *
 * Imported first by the bundle's entry point (./index.ts), before any module builds a schema: zod reads the
 * setting when an object schema is built.
 */
import { z } from '../domain/validering';

z.config({ jitless: true });
