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
import ical, {
  ICalCalendarMethod,
  ICalEventBusyStatus,
  ICalEventStatus,
  ICalEventTransparency,
} from 'ical-generator';
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

/**
 * The `.ics` text (CRLF lines, folded at 75 octets) of the task's due date. Built with ical-generator, which writes
 * the properties as given, escaped, without a schema check per call: the `ics` package's validation (yup, twice per
 * event) cost about 1 ms of every task mail's CPU, 2.6 ms in a busy worker — a quarter of a mail's work.
 */
export function uppgiftIcs(input: UppgiftKalender): string {
  const description = [
    `Sista dagen för uppgiften i Årshjul, ${input.kommunNamn}.`,
    ...(input.processTitel ? [`Process: ${input.processTitel}`] : []),
    `Öppna uppgiften: ${input.lank}`,
  ].join('\n');
  const kalender = ical({ prodId: '//Arshjul//Uppgifter//SV', method: ICalCalendarMethod.PUBLISH });
  kalender.createEvent({
    id: kalenderUid(input.uppgiftId),
    sequence: input.sekvens,
    summary: `Förfaller: ${input.titel.replace(/\s+/g, ' ').trim()}`,
    description,
    url: input.lank,
    // DATE values (YYYY-MM-DD as given, no zone); DTEND of a DATE event is exclusive: the event is the due date.
    allDay: true,
    start: input.forfaller,
    end: addDays(input.forfaller, 1),
    stamp: input.tid,
    status: ICalEventStatus.CONFIRMED,
    // A deadline, not a meeting: it must not make the person look busy all day.
    transparency: ICalEventTransparency.TRANSPARENT,
    busystatus: ICalEventBusyStatus.FREE,
  });
  return medSistaRadslut(kalender.toString());
}

/**
 * The calendar's text as RFC 5545 §3.1 has it: ical-generator folds content lines at 75 octets (by UTF-8 octets,
 * never inside a character: å, ä and ö are two each; the tests hold it to that), and every line ends in CRLF —
 * the last one too, which the library leaves bare.
 */
export function medSistaRadslut(ics: string): string {
  return ics.endsWith('\r\n') ? ics : `${ics}\r\n`;
}
