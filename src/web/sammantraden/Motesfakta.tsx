/**
 * The meeting's facts as the sekreterare records them (`protokollforMotet`): tid and plats, who was present
 * (ledamöter, ersättare — serving for a ledamot or not — and others), the ordförande, sekreterare and justerare
 * chosen from the organ's people, and the announced justering. Parsed from the form into the domain schema; the
 * same fields are rebuilt from what is recorded, so the form opens with it.
 */
import { formularUppdatering } from '../../api/uppdatering';
import type { Request, Response } from 'express';
import { addDays } from '../../domain/datum';
import type { KommunConfig, Person } from '../../domain/kommun';
import type { Deltagare } from '../../domain/protokoll';
import { protokollforMotetSchema, type SammantradeState } from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import { protokollforMotetUpdate } from '../../workflows/sammantrade';
import { lasFalt, om, rader, varde, varden, type Falt } from '../formular/falt';
import { parseParagrafSpann } from '../../domain/numrering';
import { Formular, Grupp, Kryssgrupp, Textfalt, Textyta, Valj } from '../komponenter/formular';
import { Sida } from '../komponenter/Sida';
import { skickaSida } from '../svar';
import { motesroll, organetsFolk, visningsnamn } from './atkomst';
import {
  lasMotet,
  skickaFormular,
  lasStatus,
  organNamn,
  type Motet,
  type SammantradeSidorDeps,
} from './motet';

export const motetsFakta = protokollforMotetSchema.omit({ aktor: true });
export type MotetsFakta = ReturnType<typeof motetsFakta.parse>;

export const MOTESETIKETTER: Record<string, string> = {
  'tid.fran': 'Sammanträdet började',
  'tid.till': 'Sammanträdet slutade',
  tid: 'Tid',
  ajourneringar: 'Ajourneringar',
  plats: 'Plats',
  'narvaro.ledamoter': 'Närvarande ledamöter',
  'narvaro.tjanstgorandeErsattare': 'Tjänstgörande ersättare',
  'narvaro.ersattare': 'Närvarande ersättare',
  'narvaro.ovriga': 'Övriga närvarande',
  ordforande: 'Ordförande',
  sekreterare: 'Sekreterare',
  justerare: 'Justerare',
  'justering.datum': 'Justeringsdag',
  'justering.klockan': 'Justering, klockslag',
  'justering.plats': 'Justering, plats eller sätt',
  'justering.omedelbar': 'Omedelbar justering',
  'narvaro.paragrafer': 'Närvaro per paragraf',
  forstaParagraf: 'Första paragrafnummer',
};

/** "Thure Sandén (M): ej 142–143 p.g.a. jäv" → who, whether the §§ are those they were not at, and the note. */
const NARVARORAD = /^(.+?):\s*(ej\s+)?§*\s*([\d\s,–-]+?)\s*(\D.*)?$/;

/** Runs of §§ from numbers: [127–141, 144–148]. */
function runs(nummer: number[]): { fran: number; till: number }[] {
  const out: { fran: number; till: number }[] = [];
  for (const n of [...new Set(nummer)].sort((a, b) => a - b)) {
    const last = out.at(-1);
    if (last && n === last.till + 1) last.till = n;
    else out.push({ fran: n, till: n });
  }
  return out;
}

/**
 * Närvaro by §, a line a person as the form names them: "Anna Berg (S): 327–355" (present only at these),
 * "Thure Sandén (M): ej 142–143 p.g.a. jäv" (not at these, and why). Applied to the person in whichever list they
 * are; a line that names no one present, or no §§, is refused by its line.
 */
