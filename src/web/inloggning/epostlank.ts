/**
 * Sign-in by e-mail link — the handläggare already work from their mail. A link is signed, single-use and valid
 * for 15 minutes; the mail goes only to a configured person, but the answer is the same either way — and as
 * quick: the link is made and mailed after the answer (queued in the process, failures logged), so the answer
 * never waits on the register's write or on SMTP. When SMTP is known to be down (a cheap check, cached), every
 * request gets the same "try again" answer, known address or not. Sign-in mail is rate-limited per address (5)
 * and per client (20) in 15 minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import { createSender, type MailDeps } from '../../activities/mail';
import type { Register } from '../../db/register';
import type { KommunConfig, Person } from '../../domain/kommun';
import { brev } from '../../domain/motesmeddelanden';
import { z } from '../../domain/validering';
import { signera, verifiera, type TokenFel } from '../../security/signerat';
import type { Hemlighet } from '../../security/nycklar';

export const LANK_MINUTER = 15;
/** How long a check of the SMTP relay is believed. */
const SMTP_KOLL_MS = 15_000;

export interface EpostlankDeps extends Pick<MailDeps, 'transport' | 'fran'> {
  register: Pick<
    Register,
    | 'skapaInloggning'
    | 'anvandInloggning'
    | 'raknaInloggningsforsok'
    | 'reserveraMail'
    | 'slappMail'
    | 'markeraMailSkickat'
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

  /**
   * Whether the SMTP relay answers, checked at most every 15 s (a connection, no mail) and told by every send
   * after the answer: the same for every request, so it says nothing about the address asked for.
   */
  let smtp: { uppe: boolean; tid: number; koll?: Promise<boolean> } | undefined;
  const smtpUppe = async (): Promise<boolean> => {
    if (smtp && nu() - smtp.tid < SMTP_KOLL_MS) return smtp.uppe;
    if (smtp?.koll) return smtp.koll;
    const koll = Promise.race([
      deps.transport.verify().then(() => true),
      new Promise<boolean>((resolve) => setTimeout(resolve, 2000, false).unref()),
    ]).catch(() => false);
    smtp = { uppe: smtp?.uppe ?? true, tid: smtp?.tid ?? 0, koll };
    const uppe = await koll;
    smtp = { uppe, tid: nu() };
    return uppe;
  };

  /**
   * Asks for a sign-in link to `epost`: answered at once, the same for every address; the link is made and
   * mailed afterwards, to a configured person only. Refused when asked too often, or when SMTP is down.
   */
  const begar = async (
    epost: string,
    till: string,
    klient: string,
  ): Promise<'SKICKAD' | 'BEGRANSAD' | 'SMTP_NERE'> => {
    if (await begransad(epost, klient)) return 'BEGRANSAD';
    if (!(await smtpUppe())) return 'SMTP_NERE';
    const vem = personMedEpost(epost);
    if (vem) {
      void skickaLank(vem, till).then(
        () => (smtp = { uppe: true, tid: nu() }),
        (error: unknown) => {
          const nere = error instanceof ApplicationFailure && error.type === 'SmtpFel';
          if (nere) smtp = { uppe: false, tid: nu() };
          console.error(
            `[arshjul] sign-in link to ${vem.config.kommun.id}/${vem.person.id} not sent: ${error instanceof Error ? error.message : String(error)}`,
          );
        },
      );
    }
    return 'SKICKAD';
  };

  /** Makes the link (its nonce in the register) and mails it. */
  const skickaLank = async (vem: { config: KommunConfig; person: Person }, till: string) => {
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
