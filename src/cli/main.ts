#!/usr/bin/env node
/**
 * The `arshjul` command line (`npm run --silent arshjul -- <command> …`).
 * Output is JSON on stdout; problems are one line each on stderr; exit code 2 means bad input.
 */
import { ConfigError, loadAllKommuner } from '../config/load';
import { readSettings } from '../settings';
import { fristerCommand } from './frister';
import { CliError, EXIT_FAILURE, printJson } from './io';
import { arCommand } from './ar';
import { kommunCommand } from './avstam';
import { dokumentCommand } from './dokument';
import { overklagandetidCommand } from './overklagandetid';
import { personCommand } from './person';
import { sammantradeCommand } from './sammantrade';
import { uppgiftCommand } from './uppgift';

const USAGE = `Användning: arshjul <kommando> [alternativ]

  frister --sammantrade ÅÅÅÅ-MM-DD [--justering ÅÅÅÅ-MM-DD] [--anslag ÅÅÅÅ-MM-DD]
        de lagstadgade fristerna för ett protokoll (KL 5:69, 8:12, 13:5; lag 1930:173), som JSON
  config
        kontrollerar kommunernas konfiguration i config/ och visar en sammanfattning
  ar start|plan|stoppa --kommun K --ar ÅÅÅÅ [--text]
        startar kommunens årshjul och visar året: varje rapport, steg, datum, ansvarig och status
  kommun avstam --kommun K [--torr]
        stämmer av registrets rapportrader mot arbetsflödena och rättar de avslutade eller avbrutna
  uppgift visa|slutfor|godkann|returnera|delegera|tilldela|flytta --id ID --som PERSON …
        handlar på en uppgift som den angivna personen
  overklagandetid start|status|overklaga|avbryt …
        överklagandetiden för ett justerat protokoll, som ett Temporal-arbetsflöde
  sammantrade start|visa|arende|motet|paragraf|ratta|justering --kommun K --organ O --datum D …
        sekreterarens kommandon på ett sammanträde: föredragningslista, protokoll, justering
  person logga-ut-overallt --kommun K --person P
        avslutar alla personens inloggningar, i alla webbläsare (registret i PostgreSQL: DATABASE_URL)
  protokollsutdrag --protokoll FIL.json --paragraf N[,N…] --format pdf|docx|html --out SÖKVÄG
  protokoll|anslagsbevis --protokoll FIL.json --format pdf|docx|html --out SÖKVÄG
  kallelse --kallelse FIL.json --format pdf|docx|html --out SÖKVÄG
        sammanträdets dokument: PDF (arkiv, PDF/A-2b), DOCX (redigerbar) eller HTML`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'frister':
      return fristerCommand(rest);
    case 'config': {
      const kommuner = loadAllKommuner(readSettings().ARSHJUL_CONFIG_DIR);
      return printJson(
        [...kommuner.values()].map((k) => ({
          kommun: k.kommun.id,
          namn: k.kommun.namn,
          organ: k.organ.map((o) => o.kortnamn),
          personer: k.personer.length,
          sammantradesplan: Object.keys(k.sammantradesplan),
        })),
      );
    }
    case 'ar':
      return arCommand(rest);
    case 'kommun':
      return kommunCommand(rest);
    case 'uppgift':
      return uppgiftCommand(rest);
    case 'overklagandetid':
      return overklagandetidCommand(rest);
    case 'sammantrade':
      return sammantradeCommand(rest);
    case 'person':
      return personCommand(rest);
    case 'protokollsutdrag':
    case 'protokoll':
    case 'anslagsbevis':
    case 'kallelse':
      return dokumentCommand(command, rest);
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new CliError(`arshjul: okänt kommando "${command}"\n${USAGE}`);
  }
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(error.exitCode);
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(EXIT_FAILURE);
    }
    process.stderr.write(`arshjul: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(EXIT_FAILURE);
  },
);