export function narvaroPerParagraf(
  narvaro: { [K in 'ledamoter' | 'tjanstgorandeErsattare' | 'ersattare' | 'ovriga']: Deltagare[] },
  rader: string[],
): Fel[] {
  const fel: Fel[] = [];
  const alla = [
    ...narvaro.ledamoter,
    ...narvaro.tjanstgorandeErsattare,
    ...narvaro.ersattare,
    ...narvaro.ovriga,
  ];
  rader.forEach((rad, i) => {
    const m = NARVARORAD.exec(rad);
    const nummer = m ? parseParagrafSpann(m[3]!.trim().replace(/,$/, '')) : undefined;
    const vem = m ? alla.filter((d) => visningsnamn(d) === m[1]!.trim() || d.namn === m[1]!.trim()) : [];
    if (!m || !nummer) {
      fel.push({
        field: 'narvaro.paragrafer',
        rule: 'narvaro_rad',
        message: `rad ${i + 1}: skriv namn, kolon och paragrafer, t.ex. Anna Berg (S): ej 4, 7`,
      });
    } else if (vem.length === 0) {
      fel.push({
        field: 'narvaro.paragrafer',
        rule: 'person_finns',
        message: `rad ${i + 1}: ”${m[1]!.trim()}” är inte bland de närvarande; skriv namnet som i listan ovan`,
      });
    } else {
      for (const d of vem) {
        if (m[2]) d.ej = [...(d.ej ?? []), ...nummer];
        else d.paragrafer = runs(nummer);
        if (m[4]?.trim()) d.anteckning = m[4].trim();
      }
    }
  });
  return fel;
}

const ERSATTARE = 'ersattare.';

/** "15.46–16.07" → a span; anything else is passed on for the schema to refuse by its line. */
const spann = (rad: string) => {
  const m = /^(\S+)\s*[–-]\s*(\S+)$/.exec(rad);
  return m ? { fran: m[1]!, till: m[2]! } : { fran: rad, till: '' };
};

const deltagare = (p: Person, organ: string): Deltagare & { personId: string } => ({
  namn: p.namn,
  ...om('parti', p.parti ?? ''),
  ...om('roll', motesroll(p, organ) ?? ''),
  personId: p.id,
});

/** The form's fields → the Update's argument (without the actor), or what is wrong, by field. */
export function parseMotesfakta(
  f: Falt,
  config: KommunConfig,
  organ: string,
): { ok: true; fakta: MotetsFakta } | { ok: false; fel: Fel[] } {
  const person = (id: string) => config.personer.find((p) => p.id === id);
  const personer = (name: string) => varden(f, name).flatMap((id) => person(id) ?? []);
  const ersattare = Object.keys(f)
    .filter((k) => k.startsWith(ERSATTARE))
    .flatMap((k) => {
      const p = person(k.slice(ERSATTARE.length));
      return p ? [{ p, val: varde(f, k) }] : [];
    });
  const namn = (id: string) => {
    const p = person(id);
    return p ? visningsnamn(p) : id;
  };
  const input = {
    tid: { fran: varde(f, 'tid.fran'), till: varde(f, 'tid.till') },
    ajourneringar: rader(f, 'ajourneringar').map(spann),
    ...om('plats', varde(f, 'plats')),
    narvaro: {
      ledamoter: personer('narvaro.ledamoter').map((p) => deltagare(p, organ)),
      tjanstgorandeErsattare: ersattare
        .filter(({ val }) => val.startsWith('for:'))
        .map(({ p, val }) => ({ ...deltagare(p, organ), tjanstgorFor: namn(val.slice(4)) })),
      ersattare: ersattare.filter(({ val }) => val === 'narvarande').map(({ p }) => deltagare(p, organ)),
      ovriga: rader(f, 'narvaro.ovriga').map((rad) => {
        const [vem = '', ...titel] = rad.split(',');
        return { namn: vem.trim(), ...om('roll', titel.join(',').trim()) };
      }),
    },
    ordforande: varde(f, 'ordforande') ? namn(varde(f, 'ordforande')) : '',
    sekreterare: varde(f, 'sekreterare') ? namn(varde(f, 'sekreterare')) : '',
    justerare: varden(f, 'justerare').map((id) => ({ namn: namn(id), personId: id })),
    justering: {
      datum: varde(f, 'justering.datum'),
      ...om('klockan', varde(f, 'justering.klockan')),
      plats: varde(f, 'justering.plats'),
    },
  };
  const forsta = varde(f, 'forstaParagraf');
  const omedelbar = varde(f, 'justering.omedelbar') === 'ja';
  const narvaroFel = narvaroPerParagraf(input.narvaro, rader(f, 'narvaro.paragrafer'));
  const result = motetsFakta.safeParse({
    ...input,
    justering: { ...input.justering, ...(omedelbar ? { omedelbar: true } : {}) },
    ...(forsta ? { forstaParagraf: /^\d+$/.test(forsta) ? Number(forsta) : forsta } : {}),
  });
  if (narvaroFel.length > 0) {
    return { ok: false, fel: [...narvaroFel, ...(result.success ? [] : felFromZod(result.error))] };
  }
  return result.success ? { ok: true, fakta: result.data } : { ok: false, fel: felFromZod(result.error) };
}

