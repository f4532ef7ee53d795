/**
 * When a task's reminders and escalations go out. Reminders: at `utskickKlockan` (Europe/Stockholm) on each of
 * `paminnelseDagar` days before the due date (0 = the morning of the due date). Escalation: once the due date
 * has passed, on the morning after it and then every `eskaleringIntervallDagar` days until the task is done.
 *
 * With a horizon (`horisontDagar` after the due date), escalation stops there: the first escalation that would
 * fall after it is replaced by one last notice to the kanslichef (`sista`), and nothing is planned after that.
 *
 * Each occurrence has a key (`paminnelse:<due>:<days before>`, `eskalering:<due>:<n>`), so a message is sent
 * once per task, kind and occurrence, and moving the due date plans new ones.
 */
import { addDays, dateInStockholm, instantInStockholm, type IsoDate } from './datum';
import { ansvariga, eskaleringsmottagare, type UppgiftState } from './uppgift';

export interface Utskick {
  typ: 'PAMINNELSE' | 'ESKALERING';
  nyckel: string;
  /** When it is due to go out (epoch ms). */
  tid: number;
  /** For a reminder: days before the due date; for an escalation: its number, 1, 2, … */
  ordning: number;
  mottagare: string[];
  /** The last notice of an escalation that stops at its horizon: the task is still open. */
  sista?: true;
}

/** How long an overdue task is escalated when its spec does not say: eight weeks after the due date. */
export const ESKALERINGSHORISONT_DAGAR = 56;

/**
 * The moment the current plan was made: when the task was created, or its due date last changed. Occurrences
 * planned before it are not sent late, except one catch-up escalation for a task that is already overdue.
 */
function planeradFran(state: UppgiftState): number {
  const changes = state.historik.filter((h) => h.typ === 'SKAPAD' || h.typ === 'FORFALLODAG_ANDRAD');
  return changes[changes.length - 1]!.tid;
}

/**
 * The next reminder or escalation not yet sent, or `undefined` when the task is done — or, given a horizon, when
 * its escalation has stopped.
 */
export function nastaUtskick(state: UppgiftState, horisontDagar?: number): Utskick | undefined {
  if (state.status !== 'OPPEN') return undefined;
  const { spec, forfaller } = state;
  const from = planeradFran(state);
  const sent = new Set(state.skickat);

  const reminders: Utskick[] = [...spec.paminnelseDagar]
    .sort((a, b) => b - a)
    .map((dagar) => ({
      typ: 'PAMINNELSE' as const,
      nyckel: `paminnelse:${forfaller}:${dagar}`,
      tid: instantInStockholm(addDays(forfaller, -dagar), spec.utskickKlockan),
      ordning: dagar,
      mottagare: ansvariga(state),
    }))
    .filter((u) => u.tid >= from && !sent.has(u.nyckel));
  if (reminders[0]) return reminders[0];

  const next = nextEscalation(state, forfaller, from, sent);
  if (horisontDagar === undefined) return next;
  if (
    escalationDate(forfaller, next.ordning, state.spec.eskaleringIntervallDagar) <=
    addDays(forfaller, horisontDagar)
  ) {
    return next;
  }
  // Past the horizon: one last notice, when the escalation would have gone out, then nothing.
  const nyckel = `eskalering:${forfaller}:upphor`;
  if (sent.has(nyckel)) return undefined;
  return {
    typ: 'ESKALERING',
    nyckel,
    tid: next.tid,
    // How many went out under this due date (at least one: a task planned past its horizon hears it once).
    ordning: Math.max(1, [...sent].filter((k) => k.startsWith(`eskalering:${forfaller}:`)).length),
    mottagare: [...state.spec.kanslichefer],
    sista: true,
  };
}

function escalationDate(forfaller: IsoDate, n: number, intervall: number): IsoDate {
  return addDays(forfaller, 1 + (n - 1) * intervall);
}

function nextEscalation(state: UppgiftState, forfaller: IsoDate, from: number, sent: Set<string>): Utskick {
  const { eskaleringIntervallDagar: intervall, utskickKlockan: klockan } = state.spec;
  const at = (n: number) => instantInStockholm(escalationDate(forfaller, n, intervall), klockan);
  // The first occurrence at or after the plan was made; when some fell before it (the task was created or
  // re-planned already overdue), the latest of those goes out at once instead of each of them.
  let n = 1;
  while (at(n) < from) n++;
  const caughtUp = state.spec.samladAvisering === true && from === state.historik[0]!.tid;
  if (n > 1 && !caughtUp && !sent.has(key(forfaller, n - 1)) && dateInStockholm(from) > forfaller) {
    return escalation(state, forfaller, n - 1, from);
  }
  while (sent.has(key(forfaller, n))) n++;
  return escalation(state, forfaller, n, at(n));
}

const key = (forfaller: IsoDate, n: number) => `eskalering:${forfaller}:${n}`;

function escalation(state: UppgiftState, forfaller: IsoDate, n: number, tid: number): Utskick {
  return {
    typ: 'ESKALERING',
    nyckel: key(forfaller, n),
    tid,
    ordning: n,
    mottagare: eskaleringsmottagare(state),
  };
}
