/**
 * The outbox of a task's mail (issue 16). The local activity that stores a task's state queues the messages that
 * announce it (`koa`) and answers as soon as they are queued — durably, in the register — instead of waiting for
 * the mail server; this process then sends them beside the workflow task. A slow relay no longer holds a task's
 * workflow task (up to 3 s each before), nor the worker's one workflow thread behind it.
 *
 * - A row is sent with the mail activity's own send (`skickaUppgiftsmeddelande`): it asks the register whether
 *   the message is still true (so mail made stale meanwhile never goes out), holds the key's lease in the mail
 *   log, and records a refusal for good with its notice.
 * - Sent, refused for good, or stale: the row is deleted. A transient failure (the relay down, a 4xx) is tried
 *   again after a pause that doubles from `forstaPausMs` up to `langstaPausMs`, as the mail activity's retry
 *   policy did, and given up a day after it was queued (the activity's schedule-to-close), with a warning.
 * - The sweep (`starta`) sends the retries that are due, and what a process that died left claimed, every
 *   `svepMs`. Rows are claimed with `skip locked`, so several worker processes share one outbox.
 *
 * A message thus counts as sent for the task — its reminder recorded, its step gone on — once it is queued;
 * the mail log (src/db/mail.ts) records when it went out, or that it was refused.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Register } from '../db/register';
import type { UtkorgsRad } from '../db/utkorg';
import type { Uppgiftsmeddelande } from '../workflows/activities';
// A claim holds as long as the mail log's hold on a key being sent, which covers a send.
import { UPPTAGEN_S } from './mail';

export interface UtkorgInstallningar {
  /** How often the sweep looks for retries that are due and rows a dead process left. */
  svepMs: number;
  /** The pause after a row's first transient failure; doubled per attempt. */
  forstaPausMs: number;
  /** The longest pause between two attempts. */
  langstaPausMs: number;
}

export const UTKORG_STANDARD: UtkorgInstallningar = {
  svepMs: 5_000,
  forstaPausMs: 5_000,
  langstaPausMs: 10 * 60_000,
};

/** Rows claimed per sweep. */
const PER_SVEP = 50;

/** Messages on their way in this process, by key: the mail activity waits for one before it sends that key. */
export type PagaendeMeddelanden = Map<string, Promise<unknown>>;

export interface Utkorg {
  /** Queues the messages not queued before, and starts sending those at once; answers once they are queued. */
  koa(meddelanden: readonly Uppgiftsmeddelande[]): Promise<void>;
  /** Starts the sweep (once; again after `stang`). */
  starta(): void;
  /** Stops the sweep and waits for the sends under way. */
  stang(): Promise<void>;
}

export function skapaUtkorg(deps: {
  register: Pick<Register, 'koaMail' | 'hamtaForfallnaMail' | 'tomMail' | 'skjutUppMail'>;
  skicka: (meddelande: Uppgiftsmeddelande) => Promise<unknown>;
  pagaende: PagaendeMeddelanden;
  installningar?: Partial<UtkorgInstallningar>;
}): Utkorg {
  const { register, pagaende } = deps;
  const inst = { ...UTKORG_STANDARD, ...deps.installningar };
  const underVag = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let svepet: Promise<void> | undefined;

  const paus = (forsok: number) => Math.min(inst.forstaPausMs * 2 ** (forsok - 1), inst.langstaPausMs);

  function skicka(rad: UtkorgsRad): void {
    const klar = (async () => {
      try {
        await deps.skicka(rad.meddelande as Uppgiftsmeddelande);
        await register.tomMail(rad.nyckel);
      } catch (error) {
        if (forGott(error)) {
          console.warn(`outbox: ${rad.nyckel} can never be sent, dropped: ${String(error)}`);
          await register.tomMail(rad.nyckel);
        } else if (Date.now() + paus(rad.forsok) > rad.geUpp.getTime()) {
          console.warn(`outbox: ${rad.nyckel} given up after ${rad.forsok} attempts: ${String(error)}`);
          await register.tomMail(rad.nyckel);
        } else {
          await register.skjutUppMail(rad.nyckel, paus(rad.forsok), String(error).slice(0, 2000));
        }
      }
    })().catch((error: unknown) => {
      // The register is away: the claim runs out and a later sweep sends the row.
      console.warn(`outbox: ${rad.nyckel} could not be recorded in the register: ${String(error)}`);
    });
    pagaende.set(rad.nyckel, klar);
    underVag.add(klar);
    void klar.finally(() => {
      underVag.delete(klar);
      if (pagaende.get(rad.nyckel) === klar) pagaende.delete(rad.nyckel);
    });
  }

  async function svep(): Promise<void> {
    try {
      for (const rad of await register.hamtaForfallnaMail(PER_SVEP, UPPTAGEN_S)) skicka(rad);
    } catch (error) {
      console.warn(`outbox: the sweep failed: ${String(error)}`);
    }
  }

  function planeraSvep(): void {
    timer = setTimeout(() => {
      svepet = svep().finally(() => {
        svepet = undefined;
        if (timer) planeraSvep();
      });
    }, inst.svepMs);
    timer.unref();
  }

  return {
    async koa(meddelanden) {
      const nya = await register.koaMail(
        meddelanden.map((m) => ({
          nyckel: m.nyckel,
          kommun: m.kommun,
          uppgiftId: m.uppgift.id,
          meddelande: m,
        })),
        UPPTAGEN_S,
      );
      for (const rad of nya) skicka(rad);
    },
    starta() {
      if (!timer) planeraSvep();
    },
    async stang() {
      clearTimeout(timer);
      timer = undefined;
      await svepet;
      await Promise.all([...underVag]);
    },
  };
}

/** Refused for good: a non-retryable failure (an unknown kommun, a message its schema refuses, a 5xx to all). */
function forGott(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.nonRetryable === true;
}
