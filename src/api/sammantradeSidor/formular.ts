/**
 * The pieces every form of the sekreterare's pages is made of: the posted fields (parsed by zod once), the
 * controls (each with its label, its value kept when the form comes back refused) and the list of refusals,
 * each naming the field as the form labels it, the rule, and linking to the control.
 *
 * A control's `name` is the path of its value in the domain schema (`beslut.attSatser`, `justering.datum`), so
 * an error's path leads back to the control without a second mapping.
 */
import type { Fel } from '../../domain/validering';
import { z } from '../../domain/validering';
import { e } from '../sida';

/** A posted form: each name with its value, or its values when repeated (checkboxes). */
export const faltSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type Falt = z.output<typeof faltSchema>;

/** Every value of `name`, trimmed, the empty ones left out. */
export const varden = (f: Falt, name: string): string[] =>
  ([] as string[])
    .concat(f[name] ?? [])
    .map((v) => v.trim())
    .filter(Boolean);

/** The one value of `name`, trimmed ('' when none). */
export const varde = (f: Falt, name: string): string => varden(f, name)[0] ?? '';

/** The lines of every value of `name` (a textarea: one item per line), trimmed, the empty ones left out. */
export const rader = (f: Falt, name: string): string[] =>
  varden(f, name)
    .flatMap((v) => v.split(/\r?\n/))
    .map((v) => v.trim())
    .filter(Boolean);

/** An optional value: the key is left out when the field is empty, so `.optional()` schemas accept it. */
export const om = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;

/** The id of a control with this name (dots would need escaping in a fragment). */
export const faltId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

const hint = (name: string, text?: string) =>
  text ? `<span class="hint" id="${faltId(name)}-hint">${e(text)}</span>` : '';
const describedBy = (name: string, text?: string) => (text ? ` aria-describedby="${faltId(name)}-hint"` : '');

export function textfalt(
  f: Falt,
  name: string,
  label: string,
  options: { type?: string; hint?: string; required?: boolean; inputmode?: string; list?: string } = {},
): string {
  const id = faltId(name);
  return `<div class="falt"><label for="${id}">${e(label)}</label>${hint(name, options.hint)}<input id="${id}" name="${e(name)}" type="${options.type ?? 'text'}" value="${e(varde(f, name))}"${describedBy(name, options.hint)}${options.required ? ' required' : ''}${options.inputmode ? ` inputmode="${options.inputmode}"` : ''}${options.list ? ` list="${e(options.list)}"` : ''}></div>`;
}

export function textyta(
  f: Falt,
  name: string,
  label: string,
  options: { hint?: string; rows?: number; required?: boolean } = {},
): string {
  const id = faltId(name);
  return `<label for="${id}">${e(label)}</label>${hint(name, options.hint)}<textarea id="${id}" name="${e(name)}" rows="${options.rows ?? 3}"${describedBy(name, options.hint)}${options.required ? ' required' : ''}>${e(varden(f, name).join('\n'))}</textarea>`;
}

export function valj(
  f: Falt,
  name: string,
  label: string,
  alternativ: readonly (readonly [string, string])[],
): string {
  const id = faltId(name);
  const vald = varde(f, name);
  return `<label for="${id}">${e(label)}</label><select id="${id}" name="${e(name)}">${alternativ
    .map(([v, t]) => `<option value="${e(v)}"${v === vald ? ' selected' : ''}>${e(t)}</option>`)
    .join('')}</select>`;
}

/** A group of checkboxes (several values) or radio buttons (one), in a fieldset with its legend. */
export function kryssgrupp(
  f: Falt,
  name: string,
  legend: string,
  alternativ: readonly (readonly [string, string])[],
  options: { typ?: 'checkbox' | 'radio'; hint?: string } = {},
): string {
  const valda = new Set(varden(f, name));
  const boxar = alternativ
    .map(([v, t], i) => {
      const id = `${faltId(name)}-${i}`;
      return `<div class="kryss"><input id="${id}" type="${options.typ ?? 'checkbox'}" name="${e(name)}" value="${e(v)}"${valda.has(v) || (v === '' && valda.size === 0) ? ' checked' : ''}><label for="${id}">${e(t)}</label></div>`;
    })
    .join('');
  return `<fieldset id="${faltId(name)}"><legend>${e(legend)}</legend>${hint(name, options.hint)}${boxar}</fieldset>`;
}

export { csrfFalt } from '../sida';

/**
 * The label of the control an error's path points at: the longest prefix of the path that has one, with the
 * item's number for repeated groups (`yrkanden.#.av` → "Yrkande 2: av") and the line for a textarea list.
 */
export function etikettFor(field: string, etiketter: Record<string, string>): string | undefined {
  const segments = field.split('.').filter(Boolean);
  for (let n = segments.length; n > 0; n--) {
    const prefix = segments.slice(0, n);
    const monster = prefix.map((s) => (/^\d+$/.test(s) ? '#' : s)).join('.');
    const etikett = etiketter[monster];
    if (!etikett) continue;
    let i = 0;
    const nummer = prefix.filter((s) => /^\d+$/.test(s)).map((s) => Number(s) + 1);
    const text = etikett.replace(/#/g, () => String(nummer[i++] ?? ''));
    const rad = segments[n];
    return rad !== undefined && /^\d+$/.test(rad) ? `${text}, rad ${Number(rad) + 1}` : text;
  }
  return undefined;
}

/** The name of the control for an error's path: the path up to the first list index of a textarea list. */
function kontrollFor(field: string, etiketter: Record<string, string>): string {
  const segments = field.split('.').filter(Boolean);
  for (let n = segments.length; n > 0; n--) {
    const prefix = segments.slice(0, n);
    if (etiketter[prefix.map((s) => (/^\d+$/.test(s) ? '#' : s)).join('.')]) return prefix.join('.');
  }
  return field;
}

/** The refusals at the top of a form: each names the field (a link to it), says what is wrong and the rule. */
export function felruta(fel: readonly Fel[], etiketter: Record<string, string>): string {
  if (fel.length === 0) return '';
  const rader = fel
    .map((f) => {
      const etikett = f.field ? (etikettFor(f.field, etiketter) ?? f.field) : undefined;
      const falt = etikett
        ? `<a href="#${faltId(kontrollFor(f.field, etiketter))}">${e(etikett)}</a> (${e(f.field)}): `
        : '';
      return `<li>${falt}${e(f.message)} <span class="regel">[regel: ${e(f.rule)}]</span></li>`;
    })
    .join('');
  return `<div class="fel" role="alert"><h2>Det gick inte att spara</h2><ul>${rader}</ul></div>`;
}
