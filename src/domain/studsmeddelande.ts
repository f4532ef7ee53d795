/**
 * The kanslichef's notice that a message could not be delivered: the SMTP server refused the address for good
 * (a 5xx, e.g. `550 5.1.1 User unknown`), almost always because it is wrong in the kommun's configuration.
 * Årshjul records the refusal and goes on without that message; this says to whom it was, what it was, what
 * the server answered and what to correct. Pure: the sender (src/activities/mail.ts) sends it.
 */
import type { Brev } from './brev';
import { enRad } from './meddelanden';
import { brev } from './motesmeddelanden';

export function studsmeddelande(input: {
  kommunNamn: string;
  /** The kanslichef's name, for the greeting (none: to all of them in one message). */
  mottagare?: string;
  /** Whom the refused message was for. */
  avvisad: { namn: string; epost: string };
  /** The refused message's subject. */
  amne: string;
  /** The server's answer. */
  svar: string;
  /**
   * Why: the server refused the address (`AVVISAD`, the default), or the recipient is not in the kommun's
   * configuration any more (`OKAND`: staff turnover, an election) and nothing was sent.
   */
  orsak?: 'AVVISAD' | 'OKAND';
}): Brev {
  const namn = enRad(input.avvisad.namn);
  const { epost } = input.avvisad;
  const amne = enRad(input.amne);
  const svar = enRad(input.svar);
  if (input.orsak === 'OKAND') {
    return brev(input.kommunNamn, input.mottagare, {
      amne: `E-post kunde inte skickas till ${namn}`,
      rubrik: 'Ett meddelande kunde inte skickas',
      stycken: [
        `Årshjul skulle skicka meddelandet ”${amne}” till ${namn}, men ${namn} finns inte (längre) bland personerna i konfigurationen för ${input.kommunNamn}. Meddelandet skickades inte.`,
        `Har personen slutat eller fått ett annat uppdrag? Tilldela personens uppgifter någon annan, och rätta rollerna i konfigurationen för ${input.kommunNamn}.`,
        'Arbetet i Årshjul går vidare som vanligt, men det här meddelandet skickas inte igen.',
      ],
      fakta: [
        ['Mottagare', namn],
        ['Meddelande', amne],
        ['Orsak', svar],
      ],
    });
  }
  return brev(input.kommunNamn, input.mottagare, {
    amne: `E-post kom inte fram till ${namn}`,
    rubrik: 'Ett meddelande kom inte fram',
    stycken: [
      `Årshjul kunde inte skicka meddelandet ”${amne}” till ${namn} (${epost}). E-postservern avvisade adressen och svarade: ${svar}`,
      `Adressen är troligen fel. Rätta e-postadressen för ${namn} under personer i konfigurationen för ${input.kommunNamn}, så att kommande meddelanden kommer fram.`,
      `Arbetet i Årshjul går vidare som vanligt, men det här meddelandet skickas inte igen. Berätta gärna för ${namn} vad det gällde.`,
    ],
    fakta: [
      ['Mottagare', `${namn} <${epost}>`],
      ['Meddelande', amne],
      ['Serverns svar', svar],
    ],
  });
}
