/**
 * The sammanträde's mail activities: the kallelse with its
 * föredragningslista to everyone called, and the protokollsutdrag of a § to each recipient — the document built
 * from the register's protocol (never from workflow history), attached as PDF. Each message goes out once per
 * key and person (the mail log; see ./mail.ts). Both stay a message per person, not one to them all: the utdrag
 * carries the recipient's own receipt link, and the kallelse is the summons each ledamot and ersättare is owed
 * (KL 5 kap. 53 §), so the log keeps a row per person called, and nobody's address goes to the whole organ.
 */
import { ApplicationFailure } from '@temporalio/common';
import { bilagaText, MIME, type Bilaga } from '../domain/arendedokument';
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
import { createSender, mottagareAv, type MailDeps, type Utskick } from './mail';
import type { Hemlighet } from '../security/nycklar';

export interface SammantradeMailDeps extends MailDeps {
  register: Pick<Register, 'hamtaProtokoll' | 'dokumentinnehall'>;
  /** Signs the acknowledgement link. */
  hemlighet: Hemlighet;
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
  // A kallelse or a protokollsutdrag refused for good — by the server, or because the recipient is not in the
  // config any more — is recorded as refused in the mail log and the kanslichefer are told, as for a task's
  // mail: the meeting goes on. (The meeting's expediering row still says the utdrag was sent; the mail log and
  // the kanslichef's notice say it was refused.)
  const skicka = createSender({
    transport: deps.transport,
    fran: deps.fran,
    mailLogg: deps.mailLogg,
    kommuner: deps.kommuner,
    ...(deps.nu ? { nu: deps.nu } : {}),
  });
  const baseUrl = deps.baseUrl.replace(/\/+$/, '');
  const kommun = (id: string): KommunConfig => kommunOf(deps.kommuner, id);

  /**
   * The approved versions' bytes from the register, each under its own name (`punkt-namn` when two share one). The
   * register never deletes content; were one missing, the kallelse still goes, with its link.
   */
  async function bilagefiler(bilagor: (Bilaga & { punkt: number })[]) {
    const namn = new Set<string>();
    const filer: { filename: string; content: Buffer; contentType: string }[] = [];
    for (const b of bilagor) {
      const content = await deps.register.dokumentinnehall(b.sha256);
      if (!content) {
        console.warn(`kallelse: bilagan ${b.namn} (${b.sha256}) saknas i registret; bara länken skickas`);
        continue;
      }
      const filename = namn.has(b.namn) ? `${b.punkt}-${b.namn}` : b.namn;
      namn.add(filename);
      filer.push({ filename, content: Buffer.from(content), contentType: MIME[b.typ] });
    }
    return filer;
  }

  return {
    async skickaKallelse(raw) {
      const input = parse(
        z.object({ nyckel: z.string().min(1), kallelse: kallelseSchema, mottagare: z.array(z.string()) }),
        raw,
        'skickaKallelse',
      );
      const config = kommun(input.kallelse.kommun);
      const bilagor = input.kallelse.arenden.flatMap((a) => a.bilagor.map((b) => ({ punkt: a.punkt, ...b })));
      // The approved versions go with the kallelse while together they weigh at most the kommun's limit; the
      // mail links each in any case (read after signing in, as the policy allows).
      const bifogas =
        bilagor.reduce((sum, b) => sum + b.storlek, 0) <= config.dokument.kallelseBilagorMaxMb * 1024 * 1024;
      const lankar = bilagor.map((b) => ({
        punkt: b.punkt,
        text: bilagaText(b),
        lank: `${baseUrl}/api/dokument/${b.dokumentId}`,
        bifogad: bifogas,
      }));
      let pdf: Buffer | undefined;
      let filer: { filename: string; content: Buffer; contentType: string }[] | undefined;
      for (const person of mottagareAv(config, input.mottagare)) {
        if ('okand' in person) {
          await skicka({
            nyckel: `${input.nyckel}#${person.okand}`,
            kommun: config.kommun.id,
            slag: 'KALLELSE',
            okand: person.okand,
            amne: kallelsemeddelande({
              kommunNamn: config.kommun.namn,
              mottagare: person.okand,
              kallelse: input.kallelse,
              bilagor: lankar,
            }).amne,
          });
          continue;
        }
        await skicka({
          nyckel: `${input.nyckel}#${person.id}`,
          kommun: config.kommun.id,
          slag: 'KALLELSE',
          person,
          meddelande: kallelsemeddelande({
            kommunNamn: config.kommun.namn,
            mottagare: person.namn,
            kallelse: input.kallelse,
            bilagor: lankar,
          }),
          attachments: async () => {
            const content = (pdf ??= await renderKallelse(input.kallelse, 'pdf'));
            filer ??= bifogas ? await bilagefiler(bilagor) : [];
            return [
              {
                filename: `kallelse-${input.kallelse.organ}-${input.kallelse.datum}.pdf`,
                content,
                contentType: 'application/pdf',
              },
              ...filer,
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
      const [person] = mottagareAv(config, [input.mottagare]);
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
      const utdrag = (mottagare: string) =>
        utdragsmeddelande({
          kommunNamn: config.kommun.namn,
          mottagare,
          organNamn: protokoll.organNamn,
          sammantrade: protokoll.datum,
          paragraf: paragraf.nummer,
          rubrik: paragraf.rubrik,
          ...(paragraf.diarienummer ? { diarienummer: paragraf.diarienummer } : {}),
          for: input.for,
          forfaller: input.forfaller,
          // The link is the recipient's credential for this one receipt (src/security/kvittenslank.ts).
          lank: `${baseUrl}/kvittens/${signeraKvittens({ uppgiftId: input.uppgiftId, person: input.mottagare }, deps.hemlighet, Date.now())}`,
        });
      const sandning = { nyckel: input.nyckel, kommun: input.kommun, uppgiftId: input.uppgiftId };
      const utfall: Utskick =
        'okand' in person!
          ? await skicka({
              ...sandning,
              slag: 'PROTOKOLLSUTDRAG',
              okand: person.okand,
              amne: utdrag(person.okand).amne,
            })
          : await skicka({
              ...sandning,
              slag: 'PROTOKOLLSUTDRAG',
              person: person!,
              meddelande: utdrag(person!.namn),
              attachments: async () => [
                {
                  filename: `protokollsutdrag-${protokoll.organ}-${protokoll.datum}-§${paragraf.nummer}.pdf`,
                  // The kommun's sealed utdrag (PAdES), in its style.
                  content: (await kommunensUtdrag(config, protokoll, [paragraf.nummer], 'pdf')).bytes,
                  contentType: 'application/pdf',
                },
              ],
            });
      return { status: utfall.status };
    },
  };
}
