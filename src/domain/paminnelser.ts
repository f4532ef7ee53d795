/**
 * When a task's reminders and escalations go out. Reminders: at `utskickKlockan` (Europe/Stockholm) on each of
 * `paminnelseDagar` days before the due date (0 = the morning of the due date). Escalation: once the due date
 * has passed, on the morning after it and then every `eskaleringIntervallDagar` days until the task is done.
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
}

/**
 * The moment the current plan was made: when the task was created, or its due date last changed. Occurrences
 * planned before it are not sent late, except one catch-up escalation for a task that is already overdue.
 */
function planeradFran(state: UppgiftState): number {
  const changes = state.historik.filter((h) => h.typ === 'SKAPAD' || h.typ === 'FORFALLODAG_ANDRAD');
  return changes[changes.length - 1]!.tid;
}

/** The next reminder or escalation not yet sent, or `undefined` when the task is done. */
export function nastaUtskick(state: UppgiftState): Utskick | undefined {
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

  return nextEscalation(state, forfaller, from, sent);
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
