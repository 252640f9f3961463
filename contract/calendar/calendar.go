// Package calendar is the one home of cohortdb's time units and civil-date
// arithmetic, shared by the engine, its executor, the loader and the
// analytics functions.
//
// Units (the engine's mapping of SQL types onto storage's integers, which
// every reader of columns relies on; storage itself never interprets
// them):
//   - a DATE column stores days since 1970-01-01 (negative before it);
//   - a DATETIME or TIMESTAMP column stores microseconds since
//     1970-01-01 00:00:00 UTC.
//
// Civil dates are proleptic Gregorian, as MySQL's: DaysFromCivil and
// CivilFromDays are Howard Hinnant's days_from_civil and civil_from_days
// ("chrono-Compatible Low-Level Date Algorithms"), exact for every int64
// day a DATE can hold, with no time.Time and no allocation. Division
// rounds down (FloorDiv), so instants before 1970 fall on the right day.
//
// It is a contract between the layers (see package contract): it imports
// nothing of cohortdb, so every layer may use it without an upward import.
package calendar

import "time"

// Stored time units.
const (
	SecondsPerDay   = 86_400
	MicrosPerSecond = 1_000_000
	MicrosPerDay    = SecondsPerDay * MicrosPerSecond // units per day of a DATETIME column
)

// FloorDiv is a/b rounded towards negative infinity (b != 0).
func FloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// DayOfMicros is the UTC day (days since 1970-01-01) of a DATETIME value.
func DayOfMicros(us int64) int64 { return FloorDiv(us, MicrosPerDay) }

// MicrosOfDay is a DATETIME's microseconds since its midnight.
func MicrosOfDay(us int64) int64 { return us - DayOfMicros(us)*MicrosPerDay }

// DaysFromCivil is the day number of the proleptic Gregorian date y-m-d
// (m in 1..12, d in 1..31; the day need not exist: 2023-02-29 is
// 2023-03-01).
func DaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := FloorDiv(y, 400)
	yoe := y - era*400                     // [0, 399]
	doy := (153*((m+9)%12)+2)/5 + d - 1    // [0, 365], from March 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
}

// CivilFromDays is the proleptic Gregorian date of day number z, the
// inverse of DaysFromCivil.
func CivilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := FloorDiv(z, 146097)
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // [0, 365]
	mp := (5*doy + 2) / 153                  // [0, 11], from March
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

// DayOf is the day number of t's calendar date in t's own location.
func DayOf(t time.Time) int64 {
	y, m, d := t.Date()
	return DaysFromCivil(int64(y), int64(m), int64(d))
}

// Midnight is the start of day z as a UTC time.Time.
func Midnight(z int64) time.Time { return time.Unix(z*SecondsPerDay, 0).UTC() }

// DayString formats day z as YYYY-MM-DD.
func DayString(z int64) string { return Midnight(z).Format(time.DateOnly) }
