import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { addDays, addYears, daysBetween, halfYearStart, isCalendarDate, nextHalfYear, todayIn } from '../../src/domain/dates.ts';

describe('calendar dates', () => {
  it.each([
    ['2024-02-28', '2024-03-01', 2, 'across a leap day'],
    ['2023-02-28', '2023-03-01', 1, 'no leap day'],
    ['2025-03-29', '2025-03-31', 2, 'across the spring DST change'],
    ['2025-10-25', '2025-10-27', 2, 'across the autumn DST change'],
    ['2025-01-10', '2025-01-01', -9, 'backwards'],
    ['2024-12-31', '2025-01-01', 1, 'year end'],
    ['2025-01-31', '2025-03-02', 30, 'month ends'],
  ])('days from %s to %s is %i (%s)', (a, b, days) => {
    expect(daysBetween(a, b)).toBe(days);
  });

  it('adds days and years on calendar dates, clamping 29 February', () => {
    expect(addDays('2025-01-31', 30)).toBe('2025-03-02');
    expect(addDays('2025-03-30', -1)).toBe('2025-03-29');
    expect(addYears('2024-02-29', 1)).toBe('2025-02-28');
  });

  it('takes today as the calendar date in the organisation time zone', () => {
    const instant = new Date('2025-06-30T22:30:00Z');
    expect(todayIn('Europe/Amsterdam', instant)).toBe('2025-07-01');
    expect(todayIn('UTC', instant)).toBe('2025-06-30');
    expect(todayIn('America/New_York', instant)).toBe('2025-06-30');
  });

  it('keeps the right day at every instant around midnights and DST changes, asked in any order', () => {
    // todayIn remembers each zone's current day; every answer must equal luxon's own, every five minutes for two days,
    // forwards and backwards across a spring and an autumn change (Amsterdam; Santiago, whose
    // clocks change at midnight; Kolkata, none).
    for (const zone of ['Europe/Amsterdam', 'America/Santiago', 'Asia/Kolkata']) {
      for (const start of ['2025-03-29T20:00:00Z', '2025-10-25T20:00:00Z', '2025-09-06T00:00:00Z', '2025-04-05T00:00:00Z']) {
        const minutes = Array.from({ length: 48 * 12 }, (_, i) => Date.parse(start) + i * 5 * 60_000);
        for (const t of [...minutes, ...minutes.reverse()]) {
          const instant = new Date(t);
          expect(todayIn(zone, instant), `${zone} at ${instant.toISOString()}`).toBe(DateTime.fromJSDate(instant, { zone }).toISODate());
        }
      }
    }
    expect(() => todayIn('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
  });

  it('finds half-year boundaries', () => {
    expect(halfYearStart('2025-06-30')).toBe('2025-01-01');
    expect(halfYearStart('2025-07-01')).toBe('2025-07-01');
    expect(nextHalfYear('2025-12-31')).toBe('2026-01-01');
    expect(nextHalfYear('2025-02-01')).toBe('2025-07-01');
  });

  it('refuses dates that do not exist', () => {
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
    expect(() => daysBetween('2025-02-30', '2025-03-01')).toThrow(/not a calendar date/);
  });
});
