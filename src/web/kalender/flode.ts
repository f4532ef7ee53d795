/**
 * The calendar feeds' contents (iCal, RFC 5545): a person's open tasks (all-day on the due date) and their
 * organs' meetings; an organ's meetings and every report step's due date. Each event keeps its UID from one
 * fetch to the next — the task's as in its mail (src/mail/ics.ts), `sammantrade/…` and `rapport/…/<steg>` — so
 * a calendar app updates the event in place when a date moves.
 */
import ical, {
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventTransparency,
  type ICalEventData,
} from 'ical-generator';
import type { RapportOversikt } from '../../domain/arshjul';
import { addDays, instantInStockholm, type IsoDate } from '../../domain/datum';
import { kalenderUid, medSistaRadslut } from '../../mail/ics';
import { STEG_STATUS, UPPGIFT_NAMN } from '../ord';
import type { Mote } from '../motesplan';

export interface KalenderUppgift {
  id: string;
  titel: string;
  forfaller: IsoDate;
  processTitel: string;
}

export interface Kalender {
  namn: string;
  kommun: string;
  kommunNamn: string;
  baseUrl: string;
  /** DTSTAMP of every event (epoch ms): when the feed was made. */
  tid: number;
  uppgifter: KalenderUppgift[];
  moten: Mote[];
  /** organ kortnamn → its name. */
  organNamn: Record<string, string>;
  rapporter: RapportOversikt[];
  /** Person id → name. */
  namnPa: (person: string) => string;
}

/** A timed meeting without an end in the config is shown as this long. */
const MOTE_TIMMAR = 3;

const enRad = (s: string) => s.replace(/\s+/g, ' ').trim();

/** How often a calendar app should fetch the feed again (X-PUBLISHED-TTL and REFRESH-INTERVAL), in seconds. */
const HAMTA_IGEN_S = 3600;

export function kalenderIcs(k: Kalender): string {
  const url = k.baseUrl.replace(/\/+$/, '');
  // A whole day: DATE values (no zone), DTEND exclusive.
  const heldag = (date: IsoDate) => ({ allDay: true, start: date, end: addDays(date, 1) });
  const stamp = { stamp: new Date(k.tid) };
  const fri = { transparency: ICalEventTransparency.TRANSPARENT, busystatus: ICalEventBusyStatus.FREE };
  const events: ICalEventData[] = [
    ...k.uppgifter.map((u) => ({
      ...stamp,
      id: kalenderUid(u.id),
      summary: `Förfaller: ${enRad(u.titel)}`,
      description: `Sista dagen för uppgiften i Årshjul, ${k.kommunNamn}.\nProcess: ${u.processTitel}\nÖppna uppgiften: ${url}/uppgifter/${encodeURIComponent(u.id)}`,
      url: `${url}/uppgifter/${encodeURIComponent(u.id)}`,
      ...heldag(u.forfaller),
      ...fri,
    })),
    ...k.moten.map((m) => {
      const organ = k.organNamn[m.organ] ?? m.organ;
      const base = {
        ...stamp,
        id: `sammantrade/${k.kommun}/${m.organ}/${m.datum}@arshjul`,
        summary: `Sammanträde: ${organ}`,
        description: `${organ} (${m.organ}) sammanträder${m.tid ? ` klockan ${m.tid}` : ''}. ${k.kommunNamn}.${m.tid ? ` Sluttiden är uppskattad (${MOTE_TIMMAR} timmar).` : ''}`,
        ...(m.plats ? { location: m.plats } : {}),
        busystatus: ICalEventBusyStatus.BUSY,
      };
      if (!m.tid) return { ...base, ...heldag(m.datum) };
      // An instant, written in UTC (no TZID, so no VTIMEZONE needed).
      const start = instantInStockholm(m.datum, m.tid);
      return { ...base, start: new Date(start), end: new Date(start + MOTE_TIMMAR * 3_600_000) };
    }),
    ...k.rapporter.flatMap((r) =>
      r.steg.map((s) => ({
        ...stamp,
        id: `rapport/${r.id}/${s.organ ? `${s.steg}-${s.organ}` : s.steg}@arshjul`,
        summary: `${UPPGIFT_NAMN[s.steg]} senast: ${enRad(r.titel)}`,
        description: `${UPPGIFT_NAMN[s.steg]} av ${r.titel}, senast denna dag. Ansvarig: ${k.namnPa(s.ansvarig)}. Status: ${STEG_STATUS[s.status].text}.${s.uppgiftId ? `\nÖppna uppgiften: ${url}/uppgifter/${encodeURIComponent(s.uppgiftId)}` : ''}`,
        ...(s.uppgiftId ? { url: `${url}/uppgifter/${encodeURIComponent(s.uppgiftId)}` } : {}),
        ...heldag(s.forfaller),
        ...fri,
      })),
    ),
  ];
  const kalender = ical({
    prodId: '//Arshjul//Kalender//SV',
    method: ICalCalendarMethod.PUBLISH,
    name: k.namn,
    ttl: HAMTA_IGEN_S,
    events,
  });
  return medSistaRadslut(kalender.toString());
}
