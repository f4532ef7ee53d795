/**
 * The calendar feeds' contents (iCal, RFC 5545): a person's open tasks (all-day on the due date) and their
 * organs' meetings; an organ's meetings and every report step's due date. Each event keeps its UID from one
 * fetch to the next — the task's as in its mail (src/mail/ics.ts), `sammantrade/…` and `rapport/…/<steg>` — so
 * a calendar app updates the event in place when a date moves.
 */
import { createEvents, type EventAttributes } from 'ics';
import type { RapportOversikt } from '../../domain/arshjul';
import { addDays, instantInStockholm, type IsoDate } from '../../domain/datum';
import { foldIcsLines, kalenderUid } from '../../mail/ics';
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

const dag = (date: IsoDate): [number, number, number] =>
  date.split('-').map(Number) as [number, number, number];

const enRad = (s: string) => s.replace(/\s+/g, ' ').trim();

export function kalenderIcs(k: Kalender): string {
  const url = k.baseUrl.replace(/\/+$/, '');
  const heldag = (date: IsoDate) => ({ start: dag(date), end: dag(addDays(date, 1)) });
  // DTSTAMP: the library takes `timestamp` (else it reads the clock) but leaves it out of its types.
  const stamp = { timestamp: k.tid };
  const events: (EventAttributes & { timestamp: number })[] = [
    ...k.uppgifter.map((u) => ({
      ...stamp,
      uid: kalenderUid(u.id),
      title: `Förfaller: ${enRad(u.titel)}`,
      description: `Sista dagen för uppgiften i Årshjul, ${k.kommunNamn}.\nProcess: ${u.processTitel}\nÖppna uppgiften: ${url}/uppgifter/${encodeURIComponent(u.id)}`,
      url: `${url}/uppgifter/${encodeURIComponent(u.id)}`,
      ...heldag(u.forfaller),
      transp: 'TRANSPARENT' as const,
      busyStatus: 'FREE' as const,
    })),
    ...k.moten.map((m) => {
      const organ = k.organNamn[m.organ] ?? m.organ;
      const base = {
        ...stamp,
        uid: `sammantrade/${k.kommun}/${m.organ}/${m.datum}@arshjul`,
        title: `Sammanträde: ${organ}`,
        description: `${organ} (${m.organ}) sammanträder${m.tid ? ` klockan ${m.tid}` : ''}. ${k.kommunNamn}.${m.tid ? ` Sluttiden är uppskattad (${MOTE_TIMMAR} timmar).` : ''}`,
        ...(m.plats ? { location: m.plats } : {}),
        busyStatus: 'BUSY' as const,
      };
      return m.tid
        ? {
            ...base,
            start: instantInStockholm(m.datum, m.tid),
            startInputType: 'utc' as const,
            startOutputType: 'utc' as const,
            duration: { hours: MOTE_TIMMAR },
          }
        : { ...base, ...heldag(m.datum) };
    }),
    ...k.rapporter.flatMap((r) =>
      r.steg.map((s) => ({
        ...stamp,
        uid: `rapport/${r.id}/${s.organ ? `${s.steg}-${s.organ}` : s.steg}@arshjul`,
        title: `${UPPGIFT_NAMN[s.steg]} senast: ${enRad(r.titel)}`,
        description: `${UPPGIFT_NAMN[s.steg]} av ${r.titel}, senast denna dag. Ansvarig: ${k.namnPa(s.ansvarig)}. Status: ${STEG_STATUS[s.status].text}.${s.uppgiftId ? `\nÖppna uppgiften: ${url}/uppgifter/${encodeURIComponent(s.uppgiftId)}` : ''}`,
        ...(s.uppgiftId ? { url: `${url}/uppgifter/${encodeURIComponent(s.uppgiftId)}` } : {}),
        ...heldag(s.forfaller),
        transp: 'TRANSPARENT' as const,
        busyStatus: 'FREE' as const,
      })),
    ),
  ];
  const { error, value } = createEvents(events, {
    productId: '-//Arshjul//Kalender//SV',
    method: 'PUBLISH',
    calName: k.namn,
  });
  if (error || value === null) throw new Error(`could not build the calendar "${k.namn}": ${String(error)}`);
  return foldIcsLines(value);
}