/** The §§ someone was (not) present at, as a line of the närvaro-per-paragraf field. */
function narvaroRad(d: Deltagare): string[] {
  const namn = visningsnamn(d);
  const spann = (s: { fran: number; till: number }) =>
    s.fran === s.till ? `${s.fran}` : `${s.fran}–${s.till}`;
  const anteckning = d.anteckning ? ` ${d.anteckning}` : '';
  return [
    ...(d.paragrafer ? [`${namn}: ${d.paragrafer.map(spann).join(', ')}${d.ej ? '' : anteckning}`] : []),
    ...(d.ej ? [`${namn}: ej ${runs(d.ej).map(spann).join(', ')}${anteckning}`] : []),
  ];
}

/** The fields of what is recorded, or of a first guess from the config when nothing is yet. */
export function motesfalt(state: SammantradeState, config: KommunConfig, sekreterare: string): Falt {
  const { fakta, mote } = state;
  const folk = organetsFolk(config, fakta.organ);
  const idAv = (namn: string) => config.personer.find((p) => visningsnamn(p) === namn || p.namn === namn)?.id;
  const ersattareFalt = (val: (p: Person) => string) =>
    Object.fromEntries(folk.ersattare.map((p) => [`${ERSATTARE}${p.id}`, val(p)]));
  if (!mote) {
    const organ = config.organ.find((o) => o.kortnamn === fakta.organ);
    return {
      'tid.fran': fakta.klockan,
      'tid.till': '',
      plats: fakta.plats,
      'narvaro.ledamoter': folk.ledamoter.map((p) => p.id),
      ...ersattareFalt(() => ''),
      ordforande: fakta.ordforande ?? '',
      sekreterare: folk.sekreterare.some((p) => p.id === sekreterare)
        ? sekreterare
        : (fakta.sekreterare[0] ?? ''),
      justerare: folk.justerare
        .filter((p) => folk.ledamoter.includes(p))
        .map((p) => p.id)
        .slice(0, 1),
      'justering.datum': addDays(fakta.datum, organ?.reglemente.justeringDagar ?? 7),
      'justering.klockan': '10.00',
      'justering.plats': 'Digital justering',
    };
  }
  const ids = (lista: readonly Deltagare[]) => lista.flatMap((d) => d.personId ?? idAv(d.namn) ?? []);
  const tjanstgor = new Map(
    mote.narvaro.tjanstgorandeErsattare.map((d) => [d.personId ?? idAv(d.namn), idAv(d.tjanstgorFor)]),
  );
  const narvarande = new Set(ids(mote.narvaro.ersattare));
  return {
    'tid.fran': mote.tid.fran,
    'tid.till': mote.tid.till,
    ajourneringar: mote.ajourneringar.map((a) => `${a.fran}–${a.till}`).join('\n'),
    plats: mote.plats ?? fakta.plats,
    'narvaro.ledamoter': ids(mote.narvaro.ledamoter),
    ...ersattareFalt((p) =>
      tjanstgor.has(p.id) ? `for:${tjanstgor.get(p.id) ?? ''}` : narvarande.has(p.id) ? 'narvarande' : '',
    ),
    'narvaro.ovriga': mote.narvaro.ovriga.map((d) => (d.roll ? `${d.namn}, ${d.roll}` : d.namn)).join('\n'),
    ordforande: idAv(mote.ordforande) ?? '',
    sekreterare: idAv(mote.sekreterare) ?? '',
    justerare: mote.justerare.map((j) => j.personId),
    'justering.datum': mote.justering.datum,
    'justering.klockan': mote.justering.klockan ?? '',
    'justering.plats': mote.justering.plats,
    'justering.omedelbar': mote.justering.omedelbar ? 'ja' : '',
    'narvaro.paragrafer': [
      ...mote.narvaro.ledamoter,
      ...mote.narvaro.tjanstgorandeErsattare,
      ...mote.narvaro.ersattare,
      ...mote.narvaro.ovriga,
    ]
      .flatMap(narvaroRad)
      .join('\n'),
    forstaParagraf: mote.forstaParagraf !== undefined ? String(mote.forstaParagraf) : '',
  };
}

