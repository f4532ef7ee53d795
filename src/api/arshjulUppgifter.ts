/**
 * Every open task of the kommun on the kanslichef's årshjul page: the late ones first, with due date, owner and
 * the owner's role, filterable by organ, role, person and kind; per task one click to remind, reassign or move
 * the due date. The forms post to the task's own commands (./uppgifter.ts) and come back here (`tillbaka`).
 */
import type { UppgiftRad } from '../db/register';
import { arSchema } from '../domain/datum';
import { personNamn, ROLLER, uppgiftspersoner, type KommunConfig } from '../domain/kommun';
import { UPPGIFT_TYPER } from '../domain/uppgift';
import { z } from '../domain/validering';
import { ROLL_NAMN, rollerFor, UPPGIFT_NAMN } from './arshjulText';
import { csrfFalt, e } from './sida';

/** An empty select ("Alla") is no filter. */
const tom = (v: unknown) => (v === '' ? undefined : v);

/** The page's query string: the year, the filters, and what was just done (after a form came back). */
export function arshjulQuerySchema(config: KommunConfig) {
  const enAv = (values: string[], vad: string) =>
    z.preprocess(
      tom,
      z
        .string()
        .refine((v) => values.includes(v), { message: `okänd ${vad} i ${config.kommun.namn}` })
        .optional(),
    );
  return z.object({
    ar: z.preprocess(tom, arSchema.optional()),
    organ: enAv(
      config.organ.map((o) => o.kortnamn),
      'organ',
    ),
    roll: z.preprocess(tom, z.enum(ROLLER).optional()),
    person: enAv(
      config.personer.map((p) => p.id),
      'person',
    ),
    typ: z.preprocess(tom, z.enum(UPPGIFT_TYPER).optional()),
    klart: z.string().max(40).optional(),
    startat: z.enum(['1', 'redan']).optional(),
    stoppat: z.enum(['1', 'inte']).optional(),
  });
}
export type ArshjulQuery = z.output<ReturnType<typeof arshjulQuerySchema>>;

/** The open tasks that pass the filters, the late ones first (the most overdue first), then by due date. */
export function filtrera(config: KommunConfig, uppgifter: UppgiftRad[], f: ArshjulQuery): UppgiftRad[] {
  return uppgifter
    .filter(
      (u) =>
        (!f.organ || u.organ === f.organ) &&
        (!f.typ || u.typ === f.typ) &&
        (!f.person || u.tilldelad === f.person || u.delegater.includes(f.person)) &&
        (!f.roll || rollerFor(config, u.tilldelad, u.organ).includes(f.roll)),
    )
    .sort((a, b) => Number(b.forsenad) - Number(a.forsenad) || a.forfaller.localeCompare(b.forfaller));
}

export function filterFormular(config: KommunConfig, f: ArshjulQuery, ar: number): string {
  const val = (name: string, label: string, options: [string, string][], selected?: string) =>
    `<div><label for="${name}">${e(label)}</label><select id="${name}" name="${name}"><option value="">Alla</option>${options
      .map(([v, t]) => `<option value="${e(v)}"${v === selected ? ' selected' : ''}>${e(t)}</option>`)
      .join('')}</select></div>`;
  return `<form method="get" action="/arshjul" class="filter">
<input type="hidden" name="ar" value="${e(String(ar))}">
${val(
  'organ',
  'Organ',
  config.organ.map((o) => [o.kortnamn, `${o.namn} (${o.kortnamn})`]),
  f.organ,
)}
${val(
  'roll',
  'Roll',
  ROLLER.filter((r) => r !== 'mottagare').map((r) => [r, ROLL_NAMN[r]]),
  f.roll,
)}
${val(
  'person',
  'Person',
  config.personer.map((p) => [p.id, p.namn]),
  f.person,
)}
${val(
  'typ',
  'Slag av uppgift',
  UPPGIFT_TYPER.map((t) => [t, UPPGIFT_NAMN[t]]),
  f.typ,
)}
<div><button type="submit">Visa</button></div></form>`;
}

export function uppgiftstabell(input: {
  config: KommunConfig;
  uppgifter: UppgiftRad[];
  csrf: string;
  /** This page with its filters, to come back to after an action. */
  tillbaka: string;
  /** Whether to offer remind, reassign and move (the kanslichef's). */
  atgarder: boolean;
}): string {
  const { config, csrf } = input;
  const namn = (id: string) => personNamn(config, id);
  // Whom a task can go to: people, not the recipients of protokollsutdrag that are förvaltningar or organs.
  const personer = uppgiftspersoner(config.personer);
  const dolda = `${csrfFalt(csrf)}<input type="hidden" name="tillbaka" value="${e(input.tillbaka)}">`;
  const rader = input.uppgifter.map((u, i) => {
    const action = (kommando: string) => `/uppgifter/${encodeURIComponent(u.id)}/${kommando}`;
    const roller = rollerFor(config, u.tilldelad, u.organ).map((r) => ROLL_NAMN[r]);
    return `<tr>
<td><a href="/uppgifter/${encodeURIComponent(u.id)}">${e(u.titel)}</a><br><span class="liten">${e(u.organ ?? '')}${u.organ ? ' · ' : ''}${e(UPPGIFT_NAMN[u.typ])}</span></td>
<td>${e(namn(u.tilldelad))}<br><span class="liten">${e(roller.join(', '))}</span></td>
<td class="datum${u.forsenad ? ' forsenad' : ''}">${e(u.forfaller)}${u.forsenad ? '<br>försenad' : ''}</td>
${
  input.atgarder
    ? `<td class="atgarder">
<form method="post" action="${e(action('paminn'))}">${dolda}<button class="sekundar" type="submit">Påminn<span class="visually-hidden"> ${e(namn(u.tilldelad))} om ${e(u.titel)}</span></button></form>
<form method="post" action="${e(action('tilldela'))}">${dolda}<label class="visually-hidden" for="till-${i}">Tilldela ${e(u.titel)} till</label><select id="till-${i}" name="till" required><option value="">Välj person</option>${personer
        .filter((p) => p.id !== u.tilldelad)
        .map((p) => `<option value="${e(p.id)}">${e(p.namn)}</option>`)
        .join(
          '',
        )}</select><button class="sekundar" type="submit">Tilldela<span class="visually-hidden"> ${e(u.titel)}</span></button></form>
<form method="post" action="${e(action('flytta'))}">${dolda}<label class="visually-hidden" for="forfaller-${i}">Ny förfallodag för ${e(u.titel)}</label><input id="forfaller-${i}" name="forfaller" type="date" value="${e(u.forfaller)}" required><button class="sekundar" type="submit">Flytta<span class="visually-hidden"> ${e(u.titel)}</span></button></form>
</td>`
    : ''
}</tr>`;
  });
  return `<table class="uppgiftstabell"><caption class="visually-hidden">Öppna uppgifter, de försenade först</caption><thead><tr><th scope="col">Uppgift</th><th scope="col">Ansvarig och roll</th><th scope="col">Senast</th>${input.atgarder ? '<th scope="col">Åtgärder</th>' : ''}</tr></thead><tbody>
${rader.join('\n')}
</tbody></table>`;
}
