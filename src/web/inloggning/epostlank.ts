/**
 * Sign-in by e-mail link — the handläggare already work from their mail. A link is signed, single-use and valid
 * for 15 minutes; the mail goes only to a configured person, but the answer is the same either way; sign-in mail
 * is rate-limited per address (5) and per client (20) in 15 minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createSender, type MailDeps } from '../../activities/mail';
import type { Register } from '../../db/register';
import type { KommunConfig, Person } from '../../domain/kommun';
import { brev } from '../../domain/motesmeddelanden';
import { z } from '../../domain/validering';
import { signera, verifiera, type TokenFel } from '../../security/signerat';
import type { Hemlighet } from '../../security/nycklar';

export const LANK_MINUTER = 15;

export interface EpostlankDeps extends Pick<MailDeps, 'transport' | 'fran'> {
  register: Pick<
    Register,
    | 'skapaInloggning'
    | 'anvandInloggning'
    | 'raknaInloggningsforsok'
    | 'reserveraMail'
    | 'markeraMailSkickat'
    | 'oidcIdentitet'
    | 'bindOidcIdentitet'
  >;
  kommuner: Map<string, KommunConfig>;
  hemlighet: Hemlighet;
  baseUrl: string;
  nu?: () => number;
}

const lankSchema = z
  .object({
    nonce: z.string().min(16),
    kommun: z.string().min(1),
    person: z.string().min(1),
    till: z.string(),
    giltigTill: z.int().positive(),
  })
  .strict();
export type Lank = z.output<typeof lankSchema>;

export type LankFel = TokenFel | 'ANVAND';

export function createEpostlank(deps: EpostlankDeps) {
  const nu = deps.nu ?? Date.now;
  const skicka = createSender({ mailLogg: deps.register, transport: deps.transport, fran: deps.fran });
  /**
   * Whether the address has asked more than 5 times, or the client more than 20, in 15 minutes (this time
   * counted). The counts are the register's: every web instance shares them, and a restart keeps them. The keys
   * are hashed, so the register holds no addresses for this.
   */
  const begransad = async (epost: string, klient: string) => {
    const nyckel = (del: string) => createHash('sha256').update(del).digest('base64url');
    const [adressen, klienten] = await deps.register.raknaInloggningsforsok({
      nycklar: [nyckel(`epost:${epost.toLowerCase()}`), nyckel(`ip:${klient}`)],
      tid: new Date(nu()),
      fran: new Date(nu() - 15 * 60_000),
    });
    return adressen! > 5 || klienten! > 20;
  };

  const personMedEpost = (epost: string): { config: KommunConfig; person: Person } | undefined => {
    for (const config of deps.kommuner.values()) {
      const person = config.personer.find((p) => p.epost.toLowerCase() === epost.toLowerCase());
      if (person) return { config, person };
    }
    return undefined;
  };

  /** Mails a sign-in link to `epost` if it is a configured person's; refused when asked too often. */
  const begar = async (epost: string, till: string, klient: string): Promise<'SKICKAD' | 'BEGRANSAD'> => {
    if (await begransad(epost, klient)) return 'BEGRANSAD';
    const vem = personMedEpost(epost);
    if (!vem) return 'SKICKAD';
    const nonce = randomBytes(18).toString('base64url');
    const kommun = vem.config.kommun.id;
    await deps.register.skapaInloggning({ nonce, kommun, person: vem.person.id, tid: new Date(nu()) });
    const giltigTill = nu() + LANK_MINUTER * 60_000;
    const token = signera(
      'inloggning',
      { nonce, kommun, person: vem.person.id, till, giltigTill },
      deps.hemlighet,
    );
    await skicka({
      nyckel: `inloggning:${nonce}`,
      kommun,
      slag: 'INLOGGNING',
      person: vem.person,
      meddelande: brev(vem.config.kommun.namn, vem.person.namn, {
        amne: 'Din inloggningslänk till Årshjul',
        rubrik: 'Logga in i Årshjul',
        stycken: [
          `Länken gäller i ${LANK_MINUTER} minuter och kan bara användas en gång.`,
          'Bad du inte om den? Då kan du bortse från meddelandet.',
        ],
        fakta: [],
        lank: { text: 'Logga in', url: `${deps.baseUrl.replace(/\/+$/, '')}/logga-in/${token}` },
      }),
      attachments: () => [],
    });
    return 'SKICKAD';
  };

  const las = (token: string): { ok: true; lank: Lank } | { ok: false; fel: LankFel } => {
    const result = verifiera('inloggning', token, lankSchema, deps.hemlighet, nu());
    return result.ok ? { ok: true, lank: result.varde } : { ok: false, fel: result.fel };
  };

  /** Uses the link up: false when it was used before. */
  const anvand = (l: Lank) =>
    deps.register.anvandInloggning({ nonce: l.nonce, person: l.person, tid: new Date(nu()) });

  return { begar, las, anvand, personMedEpost };
}

export type Epostlank = ReturnType<typeof createEpostlank>;
