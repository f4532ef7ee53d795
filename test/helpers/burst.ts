/**
 * The burst of mail that starting a past year sends (the durability and cluster suites start Lund's 2023 on the
 * real clock): every report's first task opens at once, overdue, and sends its NY mail and one catch-up escalation.
 * What must arrive follows from the domain's rules and the register; each message must arrive exactly once.
 */
import { messageIdFor } from '../../src/activities/mail';
import type { Register } from '../../src/db/register';
import type { KommunConfig } from '../../src/domain/kommun';
import { nastaUtskick } from '../../src/domain/paminnelser';
import type { RapportPlan } from '../../src/domain/planering';
import { kontextFor, uppgiftForSteg } from '../../src/domain/rapportprocess';
import { ansvariga, nyUppgift, type UppgiftSpec } from '../../src/domain/uppgift';
import type { MeddelandeSlag } from '../../src/workflows/activities';
import type { ReceivedMail } from './smtp';

/** One message the SMTP server must receive exactly once: its mail-log key, recipient and Message-ID. */
export interface ExpectedMail {
  nyckel: string;
  slag: MeddelandeSlag;
  person: string;
  epost: string;
  messageId: string;
}

/** The first task of every report the årshjul starts: `<rapport id>/utkast-1`. */
export function utkastSpecs(kommun: KommunConfig, planer: RapportPlan[]): UppgiftSpec[] {
  return planer.map((plan) => uppgiftForSteg(kontextFor(kommun), plan, 'utkast'));
}

/**
 * What a task that starts overdue sends, from the domain's rules (src/domain/paminnelser.ts): NY to its
 * assignee, then one catch-up escalation to the kanslichef and the assignee's chef — given when the workflow
 * created it (the register's SKAPAD), which decides the escalation's number.
 */
export async function expectedForTask(
  register: Register,
  kommun: KommunConfig,
  spec: UppgiftSpec,
  /** The domain of the worker's From address, which the Message-ID carries. */
  domain: string,
): Promise<ExpectedMail[]> {
  const rad = await register.hamtaUppgift(spec.id);
  if (!rad) throw new Error(`task ${spec.id} is not in the register`);
  const state = nyUppgift(spec, rad.skapad.getTime());
  const catchUp = nastaUtskick(state)!;
  expect(catchUp).toMatchObject({ typ: 'ESKALERING', tid: rad.skapad.getTime() });
  const mail = (key: string, slag: MeddelandeSlag, person: string): ExpectedMail => {
    const nyckel = `${spec.id}:${key}#${person}`;
    const epost = kommun.personer.find((p) => p.id === person)!.epost;
    return { nyckel, slag, person, epost, messageId: messageIdFor(nyckel, slag, domain) };
  };
  return [
    ...ansvariga(state).map((p) => mail('ny', 'NY', p)),
    ...catchUp.mottagare.map((p) => mail(catchUp.nyckel, 'ESKALERING', p)),
  ];
}

/** The whole burst: every first task's mail. */
export async function expectedBurst(
  register: Register,
  kommun: KommunConfig,
  planer: RapportPlan[],
  domain: string,
): Promise<ExpectedMail[]> {
  const specs = utkastSpecs(kommun, planer);
  return (await Promise.all(specs.map((s) => expectedForTask(register, kommun, s, domain)))).flat();
}

/** Each expected message received exactly once, and nothing else: by Message-ID and by recipient and key. */
export function expectExactlyOnce(received: ReceivedMail[], expected: ExpectedMail[]): void {
  const byId = new Map(expected.map((e) => [e.messageId, e]));
  const counts = new Map<string, number>();
  const perRecipientAndKey = new Map<string, number>();
  for (const m of received) {
    const id = m.messageId ?? '(no Message-ID)';
    counts.set(id, (counts.get(id) ?? 0) + 1);
    const e = byId.get(id);
    if (e) {
      expect(m.envelope.rcptTo).toEqual([e.epost]);
      expect(m.subject).toMatch(e.slag === 'NY' ? /^Ny uppgift: / : /^Försenad uppgift: /);
      const key = `${m.envelope.rcptTo.join(',')} ${e.nyckel}`;
      perRecipientAndKey.set(key, (perRecipientAndKey.get(key) ?? 0) + 1);
    }
  }
  const duplicates = [...counts].filter(([, n]) => n > 1);
  const unexpected = [...counts.keys()].filter((id) => !byId.has(id));
  const missing = expected.filter((e) => !counts.has(e.messageId)).map((e) => e.nyckel);
  expect({ duplicates, unexpected, missing }).toEqual({ duplicates: [], unexpected: [], missing: [] });
  expect([...perRecipientAndKey.values()].every((n) => n === 1)).toBe(true);
  expect(perRecipientAndKey.size).toBe(expected.length);
  expect(received).toHaveLength(expected.length);
}
