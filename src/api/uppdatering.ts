/**
 * Sending a command (an Update) to a workflow, for the pages and the REST API alike, and what its refusal means
 * to the sender. The validator's refusal names the rule. Temporal answers an Update to a workflow that has closed
 * (a second submit, an old tab, a task finished meanwhile) as if the workflow were not found, so the workflow is
 * asked which it is: never there, or closed — and for a closed one the caller says why the command cannot be
 * done now. Anything else is a fault and is thrown.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import type { Request } from 'express';
import type { Fel } from '../domain/validering';
import { validationFelOf } from '../temporal/client';

export type Avvisning =
  /** The workflow's validator refused it. */
  | { slag: 'AVVISAD'; fel: Fel[] }
  /** No such workflow was ever started. */
  | { slag: 'SAKNAS' }
  /** The workflow has closed: `fel` says why the command cannot be done now. */
  | { slag: 'AVSLUTAD'; fel: Fel[] };

export type Uppdaterat<R> = { ok: true; varde: R } | { ok: false; avvisning: Avvisning };

export async function skickaUppdatering<R>(
  handle: WorkflowHandle,
  update: () => Promise<R>,
  avslutad: () => Promise<Fel[]>,
): Promise<Uppdaterat<R>> {
  try {
    return { ok: true, varde: await update() };
  } catch (error) {
    const fel = validationFelOf(error);
    if (fel) return { ok: false, avvisning: { slag: 'AVVISAD', fel } };
    let status: string;
    try {
      status = (await handle.describe()).status.name;
    } catch (lookup) {
      if (lookup instanceof WorkflowNotFoundError) return { ok: false, avvisning: { slag: 'SAKNAS' } };
      throw lookup;
    }
    if (status !== 'RUNNING') return { ok: false, avvisning: { slag: 'AVSLUTAD', fel: await avslutad() } };
    throw error;
  }
}

/** What a page form's nonce may be: the UUID the form was drawn with, or a similar short token. */
const FORMULARNONCE = /^[A-Za-z0-9_-]{16,64}$/;

/**
 * The Update id of a command sent by a page form: its nonce (src/web/komponenter/formular.tsx), scoped like the
 * REST API's `Idempotency-Key` by person and path, so the same form sent twice is applied once and answered alike.
 * A form without a valid nonce (drawn before there were nonces) is sent without an id, as before.
 */
export function formularUppdatering(req: Request, person: string): { updateId?: string } {
  const nonce = (req.body as { nonce?: unknown } | undefined)?.nonce;
  if (typeof nonce !== 'string' || !FORMULARNONCE.test(nonce)) return {};
  return { updateId: `sida:${person}:${req.baseUrl}${req.path}:${nonce}` };
}