/** Each ersättare: not present, present, or serving for a ledamot. */
function Ersattare({ f, folk }: { f: Falt; folk: ReturnType<typeof organetsFolk> }) {
  if (folk.ersattare.length === 0) return null;
  return (
    <Grupp legend="Ersättare">
      {folk.ersattare.map((p) => (
        <div class="rad" key={p.id}>
          <Valj
            f={f}
            name={`${ERSATTARE}${p.id}`}
            label={visningsnamn(p)}
            alternativ={[
              ['', 'Inte närvarande'],
              ['narvarande', 'Närvarande (ersättare)'],
              ...folk.ledamoter.map((l) => [`for:${l.id}`, `Tjänstgör för ${visningsnamn(l)}`] as const),
            ]}
          />
        </div>
      ))}
    </Grupp>
  );
}

/** Who chaired, kept the protocol and justerar, chosen from the organ's people. */
function Roller({ f, folk }: { f: Falt; folk: ReturnType<typeof organetsFolk> }) {
  const ledamoter = folk.ledamoter.map((p) => [p.id, visningsnamn(p)] as const);
  return (
    <Grupp legend="Ordförande, sekreterare och justerare">
      <Valj f={f} name="ordforande" alternativ={[['', 'Välj'], ...ledamoter]} />
      <Valj
        f={f}
        name="sekreterare"
        alternativ={[['', 'Välj'], ...folk.sekreterare.map((p) => [p.id, p.namn] as const)]}
      />
      <Kryssgrupp
        f={f}
        name="justerare"
        alternativ={[...folk.ledamoter, ...folk.ersattare].map((p) => [p.id, visningsnamn(p)] as const)}
        hint="Ordföranden justerar alltid; välj den eller de som justerar med ordföranden."
      />
    </Grupp>
  );
}

