/**
 * A refusal as the kansli reads it: the field by the label the form gives it (a repeated group by its number as
 * the page shows it, a § by its number), and what is expected — in the kansli's Swedish. The rules' own messages
 * (the domain's: "protokollet ska justeras senast 14 dagar …") are kept; zod's generic ones ("För lite(t):
 * förväntade string att ha >=3 tecken") are said again as what to write.
 */
import type { Fel } from '../../domain/validering';

/** Form path pattern → label; `#` stands for a list index in the path (`yrkanden.#.av` → "Yrkande #: yrkande av"). */
export type Etiketter = Readonly<Record<string, string>>;

/** The id of a control with this name (dots would need escaping in a fragment). */
export const faltId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const ar = (s: string) => /^\d+$/.test(s);

/**
 * The label of the control an error's path points at: the longest prefix of the path that has one, with the
 * item's number for repeated groups and the line for a textarea list (`beslut.attSatser.1` → "Att-satser, rad 2").
 */
export function etikettFor(field: string, etiketter: Etiketter): string | undefined {
  const segments = field.split('.').filter(Boolean);
  for (let n = segments.length; n > 0; n--) {
    const prefix = segments.slice(0, n);
    const etikett = etiketter[prefix.map((s) => (ar(s) ? '#' : s)).join('.')];
    if (!etikett) continue;
    let i = 0;
    const nummer = prefix.filter(ar).map((s) => Number(s) + 1);
    const text = etikett.replace(/#/g, () => String(nummer[i++] ?? ''));
    const rad = segments[n];
    return rad !== undefined && ar(rad) ? `${text}, rad ${Number(rad) + 1}` : text;
  }
  return undefined;
}

/** The name of the control for an error's path: the path up to the first list index of a textarea list. */
export function kontrollFor(field: string, etiketter: Etiketter): string {
  const segments = field.split('.').filter(Boolean);
  for (let n = segments.length; n > 0; n--) {
    const prefix = segments.slice(0, n);
    if (etiketter[prefix.map((s) => (ar(s) ? '#' : s)).join('.')]) return prefix.join('.');
  }
  return field;
}

/** zod's own wording (src/domain/validering.ts configures its Swedish locale): a refusal we say again. */
const ZODS = /^(För lite\(t\)|För stor\(t\)|Ogiltig|Ogiltigt|Oväntad|Okänd|Okända|obligatoriskt fält saknas)/;

/** What is expected, in the kansli's words: the rule's own message, or zod's generic one said plainly. */
export function kansliMeddelande(fel: Pick<Fel, 'rule' | 'message'>): string {
  if (!ZODS.test(fel.message)) return fel.message;
  const tal = /(>=|>|<=|<)(\d+)(?: (tecken|objekt))?/.exec(fel.message);
  const grans = tal ? Number(tal[2]) + (tal[1] === '>' ? 1 : tal[1] === '<' ? -1 : 0) : undefined;
  const enhet = tal?.[3];
  switch (fel.rule) {
    case 'too_small':
      if (enhet === 'objekt') return grans === 1 ? 'fyll i minst en rad' : `fyll i minst ${grans} rader`;
      if (enhet === 'tecken') return grans === 1 ? 'fyll i fältet' : `skriv minst ${grans} tecken`;
      return grans === undefined ? 'värdet är för litet' : `ange minst ${grans}`;
    case 'too_big':
      if (enhet === 'objekt') return `högst ${grans} rader`;
      if (enhet === 'tecken') return `skriv högst ${grans} tecken`;
      return grans === undefined ? 'värdet är för stort' : `ange högst ${grans}`;
    case 'obligatorisk':
    case 'invalid_type':
      return 'fyll i fältet';
    case 'invalid_value':
      return 'välj ett av alternativen';
    case 'invalid_format':
      return /e-postadress/.test(fel.message)
        ? 'skriv en e-postadress, t.ex. namn@kommun.se'
        : 'skriv det som fältets hjälptext visar';
    case 'unrecognized_keys':
      return 'fältet hör inte till formuläret; ladda om sidan';
    default:
      return 'fyll i fältet som hjälptexten visar';
  }
}
