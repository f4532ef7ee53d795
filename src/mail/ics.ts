/**
 * The calendar file attached to every task mail: one all-day event on the due date, which calendars file under
 * the task's stable UID, so a later mail with a higher SEQUENCE (the due date moved) updates the same event
 * instead of adding another.
 *
 * Time zones: the due date is a DATE value (DTSTART;VALUE=DATE), a civil day that RFC 5545 §3.3.4 leaves
 * without a zone — 14 September is 14 September in Stockholm and in any calendar app, which is what a
 * deadline under Swedish law means. The only instant in the file is DTSTAMP, written in UTC as §3.8.7.2
 * requires. So no VTIMEZONE for Europe/Stockholm is needed.
 */
import type * as Ics from 'ics';
import type { EventAttributes } from 'ics';
import { addDays, type IsoDate } from '../domain/datum';

export interface UppgiftKalender {
  uppgiftId: string;
  titel: string;
  forfaller: IsoDate;
  /** The task's page. */
  lank: string;
  /** "Lunds kommun", for the description. */
  kommunNamn: string;
  processTitel?: string;
  /** Grows by one each time the due date moves (RFC 5545 §3.8.7.4). */
  sekvens: number;
  /** When the file is made (DTSTAMP). */
  tid: Date;
}

/** `<uppgift id>@arshjul`: the same for every mail about the task. */
export function kalenderUid(uppgiftId: string): string {
  return `${uppgiftId}@arshjul`;
}

const dateArray = (date: IsoDate): [number, number, number] =>
  date.split('-').map(Number) as [number, number, number];

/** The `.ics` text (CRLF lines, folded at 75 octets) of the task's due date. */
export function uppgiftIcs(input: UppgiftKalender): string {
  const description = [
    `Sista dagen för uppgiften i Årshjul, ${input.kommunNamn}.`,
    ...(input.processTitel ? [`Process: ${input.processTitel}`] : []),
    `Öppna uppgiften: ${input.lank}`,
  ].join('\n');
  // DTSTAMP: the library takes `timestamp` (else it reads the clock) but leaves it out of its types.
  const attributes: EventAttributes & { timestamp: number } = {
    productId: '-//Arshjul//Uppgifter//SV',
    method: 'PUBLISH',
    uid: kalenderUid(input.uppgiftId),
    sequence: input.sekvens,
    title: `Förfaller: ${input.titel.replace(/\s+/g, ' ').trim()}`,
    description,
    url: input.lank,
    start: dateArray(input.forfaller),
    // DTEND of a DATE event is exclusive: the event is the due date, the whole day.
    end: dateArray(addDays(input.forfaller, 1)),
    status: 'CONFIRMED',
    // A deadline, not a meeting: it must not make the person look busy all day.
    transp: 'TRANSPARENT',
    busyStatus: 'FREE',
    timestamp: input.tid.getTime(),
  };
  // The ics package (and its schema library) at the first task's calendar file, not at start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createEvent } = require('ics') as typeof Ics;
  const { error, value } = createEvent(attributes);
  if (error || value === null) {
    throw new Error(`could not build the .ics of task ${input.uppgiftId}: ${String(error)}`);
  }
  return foldIcsLines(value);
}

/**
 * RFC 5545 §3.1: content lines SHOULD NOT be longer than 75 octets, folded by CRLF and one space. The `ics`
 * library folds at 75 characters, which with å, ä and ö (two octets in UTF-8) gives lines of up to 150
 * octets; this unfolds its output and folds it again by octets, never inside a character.
 */
export function foldIcsLines(ics: string): string {
  const lines = ics.replace(/\r\n[ \t]/g, '').split('\r\n');
  return lines.map(foldLine).join('\r\n');
}

function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75; // the first line; continuation lines carry the leading space in their 75
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = 74;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
