import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, DEFAULT_CONFIG_DIR, loadAllKommuner, loadKommunConfig } from '../../../src/config/load';
import { datumOf } from '../../../src/domain/kommun';
import { formatBeslutsreferens, formatDiarienummer } from '../../../src/domain/numrering';
import { isClosedDay } from '../../../src/domain/sondagsregeln';
import type { IsoDate } from '../../../src/domain/datum';

const lundYaml = readFileSync(path.join(DEFAULT_CONFIG_DIR, 'lund.yaml'), 'utf8');

/** Writes `text` as `<dir>/lund.yaml` and returns the ConfigError that loading it raises. */
function errorFor(text: string, name = 'lund.yaml'): ConfigError {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'arshjul-config-')), name);
  writeFileSync(file, text);
  // The logo Lund's config names lies beside it.
  copyFileSync(
    path.join(DEFAULT_CONFIG_DIR, 'lund-logotyp.png'),
    path.join(path.dirname(file), 'lund-logotyp.png'),
  );
  try {
    loadKommunConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

function mutate(from: string, to: string): string {
  if (!lundYaml.includes(from)) throw new Error(`lund.yaml no longer contains ${from}`);
  return lundYaml.replace(from, to);
}

describe('the shipped kommun configs', () => {
  const all = loadAllKommuner();

  it('has Lund, Linköping and Eskilstuna', () => {
    expect([...all.keys()]).toEqual(['eskilstuna', 'linkoping', 'lund']);
  });

  it('holds the Lund meetings of document 000', () => {
    const lund = all.get('lund')!;
    expect(lund.sammantradesplan['2023']?.KSAU?.map(datumOf)).toContain('2023-10-02');
    expect(lund.sammantradesplan['2023']?.KS?.map(datumOf)).toContain('2023-10-11');
    expect(lund.protokoll.forvaringsplats).toBe('Kommunkontoret, Bruksgatan 22, Lund');
    expect(lund.organ.find((o) => o.kortnamn === 'KSAU')?.bereder).toBe('KS');
  });

  it('writes each kommun’s diarienummer and beslutsreferens the way its documents do', () => {
    const lund = all.get('lund')!;
    const eskilstuna = all.get('eskilstuna')!;
    const linkoping = all.get('linkoping')!;
    expect(formatDiarienummer(lund.diarienummer.format, { diarium: 'KS', ar: 2023, nr: 431 })).toBe(
      'KS 2023/0431',
    );
    expect(formatDiarienummer(eskilstuna.diarienummer.format, { diarium: 'KSKF', ar: 2022, nr: 251 })).toBe(
      'KSKF/2022:251',
    );
    expect(
      formatBeslutsreferens(linkoping.beslutsreferens.format, {
        organ: 'KS',
        datum: '2024-05-27' as IsoDate,
        paragraf: 117,
      }),
    ).toBe('KS 2024-05-27 § 117');
  });

  it('plans no meeting on a day that is closed under lag (1930:173)', () => {
    for (const config of all.values()) {
      for (const perOrgan of Object.values(config.sammantradesplan)) {
        for (const [organ, meetings] of Object.entries(perOrgan)) {
          const closed = meetings.map(datumOf).filter(isClosedDay);
          expect({ kommun: config.kommun.id, organ, closed }).toEqual({
            kommun: config.kommun.id,
            organ,
            closed: [],
          });
        }
      }
    }
  });

  it('uses placeholder people with example.org addresses only', () => {
    for (const config of all.values()) {
      for (const person of config.personer) expect(person.epost).toMatch(/@([a-z]+\.)?example\.org$/);
    }
  });
});

describe('an invalid config stops start-up naming the file, the line, the path and the rule', () => {
  it.each([
    [
      'an utskott that prepares for an unknown organ',
      mutate('bereder: KS', 'bereder: KSX'),
      /lund\.yaml:\d+: organ\.2\.bereder: okänt organ "KSX" \(finns: KF, KS, KSAU/,
      'organ_finns',
    ],
    [
      'a KF kallelse of less than a week',
      mutate(
        'reglemente: { kallelseDagar: 10, foredragningslistaStangerDagar: 28',
        'reglemente: { kallelseDagar: 3, foredragningslistaStangerDagar: 28',
      ),
      /organ\.0\.reglemente\.kallelseDagar: .*KL 5 kap\. 13 §/,
      'kf_kallelse_en_vecka',
    ],
    [
      'a broken e-mail address',
      mutate('epost: registrator@lund.example.org', 'epost: registrator-at-lund'),
      /personer\.\d+\.epost: måste vara en e-postadress/,
      'invalid_format',
    ],
    [
      'a date that does not exist in the sammanträdesplan',
      mutate('- 2023-10-30', '- 2023-02-30'),
      /sammantradesplan\.2023\.KSAU\.9\.datum: "2023-02-30" är inget giltigt datum/,
      'giltigt_datum',
    ],
    [
      'meetings out of order',
      mutate('- 2023-10-30', '- 2023-09-30'),
      /sammantradesplan\.2023\.KSAU\.9\.datum: 2023-09-30 måste komma efter 2023-10-02/,
      'stigande_datum',
    ],
    [
      'an unknown key (a typo)',
      mutate('  forvaringsplats:', '  forvaringplats:'),
      /protokoll: .*"forvaringplats"/,
      'unrecognized_keys',
    ],
    [
      'a diarienummer format without the number',
      mutate("format: '{diarium} {ar}/{nr:4}'", "format: '{diarium} {ar}'"),
      /diarienummer\.format: formatet "\{diarium\} \{ar\}" ska använda .*saknas: \{nr\}/,
      'format_falt',
    ],
    [
      'a chef who is not a person in the file',
      mutate('chef: ekonomidirektor', 'chef: ekonomichef'),
      /personer\.\d+\.chef: okänd person "ekonomichef"/,
      'person_finns',
    ],
    ['broken YAML', mutate('organ:\n', 'organ:\n  - [\n'), /lund\.yaml:\d+: YAML-fel/, 'yaml_syntax'],
    [
      'a report of a kind the kommun does not have',
      mutate('slag: [evp, arsredovisning,', 'slag: [evp, tertialrapport-7, arsredovisning,'),
      /rapporter\.0\.slag\.1: okänt rapportslag "tertialrapport-7" \(finns: arsredovisning, /,
      'rapportslag_finns',
    ],
    [
      'a delårsrapport whose period does not end on a month’s last day',
      mutate('periodslut: 04-30', 'periodslut: 04-31'),
      /rapportslag\.1\.periodslut: 04-31 är inte månadens sista dag/,
      'manadens_sista_dag',
    ],
    [
      'a title with an unknown field',
      mutate('rapportslag:\n', "rapportslag:\n  - { id: evp, typ: evp, titel: 'EVP {år}' }\n"),
      /rapportslag\.0\.titel: okänt fält \{år\}/,
      'titel_falt',
    ],
    [
      'a meeting pinned to a report its organ has no part in',
      mutate(
        "- { datum: 2023-10-11, tid: '14.00'",
        "- { datum: 2023-10-11, rapporter: [delarsrapport-augusti], tid: '14.00'",
      ).replace('2023-01-25,', '{ datum: 2023-01-25, rapporter: [evp] },'),
      /sammantradesplan\.2023\.ASN\.0\.rapporter\.0: ASN 2023-01-25 kan inte ta evp/,
      'lasning_organ',
    ],
    [
      'a beredning pinned after the beslut it prepares',
      mutate(
        "- { datum: 2023-10-11, tid: '14.00'",
        "- { datum: 2023-10-11, rapporter: [delarsrapport-augusti], tid: '14.00'",
      ).replace('- 2023-10-30', '- { datum: 2023-10-30, rapporter: [delarsrapport-augusti] }'),
      /beredning 2023-10-30 måste komma före beslut 2023-10-11 \(delarsrapport-augusti\)/,
      'lasning_ordning',
    ],
    [
      'reports to KF without the revisorer’s contact',
      mutate('roller: [{ roll: revisor }]', 'roller: [{ roll: admin }]'),
      /personer: .*ange revisorernas kontaktperson med rollen revisor/,
      'revisor_finns',
    ],
  ])('%s', (_, text, message, rule) => {
    const error = errorFor(text);
    expect(error.message).toMatch(/^Ogiltig konfiguration i .*lund\.yaml/);
    expect(error.message).toMatch(message);
    expect(error.fel.map((f) => f.rule)).toContain(rule);
    expect(error.fel.every((f) => f.line === undefined || f.line > 0)).toBe(true);
  });

  it('points at the right line', () => {
    const text = mutate('bereder: KS', 'bereder: KSX');
    const line = text.split('\n').findIndex((l) => l.includes('bereder: KSX')) + 1;
    expect(errorFor(text).fel[0]).toMatchObject({ line, field: 'organ.2.bereder', rule: 'organ_finns' });
  });

  it('requires the file name to match kommun.id', () => {
    expect(errorFor(lundYaml, 'malmo.yaml').message).toMatch(
      /kommun\.id: "lund" ska vara samma som filens namn/,
    );
  });
});
