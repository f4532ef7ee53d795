/**
 * The pieces every form is made of: the form with its CSRF token and, above it, the summary of what was refused;
 * the controls — each with its label, an optional hint, its own refusal beside it, and the value kept when the
 * form comes back refused. A control finds its refusals through the form (a context), by its name.
 */
import { createContext, type ComponentChildren } from 'preact';
import { useContext } from 'preact/hooks';
import type { Fel } from '../../domain/validering';
import { varde, varden, type Falt } from '../formular/falt';
import { faltId, kansliMeddelande, kontrollFor, type Etiketter } from '../formular/fel';
import { Felsammanfattning } from './Felsammanfattning';

interface Formularfel {
  fel: readonly Fel[];
  etiketter: Etiketter;
}
const Kontext = createContext<Formularfel>({ fel: [], etiketter: {} });

/** A form's CSRF token (src/web/inloggning/vakt.ts checks it). */
export const Csrf = ({ csrf }: { csrf: string }) => <input type="hidden" name="csrf" value={csrf} />;

export const Dolt = ({ name, value }: { name: string; value: string }) => (
  <input type="hidden" name={name} value={value} />
);

/** A posting form: the summary of its refusals above it, linked to the controls, which show their own. */
export function Formular(props: {
  action: string;
  /** The session's token; left out only on the sign-in form, before there is a session. */
  csrf?: string;
  fel?: readonly Fel[];
  etiketter?: Etiketter;
  class?: string;
  children: ComponentChildren;
}) {
  const fel = { fel: props.fel ?? [], etiketter: props.etiketter ?? {} };
  return (
    <>
      <Felsammanfattning {...fel} />
      <form method="post" action={props.action} class={props.class}>
        {props.csrf !== undefined && <Csrf csrf={props.csrf} />}
        <Kontext.Provider value={fel}>{props.children}</Kontext.Provider>
      </form>
    </>
  );
}

/** The refusals of the control `name`, as the attributes and the message beside it. */
function useFel(name: string, hint?: string, egetId?: string) {
  const { fel, etiketter } = useContext(Kontext);
  const id = egetId ?? faltId(name);
  const egna = fel.filter((f) => f.field && kontrollFor(f.field, etiketter) === name);
  const beskrivs = [hint ? `${id}-hint` : '', egna.length ? `${id}-fel` : ''].filter(Boolean).join(' ');
  return {
    id,
    attr: {
      'aria-describedby': beskrivs || undefined,
      'aria-invalid': egna.length ? ('true' as const) : undefined,
    },
    fore: (
      <>
        {hint && (
          <span class="hint" id={`${id}-hint`}>
            {hint}
          </span>
        )}
        {egna.length > 0 && (
          <span class="felmeddelande" id={`${id}-fel`}>
            <span class="visually-hidden">Fel: </span>
            {egna.map((f) => kansliMeddelande(f)).join('; ')}
          </span>
        )}
      </>
    ),
  };
}

interface FaltProps {
  f: Falt;
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

export function Textfalt(
  props: FaltProps & { type?: string; inputmode?: string; list?: string; autocomplete?: string; id?: string },
) {
  const { id, attr, fore } = useFel(props.name, props.hint, props.id);
  return (
    <div class="falt">
      <label for={id}>{props.label}</label>
      {fore}
      <input
        id={id}
        name={props.name}
        type={props.type ?? 'text'}
        value={varde(props.f, props.name)}
        {...attr}
        required={props.required}
        inputmode={props.inputmode}
        list={props.list}
        autocomplete={props.autocomplete}
      />
    </div>
  );
}

export function Textyta(props: FaltProps & { rows?: number; id?: string; varde?: string }) {
  const { id, attr, fore } = useFel(props.name, props.hint, props.id);
  return (
    <div class="falt">
      <label for={id}>{props.label}</label>
      {fore}
      <textarea
        id={id}
        name={props.name}
        rows={props.rows ?? 3}
        {...attr}
        required={props.required}
        value={props.varde ?? varden(props.f, props.name).join('\n')}
      />
    </div>
  );
}

export function Valj(props: FaltProps & { alternativ: readonly (readonly [string, string])[] }) {
  const { id, attr, fore } = useFel(props.name, props.hint);
  const vald = varde(props.f, props.name);
  return (
    <div class="falt">
      <label for={id}>{props.label}</label>
      {fore}
      <select id={id} name={props.name} {...attr} required={props.required}>
        {props.alternativ.map(([v, t]) => (
          <option key={v} value={v} selected={v === vald}>
            {t}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A group of checkboxes (several values) or radio buttons (one), in a fieldset with its legend. */
export function Kryssgrupp(
  props: FaltProps & { alternativ: readonly (readonly [string, string])[]; typ?: 'checkbox' | 'radio' },
) {
  const { id, attr, fore } = useFel(props.name, props.hint);
  const valda = new Set(varden(props.f, props.name));
  return (
    <fieldset id={id} aria-describedby={attr['aria-describedby']}>
      <legend>{props.label}</legend>
      {fore}
      {props.alternativ.map(([v, t], i) => (
        <div class="kryss" key={v}>
          <input
            id={`${id}-${i}`}
            type={props.typ ?? 'checkbox'}
            name={props.name}
            value={v}
            checked={valda.has(v) || (v === '' && valda.size === 0)}
          />
          <label for={`${id}-${i}`}>{t}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One checkbox with its label beside it (a confirmation). */
export function Kryssruta(props: {
  name: string;
  value: string;
  required?: boolean;
  children: ComponentChildren;
}) {
  const { id, attr, fore } = useFel(props.name);
  return (
    <div class="falt">
      {fore}
      <p class="kryssruta">
        <input
          type="checkbox"
          id={id}
          name={props.name}
          value={props.value}
          required={props.required}
          {...attr}
        />{' '}
        <label for={id}>{props.children}</label>
      </p>
    </div>
  );
}
