/**
 * Reconciliation of the register's report rows with their workflows (issue 15): a row still open (neither KLAR
 * nor AVBRUTEN) whose process has ended without closing it — terminated, failed, timed out, or cancelled before
 * it wrote AVBRUTEN (a report cancelled before that code was deployed) — is closed as AVBRUTEN; one whose
 * process completed is closed as KLAR (its last write was lost). A row is changed only while it is as it was
 * read, so a write that comes meanwhile is never overwritten. Run by `arshjul kommun avstam`.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { AVBRUTEN } from '../db/rapporter';
import type { Register } from '../db/register';

export interface Avstamning {
  kommun: string;
  /** Open rows checked. */
  kontrollerade: number;
  /** Rows closed: what the workflow said, what the row said and now says. */
  rattade: { rapportId: string; workflowStatus: string; fran: string; till: string }[];
  /** Open rows with no workflow at all (its history gone past retention, or written by hand): left as they are. */
  utanArbetsflode: string[];
}

/** The workflow statuses of a process that will write no more. */
const AVSLUTADE: Record<string, string> = {
  COMPLETED: 'KLAR',
  CANCELLED: AVBRUTEN,
  TERMINATED: AVBRUTEN,
  FAILED: AVBRUTEN,
  TIMED_OUT: AVBRUTEN,
};

export async function avstamRapporter(
  client: Client,
  register: Pick<Register, 'oppnaRapporter' | 'stangRapport'>,
  kommun: string,
  options: { torr?: boolean } = {},
): Promise<Avstamning> {
  const rader = await register.oppnaRapporter(kommun);
  const result: Avstamning = { kommun, kontrollerade: rader.length, rattade: [], utanArbetsflode: [] };
  for (const rad of rader) {
    let workflowStatus: string;
    try {
      workflowStatus = (await client.workflow.getHandle(`rapport/${rad.id}`).describe()).status.name;
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      result.utanArbetsflode.push(rad.id);
      continue;
    }
    const till = AVSLUTADE[workflowStatus];
    if (till === undefined) continue; // running (or continued as new): its own writes are the truth
    const andrad =
      options.torr === true ||
      (await register.stangRapport({
        id: rad.id,
        status: till,
        fran: { status: rad.status, ...(rad.seq !== undefined ? { seq: rad.seq } : {}) },
      }));
    if (andrad) result.rattade.push({ rapportId: rad.id, workflowStatus, fran: rad.status, till });
  }
  return result;
}
