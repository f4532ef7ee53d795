/**
 * A mail as the domain words it: the blocks that both of its bodies are made from. src/mail/brev.tsx renders the
 * plain text and the HTML from the same blocks, so the two versions cannot say different things. Every fact is
 * resolved before it gets here (names, not person ids; the organ's name; the link).
 */

/** One paragraph: plain sentences, or a person's words quoted (introduced by "<av> skriver:" when `av` is given). */
export type Stycke = string | { citat: string; av?: string };

export interface Brev {
  amne: string;
  /** The HTML version's heading: the kind of news, short (the subject is its <title>). */
  rubrik: string;
  /** "Lunds kommun": in the header and the footer. */
  kommunNamn: string;
  /**
   * The recipient's name, for the greeting; left out when one message goes to several people in the same role
   * (an escalation to the kanslichefer and the chef), who are greeted together.
   */
  mottagare?: string;
  /** What happened and what it means for the recipient. */
  stycken: readonly Stycke[];
  /** Label and value rows. */
  fakta: readonly (readonly [string, string])[];
  /** Text someone wrote (a task's description), its paragraphs and line breaks kept. */
  beskrivning?: string;
  /** What the recipient is to do. */
  atgard?: string;
  /** The one link the mail is about: a button, and the address written out for when the button does not work. */
  lank?: { text: string; url: string };
  /** Notes after the link (the calendar file attached). */
  efterLanken?: readonly string[];
  /** The footer's last sentence, after "sent automatically by Årshjul": "Svara inte på det." by default. */
  sidfot?: string;
}

/** The whole footer of a mail from Årshjul. */
export function sidfotText(brev: Pick<Brev, 'kommunNamn' | 'sidfot'>): string {
  return `Det här meddelandet skickades automatiskt av Årshjul, ${brev.kommunNamn}. ${brev.sidfot ?? 'Svara inte på det.'}`;
}

/** The greeting: by name, or "Hej!" to everyone a message to several people goes to. */
export const halsning = (mottagare?: string) => (mottagare ? `Hej ${mottagare}!` : 'Hej!');
