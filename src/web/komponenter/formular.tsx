/**
 * The pieces every form is made of: the form with its CSRF token and, above it, the summary of what was refused;
 * the controls — each with its label, an optional hint, its own refusal beside it, and the value kept when the
 * form comes back refused. A control finds its refusals through the form (a context), by its name.
 */
import { randomUUID } from 'node:crypto';
import { createContext, type ComponentChildren, type VNode } from 'preact';
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

/**
 * A form's CSRF token (src/web/inloggning/vakt.ts checks it), and a nonce new each time the form is drawn: a
 * command the form sends to a workflow takes it as its Update id (`formularUppdatering`,
 * src/api/uppdatering.ts), so the same form sent twice — a double click, a resent POST — is applied once.
 */
export const Csrf = ({ csrf }: { csrf: string }) => (
  <>
    <input type="hidden" name="csrf" value={csrf} />
    <input type="hidden" name="nonce" value={randomUUID()} />
  </>
);

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
  /** `multipart/form-data` for a form with a file. */
  enctype?: string;
  children: ComponentChildren;
}) {
  const fel = { fel: props.fel ?? [], etiketter: props.etiketter ?? {} };
  return (
    <>
      <Felsammanfattning {...fel} />
      <form method="post" action={props.action} class={props.class} enctype={props.enctype}>
        {props.csrf !== undefined && <Csrf csrf={props.csrf} />}
        <Kontext.Provider value={fel}>{props.children}</Kontext.Provider>
      </form>
    </>
  );
}

/**
 * A control's id, label (given, or the form's label for its name), its refusals as attributes and the message
 * beside it, and the frame of label, hint, message and control.
 */
function useFalt(props: {
  name: string;
  label?: string | undefined;
  hint?: string | undefined;
  id?: string;
}) {
  const { fel, etiketter } = useContext(Kontext);
  const id = props.id ?? faltId(props.name);
  const label = props.label ?? etiketter[props.name] ?? props.name;
  const egna = fel.filter((f) => f.field && kontrollFor(f.field, etiketter) === props.name);
  const beskrivs = [props.hint ? `${id}-hint` : '', egna.length ? `${id}-fel` : ''].filter(Boolean).join(' ');
  const fore = (
    <>
      {props.hint && (
        <span class="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {egna.length > 0 && (
        <span class="felmeddelande" id={`${id}-fel`}>
          <span class="visually-hidden">Fel: </span>
          {egna.map((f) => kansliMeddelande(f)).join('; ')}
        </span>
      )}
    </>
  );
  return {
    id,
    label,
    fore,
    attr: {
      'aria-describedby': beskrivs || undefined,
      'aria-invalid': egna.length ? ('true' as const) : undefined,
    },
    ram: (kontroll: VNode) => (
      <div class="falt">
        <label for={id}>{label}</label>
        {fore}
        {kontroll}
      </div>
    ),
  };
}

interface FaltProps {
  f: Falt;
  name: string;
  /** The label; left out, the form's label for the name (its `etiketter`, which the error summary uses too). */
  label?: string;
  hint?: string;
  required?: boolean;
  id?: string;
}

export function Textfalt(
  props: FaltProps & { type?: string; inputmode?: string; list?: string; autocomplete?: string },
) {
  const { id, attr, ram } = useFalt(props);
  return ram(
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
    />,
  );
}

/** A file to upload (its form is `multipart/form-data`); `accept` hints the types the server will take. */
export function Filfalt(props: Omit<FaltProps, 'f'> & { accept?: string }) {
  const { id, attr, ram } = useFalt(props);
  return ram(
    <input id={id} name={props.name} type="file" accept={props.accept} {...attr} required={props.required} />,
  );
}

export function Textyta(props: FaltProps & { rows?: number; varde?: string }) {
  const { id, attr, ram } = useFalt(props);
  const text = props.varde ?? varden(props.f, props.name).join('\n');
  return ram(
    <textarea
      id={id}
      name={props.name}
      rows={props.rows ?? 3}
      {...attr}
      required={props.required}
      value={text}
    />,
  );
}

export function Valj(props: FaltProps & { alternativ: readonly (readonly [string, string])[] }) {
  const { id, attr, ram } = useFalt(props);
  const vald = varde(props.f, props.name);
  return ram(
    <select id={id} name={props.name} {...attr} required={props.required}>
      {props.alternativ.map(([v, t]) => (
        <option key={v} value={v} selected={v === vald}>
          {t}
        </option>
      ))}
    </select>,
  );
}

/** A group of checkboxes (several values) or radio buttons (one), in a fieldset with its legend. */
export function Kryssgrupp(
  props: FaltProps & { alternativ: readonly (readonly [string, string])[]; typ?: 'checkbox' | 'radio' },
) {
  const { id, attr, fore, label } = useFalt(props);
  const valda = new Set(varden(props.f, props.name));
  return (
    <fieldset id={id} aria-describedby={attr['aria-describedby']}>
      <legend>{label}</legend>
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
  const { id, attr, fore } = useFalt(props);
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

/** A group of controls under its legend. */
export const Grupp = ({ legend, children }: { legend: string; children: ComponentChildren }) => (
  <fieldset>
    <legend>{legend}</legend>
    {children}
  </fieldset>
);
