/** The årshjul as text for a terminal: one block per report, one line per step, late steps marked. */
import type { ArshjulOversikt, RapportOversikt } from '../domain/arshjul';
import { VAL_TEXT, type Forhandsvisning } from '../domain/arshjulStart';

const STATUS: Record<string, string> = {
  PLANERAD: 'planerad',
  PAGAR: 'pågår',
  KLAR: 'klar',
  RETURNERAD: 'returnerad',
  FORSENAD: 'FÖRSENAD',
  UTELAMNAD: 'utanför Årshjul',
};

/** The chain's meetings, each marked as pinned by the config or derived by the planner. */
function kedja(r: RapportOversikt): string {
  const mark = (namn: 'beredning' | 'beslut' | 'fullmaktige') =>
    r.lasta.includes(namn) ? 'låst' : 'härlett';
  return [
    r.beredning ? `${r.beredning.organ} ${r.beredning.datum} (${mark('beredning')})` : undefined,
    `${r.beslut.organ} ${r.beslut.datum} (${mark('beslut')})`,
    r.fullmaktige ? `KF ${r.fullmaktige.datum} (${mark('fullmaktige')})` : undefined,
  ]
    .filter(Boolean)
    .join(' → ');
}

export function formatPlan(plan: ArshjulOversikt & { startat: boolean; workflowId: string }): string {
  const lines = [
    `Årshjulet ${plan.ar} för ${plan.kommun} (${plan.startat ? 'startat' : 'inte startat'}), i dag ${plan.idag}`,
  ];
  if (plan.forsenade.length > 0) {
    lines.push('', `Försenat (${plan.forsenade.length}):`);
    for (const f of plan.forsenade)
      lines.push(`  ${f.forfaller}  ${f.steg.padEnd(14)} ${f.ansvarig.padEnd(22)} ${f.titel}`);
  }
  for (const r of plan.rapporter) {
    lines.push('', `${r.titel} [${STATUS[r.status]}]${r.diarienummer ? ` ${r.diarienummer}` : ''}`);
    if (r.steg.length > 0) lines.push(`  kedja: ${kedja(r)}`);
    if (r.lagkrav) lines.push(`  lagkrav: senast ${r.lagkrav.senast} (${r.lagkrav.regel})`);
    if (r.startarEfter) lines.push(`  startar när fullmäktige har beslutat om ${r.startarEfter.rapportId}`);
    if (r.underlag) {
      const vad = r.underlag.steg === 'inlamning' ? 'inlämnade' : 'beslutade';
      lines.push(
        `  väntar på nämndernas ${vad} rapporter: ${r.underlag.rapporter.map((u) => `${u.organ} ${u.klart}`).join(', ')}`,
      );
    }
    for (const v of r.varningar) lines.push(`  ! ${v.meddelande}`);
    for (const s of r.steg) {
      const meeting = s.sammantrade ? ` (${s.sammantrade.organ} ${s.sammantrade.datum})` : '';
      const namn = s.organ ? `${s.steg}:${s.organ}` : s.steg;
      const status = s.utanforArshjulet ? 'klar utanför Årshjul' : STATUS[s.status];
      lines.push(`  ${s.forfaller}  ${namn.padEnd(14)} ${s.ansvarig.padEnd(22)} ${status}${meeting}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** What starting the year today would do, for the kanslichef to choose per report. */
export function formatForhandsvisning(f: Forhandsvisning): string {
  const lines = [
    `Start av årshjulet ${f.ar} för ${f.kommun} i dag ${f.idag}${f.efterStart ? ': några av årets datum har redan passerat' : ''}`,
    '',
    'Rapporter (val: kor | utelamna | redan-gjort:<steg>):',
  ];
  for (const r of f.rapporter) {
    const kod = (v: typeof r.val) => (v.val === 'redan-gjort' ? `redan-gjort:${v.till}` : v.val);
    const text = `${VAL_TEXT[r.val.val]}${r.val.val === 'redan-gjort' ? ` till och med ${r.val.till}` : ''}`;
    lines.push(
      `  ${r.id}  ${text}${kod(r.val) !== kod(r.forslag) ? ` (förslag: ${kod(r.forslag)})` : ''}`,
      `      ${r.titel}; beslut ${r.beslut}${r.passerade.length > 0 ? `; passerat: ${r.passerade.join(', ')}` : ''}${r.startarIdag ? '; första uppgiften i dag' : ''}${r.blockerad ? '; KAN INTE KÖRAS' : ''}`,
    );
    for (const u of r.forsenade)
      lines.push(`      försenad vid start: ${u.steg} (${u.tilldelad}, förföll ${u.forfaller})`);
  }
  const moten = f.sammantraden.filter((m) => !m.redanHallet);
  lines.push(
    '',
    `Sammanträden som startas: ${moten.length} (${f.sammantraden.length - moten.length} redan hållna lämnas)`,
  );
  for (const m of moten.filter((m) => m.kallelseIdag))
    lines.push(`  ${m.organ} ${m.datum}: kallelsen går ut i dag`);
  lines.push('', `Mejl i dag: ${f.antalMail}`);
  for (const p of f.mail)
    lines.push(`  ${String(p.antal).padStart(3)}  ${p.namn} (${p.person}): ${p.vad.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
