/**
 * Settings from the environment, parsed once. Every value has a default that makes `npm start` work on a
 * fresh machine; production sets TEMPORAL_ADDRESS (and, later, DATABASE_URL and SMTP_URL).
 */
import path from 'node:path';
import { z } from './domain/validering';

const port = z.coerce.number().int().min(1).max(65535);
const ROOT = path.resolve(__dirname, '..');

const settingsSchema = z.object({
  ARSHJUL_HTTP_HOST: z.string().default('127.0.0.1'),
  ARSHJUL_HTTP_PORT: port.default(3000),
  ARSHJUL_DATA_DIR: z.string().default(path.join(ROOT, 'var')),
  ARSHJUL_CONFIG_DIR: z.string().default(path.join(ROOT, 'config')),
  ARSHJUL_TASK_QUEUE: z.string().min(1).default('arshjul'),
  /** An existing Temporal frontend (host:port). When unset, `npm start` runs the embedded dev server. */
  TEMPORAL_ADDRESS: z.string().min(1).optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
});

export type Settings = z.output<typeof settingsSchema> & { ROOT: string };

export function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const result = settingsSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment settings:\n${lines.join('\n')}`);
  }
  return { ...result.data, ROOT };
}