function Motesformular(props: {
  f: Falt;
  config: KommunConfig;
  organ: string;
  action: string;
  csrf: string;
  fel: readonly Fel[];
}) {
  const { f } = props;
  const L = MOTESETIKETTER;
  const folk = organetsFolk(props.config, props.organ);
  const ledamoter = folk.ledamoter.map((p) => [p.id, visningsnamn(p)] as const);
  return (
    <Formular action={props.action} csrf={props.csrf} fel={props.fel} etiketter={L}>
      <Grupp legend="Tid och plats">
        <div class="falt2">
          <Textfalt f={f} name="tid.fran" hint="tt.mm, t.ex. 14.00" required inputmode="decimal" />
          <Textfalt f={f} name="tid.till" hint="tt.mm, t.ex. 18.00" required inputmode="decimal" />
        </div>
        <Textyta f={f} name="ajourneringar" hint="En per rad, t.ex. 15.46–16.07" rows={2} />
        <Textfalt f={f} name="plats" />
      </Grupp>
      <Kryssgrupp f={f} name="narvaro.ledamoter" alternativ={ledamoter} />
      <Ersattare f={f} folk={folk} />
      <Textyta
        f={f}
        name="narvaro.ovriga"
        hint="En per rad: namn, titel – t.ex. Anna Berg, kommundirektör"
        rows={3}
      />
      <Textyta
        f={f}
        name="narvaro.paragrafer"
        hint="En rad per person som inte var med hela sammanträdet, t.ex. ”Anna Berg (S): 327–355” eller ”Thure Sandén (M): ej 142–143 p.g.a. jäv”. En tjänstgörande ersättare som bara tjänstgjorde vid vissa paragrafer skrivs likadant."
        rows={3}
      />
      <Roller f={f} folk={folk} />
      <Textfalt
        f={f}
        name="forstaParagraf"
        inputmode="numeric"
        hint="Bara när organets paragrafserie detta år börjar här i Årshjul: numret serien fortsätter från (Lund KS oktober 2023: 327). Lämna tomt annars."
      />
      <Grupp legend="Justering">
        <Textfalt
          f={f}
          name="justering.datum"
          type="date"
          required
          hint="Senast 14 dagar efter sammanträdet (KL 5 kap. 69 §)."
        />
        <div class="falt2">
          <Textfalt f={f} name="justering.klockan" hint="tt.mm, frivilligt" inputmode="decimal" />
          <Textfalt f={f} name="justering.plats" required />
        </div>
        <Kryssgrupp
          f={f}
          name="justering.omedelbar"
          alternativ={[['ja', 'Hela protokollet justerades omedelbart vid sammanträdet (KL 5 kap. 70 §)']]}
        />
      </Grupp>
      <p>
        <button type="submit">Spara sammanträdets fakta</button>
      </p>
    </Formular>
  );
}

function visaMotesformular(res: Response, m: Motet, f: Falt, fel: readonly Fel[]) {
  skickaSida(
    res,
    fel.length ? 409 : 200,
    <Sida titel={`Sammanträdets fakta – ${organNamn(m.config, m.organ)} ${m.datum}`} inloggad={m.s}>
      <Motesformular
        f={f}
        config={m.config}
        organ={m.organ}
        action={`${m.bas}/motet`}
        csrf={m.s.csrf}
        fel={fel}
      />
      <p>
        <a href={m.bas}>Tillbaka till sammanträdet</a>
      </p>
    </Sida>,
  );
}

/** `GET …/motet`: the form, with what is recorded (or a first guess from the config). */
export async function visaMotesfakta(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res);
  if (!m) return;
  const st = await lasStatus(m, res);
  if (st) visaMotesformular(res, m, motesfalt(st.state, m.config, m.s.person), []);
}

/** `POST …/motet`: the meeting's facts recorded, or the form again with its refusal and what was written. */
export async function protokollforMotesfakta(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.protokollforMotet');
  if (!m) return;
  const { falt: f, fel: tecken } = lasFalt(req);
  const parsed = parseMotesfakta(f, m.config, m.organ);
  const fel = await skickaFormular(m, [...tecken, ...(parsed.ok ? [] : parsed.fel)], () =>
    m.handle.executeUpdate(protokollforMotetUpdate, {
      ...formularUppdatering(req, m.s.person),
      args: [{ aktor: m.s.person, ...(parsed as { fakta: MotetsFakta }).fakta }],
    }),
  );
  if (fel.length > 0) return visaMotesformular(res, m, f, fel);
  res.redirect(303, `${m.bas}?sparat=motet#motet`);
}
