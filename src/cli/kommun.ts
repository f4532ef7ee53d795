/** Looking up a kommun and an organ named on the command line, with errors that list what exists. */
import { loadAllKommuner } from '../config/load';
import type { KommunConfig } from '../domain/kommun';
import type { Fel } from '../domain/validering';
import { readSettings } from '../settings';
import { usageError } from './io';

export function requireKommun(
  command: string,
  kommun: string | undefined,
  organ?: { value: string | undefined },
): KommunConfig {
  const fel: Fel[] = [];
  const kommuner = loadAllKommuner(readSettings().ARSHJUL_CONFIG_DIR);
  const config = kommun === undefined ? undefined : kommuner.get(kommun);
  if (kommun === undefined)
    fel.push({ field: 'kommun', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' });
  else if (!config) {
    fel.push({
      field: 'kommun',
      rule: 'kommun_finns',
      message: `okänd kommun "${kommun}" (finns: ${[...kommuner.keys()].join(', ')})`,
    });
  }
  if (organ) {
    if (organ.value === undefined)
      fel.push({ field: 'organ', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' });
    else if (config && !config.organ.some((o) => o.kortnamn === organ.value)) {
      fel.push({
        field: 'organ',
        rule: 'organ_finns',
        message: `okänt organ "${organ.value}" i ${config.kommun.namn} (finns: ${config.organ.map((o) => o.kortnamn).join(', ')})`,
      });
    }
  }
  if (fel.length > 0) throw usageError(command, fel);
  return config!;
}
