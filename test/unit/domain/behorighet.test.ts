import path from 'node:path';
import { loadKommunConfig } from '../../../src/config/load';
import { behorighet, KOMMANDON, type BehorighetKommando } from '../../../src/domain/behorighet';

const lund = loadKommunConfig(path.join(__dirname, '../../../config/lund.yaml'));
const tillatet = (person: string, kommando: BehorighetKommando, resurs = {}) =>
  behorighet(lund, person, kommando, resurs).length === 0;

describe('behorighet', () => {
  it('lets the kanslichef and the administrator start the year, and no one else', () => {
    const alla = lund.personer.map((p) => p.id);
    expect(alla.filter((p) => tillatet(p, 'ar.starta')).sort()).toEqual(['admin', 'kanslichef']);
  });

  it('gives a task to its assignee, its delegates and the kanslichef', () => {
    const uppgift = { tilldelad: 'handlaggare-ks', delegater: ['handlaggare-ks-2'] };
    for (const kommando of [
      'uppgift.slutfor',
      'uppgift.godkann',
      'uppgift.returnera',
      'uppgift.delegera',
    ] as const) {
      expect(tillatet('handlaggare-ks', kommando, { uppgift })).toBe(true);
      expect(tillatet('handlaggare-ks-2', kommando, { uppgift })).toBe(true);
      expect(tillatet('kanslichef', kommando, { uppgift })).toBe(true);
      expect(behorighet(lund, 'ekonomidirektor', kommando, { uppgift })).toEqual([
        {
          field: '',
          rule: 'tilldelad_eller_kanslichef',
          message: `bara den som uppgiften är tilldelad eller delegerad till eller kanslichef får göra detta (${kommando})`,
        },
      ]);
    }
  });

  it('keeps reassignment, new due dates and reminders to the kanslichef, even from the assignee', () => {
    const uppgift = { tilldelad: 'handlaggare-ks', delegater: [] };
    for (const kommando of ['uppgift.tilldelaOm', 'uppgift.andraForfallodag', 'uppgift.paminn'] as const) {
      expect(tillatet('kanslichef', kommando, { uppgift })).toBe(true);
      expect(behorighet(lund, 'handlaggare-ks', kommando, { uppgift })[0]?.rule).toBe('endast_kanslichef');
    }
  });

  it('lets the sekreterare of the organ (and the kanslichef) run its sammanträden, not of another organ', () => {
    const kommandon = KOMMANDON.filter((k) => k.startsWith('sammantrade.') && k !== 'sammantrade.lasa');
    expect(kommandon).toHaveLength(7);
    for (const kommando of kommandon) {
      expect(tillatet('kommunsekreterare', kommando, { organ: 'KS' })).toBe(true);
      expect(tillatet('kanslichef', kommando, { organ: 'ASN' })).toBe(true);
      expect(behorighet(lund, 'kommunsekreterare', kommando, { organ: 'ASN' })).toEqual([
        {
          field: '',
          rule: 'sekreterare_eller_kanslichef',
          message: `bara sekreterare för ASN eller kanslichef får göra detta (${kommando})`,
        },
      ]);
      expect(tillatet('ks-ordforande', kommando, { organ: 'KS' })).toBe(false);
    }
  });

  it('shows a protocol before its justering only to those who write and justera it, after it to everyone', () => {
    const fore = { organ: 'KS', justerad: false };
    const efter = { organ: 'KS', justerad: true };
    const fareSe = lund.personer.map((p) => p.id).filter((p) => tillatet(p, 'dokument.protokoll', fore));
    expect(fareSe.sort()).toEqual(
      [
        'kanslichef',
        'kommunsekreterare',
        'kommunsekreterare-2',
        'ks-ersattare',
        'ks-justerare',
        'ks-ordforande',
        'ks-vice-ordforande',
      ].sort(),
    );
    expect(behorighet(lund, 'handlaggare-ks', 'dokument.protokoll', fore)[0]?.rule).toBe(
      'protokollets_personer_fore_justering',
    );
    expect(tillatet('handlaggare-ks', 'dokument.protokoll', efter)).toBe(true);
    expect(tillatet('asn-justerare', 'dokument.protokoll', efter)).toBe(true);
  });

  it('opens the diarium, the year and the meetings to everyone in the kommun', () => {
    for (const kommando of ['arende.lasa', 'ar.lasa', 'kommun.lasa', 'sammantrade.lasa'] as const) {
      expect(lund.personer.every((p) => tillatet(p.id, kommando, { organ: 'KS' }))).toBe(true);
    }
  });

  it('refuses a person who is not in the kommun, whatever the command', () => {
    for (const kommando of KOMMANDON) {
      expect(behorighet(lund, 'nagon-i-linkoping', kommando, { justerad: true })).toEqual([
        { field: '', rule: 'kommunens_person', message: 'nagon-i-linkoping hör inte till Lunds kommun' },
      ]);
    }
  });
});
