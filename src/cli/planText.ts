/** The årshjul as text for a terminal: one block per report, one line per step, late steps marked. */
import type { ArshjulOversikt } from '../domain/arshjul';

const STATUS: Record<string, string> = {
  PLANERAD: 'planerad',
  PAGAR: 'pågår',
  KLAR: 'klar',
  RETURNERAD: 'returnerad',
  FORSENAD: 'FÖRSENAD',
};

export function formatPlan(plan: ArshjulOversikt & { startat: boolean; workflowId: string }): string {
  const lines = [
    `Årshjulet ${plan.ar} för ${plan.kommun} (${plan.startat ? 'startat' : 'inte startat'}), i dag ${plan.idag}`,
  ];
  if (plan.forsenade.length > 0) {
    lines.push('', `Försenat (${plan.forsenade.length}):`);
    for (const f of plan.forsenade)
      lines.push(`  ${f.forfaller}  ${f.steg.padEnd(12)} ${f.ansvarig.padEnd(22)} ${f.titel}`);
  }
  for (const r of plan.rapporter) {
    lines.push('', `${r.titel} [${STATUS[r.status]}]${r.diarienummer ? ` ${r.diarienummer}` : ''}`);
    for (const v of r.varningar) lines.push(`  ! ${v.meddelande}`);
    for (const s of r.steg) {
      const meeting = s.sammantrade ? ` (${s.sammantrade.organ} ${s.sammantrade.datum})` : '';
      lines.push(
        `  ${s.forfaller}  ${s.steg.padEnd(12)} ${s.ansvarig.padEnd(22)} ${STATUS[s.status]}${meeting}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
