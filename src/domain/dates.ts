/**
 * Calendar dates. A date is an ISO string `YYYY-MM-DD` with no time of day; arithmetic goes through
 * luxon on UTC midnights, where every day has 24 hours, so DST can never shift a day. Only "today"
 * depends on a zone: it is the calendar date in the organisation's time zone.
 */
import { DateTime } from 'luxon';

export type CalendarDate = string;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function dt(d: CalendarDate): DateTime {
  const v = DateTime.fromISO(d, { zone: 'utc' });
  if (!ISO.test(d) || !v.isValid) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(d)}`);
  return v;
}

/** Whether year, month and day (numbers) name a day of the calendar, years 1 to 9999. */
export function isValidYmd(y: number, m: number, day: number): boolean {
  if (y < 1 || y > 9999 || m < 1 || m > 12 || day < 1) return false;
  return day <= (m === 2 && isLeap(y) ? 29 : DAYS_IN_MONTH[m - 1]);
}

/** Whether a string names a real day. Checked by the calendar rules directly: it runs for every imported cell. */
export function isCalendarDate(d: unknown): d is CalendarDate {
  if (typeof d !== 'string' || !ISO.test(d)) return false;
  return isValidYmd(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)));
}

/*
 * Day numbers (days since 1970-01-01) are computed by luxon once per distinct date and remembered:
 * a recompute asks the same few thousand dates millions of times, and building a luxon DateTime each
 * time made it 50 times slower. The arithmetic on them is integer day counting, never milliseconds.
 */
const EPOCH = DateTime.fromISO('1970-01-01', { zone: 'utc' });
const MEMO_LIMIT = 200_000;
const dayNumbers = new Map<CalendarDate, number>();
const isoDates = new Map<number, CalendarDate>();

function remember(d: CalendarDate, n: number): void {
  if (dayNumbers.size > MEMO_LIMIT) {
    dayNumbers.clear();
    isoDates.clear();
  }
  dayNumbers.set(d, n);
  isoDates.set(n, d);
}

function dayNumber(d: CalendarDate): number {
  let n = dayNumbers.get(d);
  if (n === undefined) {
    n = Math.round(dt(d).diff(EPOCH, 'days').days);
    remember(d, n);
  }
  return n;
}

function fromDayNumber(n: number): CalendarDate {
  let d = isoDates.get(n);
  if (d === undefined) {
    d = EPOCH.plus({ days: n }).toISODate() as string;
    remember(d, n);
  }
  return d;
}

/** Calendar days from a to b (b − a); negative when b is before a. */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

/** Throws on a string that is not a calendar date; a date already given a day number is known good. */
function mustBeDate(d: CalendarDate): void {
  if (!dayNumbers.has(d) && !isCalendarDate(d)) dt(d);
}

export function addDays(d: CalendarDate, n: number): CalendarDate {
  return fromDayNumber(dayNumber(d) + n);
}

/** The same day n years later; 29 February becomes 28 February in a year without it (as luxon does). */
export function addYears(d: CalendarDate, n: number): CalendarDate {
  mustBeDate(d);
  const y = Number(d.slice(0, 4)) + n;
  const md = d.slice(5) === '02-29' && !isLeap(y) ? '02-28' : d.slice(5);
  return `${String(y).padStart(4, '0')}-${md}`;
}

/** The same day n months later (the month's last day when it has fewer days, as luxon does). */
export function addMonths(d: CalendarDate, n: number): CalendarDate {
  return dt(d).plus({ months: n }).toISODate() as string;
}

export const minDate = (a: CalendarDate, b: CalendarDate) => (a <= b ? a : b);
export const maxDate = (a: CalendarDate, b: CalendarDate) => (a >= b ? a : b);

/*
 * Every API request asks for today; luxon's zone arithmetic per call was a few per cent of the API's
 * CPU under load. Each zone's current day is remembered with the instants it starts and ends.
 */
const days = new Map<string, { from: number; until: number; date: CalendarDate }>();

/** The calendar date in a time zone at an instant (default: now). */
export function todayIn(zone: string, now: Date = new Date()): CalendarDate {
  const t = now.getTime();
  const known = days.get(zone);
  if (known && t >= known.from && t < known.until) return known.date;
  const v = DateTime.fromJSDate(now, { zone });
  if (!v.isValid) throw new RangeError(`unknown time zone: ${zone}`);
  const day = v.startOf('day');
  const date = v.toISODate() as string;
  if (days.size > 100) days.clear();
  days.set(zone, { from: day.toMillis(), until: day.plus({ days: 1 }).toMillis(), date });
  return date;
}

/** 1 January or 1 July of the half-year a date falls in (read off the date itself). */
export function halfYearStart(d: CalendarDate): CalendarDate {
  mustBeDate(d);
  return `${d.slice(0, 4)}-${Number(d.slice(5, 7)) <= 6 ? '01' : '07'}-01`;
}

/** The first day of the next half-year. */
export function nextHalfYear(d: CalendarDate): CalendarDate {
  const h = halfYearStart(d);
  return h.endsWith('-01-01') ? `${h.slice(0, 4)}-07-01` : `${String(Number(h.slice(0, 4)) + 1).padStart(4, '0')}-01-01`;
}

/** The first day of the half-year before the one a date falls in. */
export function previousHalfYear(d: CalendarDate): CalendarDate {
  const h = halfYearStart(d);
  return h.endsWith('-07-01') ? `${h.slice(0, 4)}-01-01` : `${String(Number(h.slice(0, 4)) - 1).padStart(4, '0')}-07-01`;
}

/** The first day of the month a date falls in, shifted by n months (n may be negative). */
export function monthStart(d: CalendarDate, n = 0): CalendarDate {
  mustBeDate(d);
  const index = Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}
