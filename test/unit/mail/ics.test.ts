import fc from 'fast-check';
import type { IsoDate } from '../../../src/domain/datum';
import { arSparbarText } from '../../../src/domain/tecken';
import { kalenderUid, uppgiftIcs, type UppgiftKalender } from '../../../src/mail/ics';

const LANK = 'http://127.0.0.1:3000/uppgifter/lund%2F2023%2FKS%2Fdelarsrapport-augusti%2Futkast-1';

function kalender(over: Partial<UppgiftKalender> = {}): UppgiftKalender {
  return {
    uppgiftId: 'lund/2023/KS/delarsrapport-augusti/utkast-1',
    titel:
      'Skriv rapporten: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen, med helårsprognos; Lund',
    forfaller: '2023-09-14' as IsoDate,
    lank: LANK,
    kommunNamn: 'Lunds kommun',
    processTitel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
    sekvens: 0,
    tid: new Date('2023-08-31T06:00:00Z'),
    ...over,
  };
}

/** RFC 5545 §3.1: undo the folding (CRLF followed by one space or tab). */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');

/** The unfolded content lines, by property name (the part before ':' or ';'). */
function properties(ics: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const line of unfold(ics).split('\r\n').filter(Boolean)) {
    const name = /^[A-Z-]+/.exec(line)![0];
    map.set(name, [...(map.get(name) ?? []), line]);
  }
  return map;
}

/** Every physical line is at most 75 octets, and only CRLF ends lines. */
function expectRfc5545Lines(ics: string) {
  expect(ics.endsWith('\r\n')).toBe(true);
  expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of ics.slice(0, -2).split('\r\n')) {
    expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  }
}

describe('the .ics of a task', () => {
  it('is one all-day event on the due date, with a stable UID, the summary, the link and DTSTAMP in UTC', () => {
    const ics = uppgiftIcs(kalender());
    expectRfc5545Lines(ics);
    const p = properties(ics);
    expect(p.get('BEGIN')).toEqual(['BEGIN:VCALENDAR', 'BEGIN:VEVENT']);
    expect(p.get('END')).toEqual(['END:VEVENT', 'END:VCALENDAR']);
    expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
    expect(p.get('VERSION')).toEqual(['VERSION:2.0']);
    expect(p.get('PRODID')).toEqual(['PRODID:-//Arshjul//Uppgifter//SV']);
    expect(p.get('METHOD')).toEqual(['METHOD:PUBLISH']);
    expect(p.get('UID')).toEqual(['UID:lund/2023/KS/delarsrapport-augusti/utkast-1@arshjul']);
    expect(p.get('DTSTART')).toEqual(['DTSTART;VALUE=DATE:20230914']);
    expect(p.get('DTEND')).toEqual(['DTEND;VALUE=DATE:20230915']); // exclusive: the event is the 14th
    expect(p.get('DTSTAMP')).toEqual(['DTSTAMP:20230831T060000Z']);
    expect(p.get('SEQUENCE')).toEqual(['SEQUENCE:0']);
    // TEXT values escape ',' and ';' (RFC 5545 §3.3.11).
    expect(p.get('SUMMARY')).toEqual([
      'SUMMARY:Förfaller: Skriv rapporten: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen\\, med helårsprognos\\; Lund',
    ]);
    expect(p.get('DESCRIPTION')![0]).toContain(`Öppna uppgiften: ${LANK}`);
    expect(p.get('DESCRIPTION')![0]).toContain('\\n'); // line breaks in TEXT are written \n
    expect(p.get('URL')).toEqual([`URL;VALUE=URI:${LANK}`]); // URI is URL's default type, said explicitly
    expect(p.get('STATUS')).toEqual(['STATUS:CONFIRMED']);
    expect(p.get('TRANSP')).toEqual(['TRANSP:TRANSPARENT']);
    // A DATE has no zone (RFC 5545 §3.3.4): no TZID, no VTIMEZONE needed.
    expect(ics).not.toMatch(/TZID|VTIMEZONE/);
  });

  it('keeps the UID when the due date moves, and the SEQUENCE grows', () => {
    const before = properties(uppgiftIcs(kalender()));
    const after = properties(uppgiftIcs(kalender({ forfaller: '2023-09-21' as IsoDate, sekvens: 1 })));
    expect(after.get('UID')).toEqual(before.get('UID'));
    expect(after.get('SEQUENCE')).toEqual(['SEQUENCE:1']);
    expect(after.get('DTSTART')).toEqual(['DTSTART;VALUE=DATE:20230921']);
    expect(kalenderUid('x/1')).toBe('x/1@arshjul');
  });

  it('folds long lines with å, ä and ö at 75 octets (not characters) without splitting a character', () => {
    const titel = 'Åäö åäö '.repeat(30);
    const ics = uppgiftIcs(kalender({ titel }));
    expectRfc5545Lines(ics);
    expect(properties(ics).get('SUMMARY')).toEqual([`SUMMARY:Förfaller: ${titel.trim()}`]);
    expect(ics).toMatch(/\r\n [^\r\n]/); // continuation lines start with one space
  });

  it('folds any text losslessly, within 75 octets a line, never inside a character', () => {
    // TEXT escapes (RFC 5545 §3.3.11): backslash, ';' and ',' take a backslash; line breaks are written \n.
    const text = (s: string) => s.replace(/[\\;,]/g, (m) => `\\${m}`).replace(/\r\n|\r|\n/g, '\\n');
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.string({ unit: 'grapheme', maxLength: 200 }),
        (titel, processTitel) => {
          const ics = uppgiftIcs(kalender({ titel, processTitel }));
          const rader = ics.slice(0, -2).split('\r\n');
          const p = properties(ics);
          return (
            ics.endsWith('\r\n') &&
            rader.every((l) => Buffer.byteLength(l, 'utf8') <= 75 && arSparbarText(l)) &&
            p.get('SUMMARY')![0] === `SUMMARY:${text(`Förfaller: ${titel.replace(/\s+/g, ' ').trim()}`)}` &&
            // An empty process title leaves its line out.
            (processTitel === '' || p.get('DESCRIPTION')![0]!.includes(text(`Process: ${processTitel}`)))
          );
        },
      ),
    );
  });
});
