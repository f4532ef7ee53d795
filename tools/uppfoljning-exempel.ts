/**
 * Writes config/examples/uppfoljning/<name>.xlsx from each <name>.yaml: the source document's follow-up as the
 * workbook a handläggare would upload (src/uppfoljning/xlsx.ts). Run when a fixture or the layout changes:
 * `npx tsx tools/uppfoljning-exempel.ts`. The tests import the .xlsx files through the same import as a user's.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadAllKommuner } from '../src/config/load';
import { exempeletsRapport, UPPFOLJNING_EXEMPEL_DIR, uppfoljningsexempel } from '../src/uppfoljning/exempel';
import { skrivArk } from '../src/uppfoljning/xlsx';

async function main() {
  const kommuner = loadAllKommuner();
  for (const e of uppfoljningsexempel()) {
    const config = kommuner.get(e.kommun)!;
    const bytes = await skrivArk(
      {
        kommun: config.kommun.namn,
        rapport: exempeletsRapport(e),
        titel: `${e.rapport.slag} ${e.rapport.ar} ${e.rapport.organ}`,
        period: e.rapport.period,
        enhet: config.uppfoljning.ekonomi.enhet,
      },
      { mal: e.mal, indikatorer: e.indikatorer, uppdrag: e.uppdrag, ekonomi: e.ekonomi },
      config.uppfoljning,
    );
    const fil = path.join(UPPFOLJNING_EXEMPEL_DIR, `${e.fil}.xlsx`);
    writeFileSync(fil, bytes);
    console.log(`${fil}: ${bytes.length} bytes`);
  }
}

void main();
