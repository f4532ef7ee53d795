/** A meeting with a time and place in the config is a timed event in UTC with its place; without, a whole day. */
import type { IsoDate } from '../../../src/domain/datum';
import { kalenderIcs } from '../../../src/web/kalender/flode';

const ics = (moten: { organ: string; datum: IsoDate; tid?: string; plats?: string }[]) =>
  kalenderIcs({
    namn: 'Årshjul: Kommunstyrelsen (KS)',
    kommun: 'lund',
    kommunNamn: 'Lunds kommun',
    baseUrl: 'https://arshjul.lund.example.org/',
    tid: Date.UTC(2023, 9, 1, 6, 0),
    uppgifter: [],
    moten,
    organNamn: { KS: 'Kommunstyrelsen' },
    rapporter: [],
    namnPa: (id) => id,
  });

it('writes a meeting with time and place in UTC, one without as a whole day', () => {
  const text = ics([
    { organ: 'KS', datum: '2023-10-11' as IsoDate, tid: '14.00', plats: 'Sessionsalen, Stadshuset' },
    { organ: 'KS', datum: '2023-11-08' as IsoDate },
  ]);
  const unfolded = text.replace(/\r\n[ \t]/g, '');
  expect(unfolded).toContain('X-WR-CALNAME:Årshjul: Kommunstyrelsen (KS)\r\n');
  // 14.00 in Stockholm on 11 October 2023 (summer time, UTC+2) is 12.00 UTC.
  // Its end is estimated: three hours on.
  expect(unfolded).toContain(
    'UID:sammantrade/lund/KS/2023-10-11@arshjul\r\nSEQUENCE:0\r\nDTSTAMP:20231001T060000Z\r\nDTSTART:20231011T120000Z\r\nDTEND:20231011T150000Z\r\nSUMMARY:Sammanträde: Kommunstyrelsen\r\n',
  );
  expect(unfolded).toContain('LOCATION:Sessionsalen\\, Stadshuset\r\n');
  expect(unfolded).toContain('DTSTART;VALUE=DATE:20231108\r\nDTEND;VALUE=DATE:20231109\r\n');
});

it('is an empty calendar, still valid, when there is nothing to show', () => {
  expect(ics([])).toBe(
    'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Arshjul//Kalender//SV\r\nMETHOD:PUBLISH\r\nNAME:Årshjul: Kommunstyrelsen (KS)\r\nX-WR-CALNAME:Årshjul: Kommunstyrelsen (KS)\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\nX-PUBLISHED-TTL:PT1H\r\nEND:VCALENDAR\r\n',
  );
});
