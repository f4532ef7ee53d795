/**
 * The load run's kommuner, generated from Lund's seed config (config/lund.yaml): each its own id, name and mail
 * domain, its meeting dates shifted a few days (a weekday still) so that the kommuner's deadlines spread. Pure.
 */

/** `iso` moved `dagar` days, unless that falls on a weekend: then as it was. */
export function flyttaVardag(iso: string, dagar: number): string {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + dagar);
  const dag = d.getUTCDay();
  return dag === 0 || dag === 6 ? iso : d.toISOString().slice(0, 10);
}

export const kommunId = (nr: number) => `lund-${String(nr).padStart(3, '0')}`;

/** Lund's config as kommun `nr`: its id, name and mail domain its own, its meeting dates shifted `dagar`. */
export function genereraKommun(seed: string, nr: number, dagar: number): string {
  const id = kommunId(nr);
  const [fore, plan = ''] = seed.split(/^sammantradesplan:/m);
  return (
    fore!
      .replace(/^(kommun:\n\s+id:) lund$/m, `$1 ${id}`)
      .replace(/^(\s+namn:) Lunds kommun$/m, `$1 Lunds kommun ${nr}`)
      .replaceAll('@lund.example.org', `@${id}.example.org`) +
    'sammantradesplan:' +
    plan.replace(/\b(20\d\d-\d\d-\d\d)\b/g, (iso) => flyttaVardag(iso, dagar))
  );
}
