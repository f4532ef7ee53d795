/**
 * The sammanträde's mail activities: the kallelse with its
 * föredragningslista to everyone called, and the protokollsutdrag of a § to each recipient — the document built
 * from the register's protocol (never from workflow history), attached as PDF. Each message goes out once per
 * key and person (the mail log; see ./mail.ts).
 */
import { ApplicationFailure } from '@temporalio/common';
import { isoDateSchema } from '../domain/datum';
import { kallelseSchema } from '../domain/kallelse';
import type { KommunConfig } from '../domain/kommun';
import { kallelsemeddelande, utdragsmeddelande } from '../domain/motesmeddelanden';
import { isFullParagraf } from '../domain/protokoll';
import { felFromZod, formatFel, z } from '../domain/validering';
import { signeraKvittens } from '../security/kvittenslank';
import { renderKallelse } from '../documents';
import { kommunensUtdrag } from '../documents/kommunen';
import type { Register } from '../db/register';
import type { SammantradeMailActivities } from '../workflows/activities';
import { kommunOf } from './kommun';
import { createSender, recipient, type MailDeps } from './mail';

export interface SammantradeMailDeps extends MailDeps {
  register: Pick<Register, 'hamtaProtokoll'>;
  /** Signs the acknowledgement link. */
  hemlighet: string;
}

const nyckelSchema = z.object({ kommun: z.string().min(1), organ: z.string().min(1), datum: isoDateSchema });

function parse<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw ApplicationFailure.nonRetryable(
      `invalid ${what} input: ${felFromZod(result.error).map(formatFel).join('; ')}`,
      'OgiltigIndata',
    );
  }
  return result.data;
}

export function createSammantradeMailActivities(deps: SammantradeMailDeps): SammantradeMailActivities {
  // A kallelse or a protokollsutdrag refused for good is not recorded as a refusal and passed over, as a task's
  // mail is: the meeting would record it as sent. It throws and is retried until the address is corrected.
  const skicka = createSender({
    transport: deps.transport,
    fran: deps.fran,
    mailLogg: deps.mailLogg,
    ...(deps.nu ? { nu: deps.nu } : {}),
  });
  const baseUrl = deps.baseUrl.replace(/\/+$/, '');
  const kommun = (id: string): KommunConfig => kommunOf(deps.kommuner, id);

  return {
    async skickaKallelse(raw) {
      const input = parse(
        z.object({ nyckel: z.string().min(1), kallelse: kallelseSchema, mottagare: z.array(z.string()) }),
        raw,
        'skickaKallelse',
      );
      const config = kommun(input.kallelse.kommun);
      let pdf: Buffer | undefined;
      for (const id of [...new Set(input.mottagare)]) {
        const person = recipient(config, id, input.nyckel);
        await skicka({
          nyckel: `${input.nyckel}#${person.id}`,
          kommun: config.kommun.id,
          slag: 'KALLELSE',
          person,
          meddelande: kallelsemeddelande({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            kallelse: input.kallelse,
          }),
          attachments: async () => {
            const content = (pdf ??= await renderKallelse(input.kallelse, 'pdf'));
            return [
              {
                filename: `kallelse-${input.kallelse.organ}-${input.kallelse.datum}.pdf`,
                content,
                contentType: 'application/pdf',
              },
            ];
          },
        });
      }
    },

    async skickaProtokollsutdrag(raw) {
      const input = parse(
        nyckelSchema.extend({
          nyckel: z.string().min(1),
          paragraf: z.int().min(1),
          mottagare: z.string().min(1),
          for: z.enum(['VERKSTALLIGHET', 'KANNEDOM']),
          uppgiftId: z.string().min(1),
          forfaller: isoDateSchema,
        }),
        raw,
        'skickaProtokollsutdrag',
      );
      const config = kommun(input.kommun);
      const person = recipient(config, input.mottagare, input.nyckel);
      // From the register: the protocol as it was stored, so the utdrag can be made again years later.
      const protokoll = await deps.register.hamtaProtokoll({
        kommun: input.kommun,
        organ: input.organ,
        datum: input.datum,
      });
      const paragraf = protokoll?.paragrafer.find((p) => p.nummer === input.paragraf);
      if (!protokoll || !paragraf || !isFullParagraf(paragraf)) {
        // The workflow stores the protocol before it expedites: a miss is a bug, not a retry.
        throw ApplicationFailure.nonRetryable(
          `the register has no § ${input.paragraf} of ${input.organ} ${input.datum}`,
          'ParagrafSaknas',
        );
      }
      await skicka({
        nyckel: input.nyckel,
        kommun: input.kommun,
        uppgiftId: input.uppgiftId,
        slag: 'PROTOKOLLSUTDRAG',
        person,
        meddelande: utdragsmeddelande({
          kommunNamn: config.kommun.namn,
          mottagare: person.namn,
          organNamn: protokoll.organNamn,
          sammantrade: protokoll.datum,
          paragraf: paragraf.nummer,
          rubrik: paragraf.rubrik,
          ...(paragraf.diarienummer ? { diarienummer: paragraf.diarienummer } : {}),
          for: input.for,
          forfaller: input.forfaller,
          // The link is the recipient's credential for this one receipt (src/security/kvittenslank.ts).
          lank: `${baseUrl}/kvittens/${signeraKvittens({ uppgiftId: input.uppgiftId, person: person.id }, deps.hemlighet, Date.now())}`,
        }),
        attachments: async () => [
          {
            filename: `protokollsutdrag-${protokoll.organ}-${protokoll.datum}-§${paragraf.nummer}.pdf`,
            // The kommun's sealed utdrag (PAdES), in its style.
            content: (await kommunensUtdrag(config, protokoll, [paragraf.nummer], 'pdf')).bytes,
            contentType: 'application/pdf',
          },
        ],
      });
    },
  };
}
