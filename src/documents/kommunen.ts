/**
 * A kommun's documents as it hands them out: in its style (its name and logo, its words), and a justerat
 * protocol or protokollsutdrag as PDF sealed with its seal (`protokoll.sigill`) — what the mail carries, the
 * pages download and the anslagstavla links. A kommun without a seal configured gets the unsealed PDF/A.
 */
import { DEFAULT_CONFIG_DIR } from '../config/load';
import { protokollDokument, protokollsutdragDokument, type Dokument } from '../domain/dokument';
import type { KommunConfig } from '../domain/kommun';
import { arJusterat, type Protokoll } from '../domain/protokoll';
import { CONTENT_TYPE, filnamn, renderDokument, type Dokumentformat } from './index';
import type * as SigillModule from './sigill';
import { dokumentstil } from './stil';

const configDir = () => process.env.ARSHJUL_CONFIG_DIR ?? DEFAULT_CONFIG_DIR;

/** The document in `format`; a PDF the law treats as final (`final`) sealed when the kommun has a seal. */
export async function kommunensFil(
  config: KommunConfig,
  dokument: Dokument,
  format: Dokumentformat,
  final: boolean,
): Promise<{ bytes: Buffer; typ: string; namn: string; forseglad: boolean }> {
  const bytes = await renderDokument(dokument, format);
  // @signpdf and node-forge only when a final PDF is sealed: not at start-up.
  const seal =
    format === 'pdf' && final && config.protokoll.sigill
      ? // eslint-disable-next-line @typescript-eslint/no-require-imports
        (require('./sigill') as typeof SigillModule)
      : undefined;
  const sigill = seal?.sigillFor(config, configDir());
  return {
    bytes: seal && sigill ? await seal.forsegla(bytes, sigill, new Date()) : bytes,
    typ: CONTENT_TYPE[format],
    namn: filnamn(dokument, format),
    forseglad: sigill !== undefined,
  };
}

/** The protocol in the kommun's style; sealed once justerat. */
export const kommunensProtokoll = (config: KommunConfig, p: Protokoll, format: Dokumentformat) =>
  kommunensFil(config, protokollDokument(p, dokumentstil(config)), format, arJusterat(p));

/** A protokollsutdrag in the kommun's style, sealed: it is only made of §§ justerade (refused otherwise). */
export const kommunensUtdrag = (
  config: KommunConfig,
  p: Protokoll,
  nummer: readonly number[],
  format: Dokumentformat,
) => kommunensFil(config, protokollsutdragDokument(p, nummer, dokumentstil(config)), format, true);
