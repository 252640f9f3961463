package mysqlfn

import (
	"time"

	"github.com/cohortdb/cohortdb/contract/calendar"
)

// Bits of MySQL's week behaviour (sql/sql_time.h).
const (
	weekMondayFirst = 1 // weeks start on Monday
	weekYear        = 2 // weeks are 1..53, the first days belong to last year's
	weekFirstDay    = 4 // week 1 is the first with the week's first day, else with 4+ days
)

// weekBehaviour turns a WEEK() mode 0..7 into behaviour bits, as MySQL's
// week_mode does.
func weekBehaviour(mode int) int {
	b := mode & 7
	if b&weekMondayFirst == 0 {
		b ^= weekFirstDay
	}
	return b
}

// Week is WEEK(t, mode): t's week number in MySQL's mode 0..7 (the
// modes' table is in the MySQL manual under WEEK()).
func Week(t time.Time, mode int) int {
	w, _ := calcWeek(t, weekBehaviour(mode))
	return w
}

// calcWeek is MySQL's calc_week: the week number of t and the year the
// week belongs to.
func calcWeek(t time.Time, behaviour int) (week, year int) {
	mondayFirst := behaviour&weekMondayFirst != 0
	inYear := behaviour&weekYear != 0
	firstWeekday := behaviour&weekFirstDay != 0

	year = t.Year()
	day := dayNumber(t)
	first := dayNumber(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC))
	weekday := weekdayOf(first, mondayFirst)
	startsLate := func(wd int) bool { return (firstWeekday && wd != 0) || (!firstWeekday && wd >= 4) }

	if t.Month() == 1 && t.Day() <= 7-weekday {
		if !inYear && startsLate(weekday) {
			return 0, year
		}
		inYear = true
		year--
		n := daysInYear(year)
		first -= n
		weekday = (weekday + 53*7 - n) % 7
	}
	var days int
	if startsLate(weekday) {
		days = day - (first + 7 - weekday)
	} else {
		days = day - (first - weekday)
	}
	if inYear && days >= 52*7 {
		weekday = (weekday + daysInYear(year)) % 7
		if (!firstWeekday && weekday < 4) || (firstWeekday && weekday == 0) {
			return 1, year + 1
		}
	}
	return days/7 + 1, year
}

// dayNumber counts days from 1970-01-01 (any fixed origin would do).
func dayNumber(t time.Time) int { return int(calendar.DayOf(t)) }

// weekdayOf is the weekday of a day number: 0 = Monday when mondayFirst,
// else 0 = Sunday.
func weekdayOf(day int, mondayFirst bool) int {
	wd := int(calendar.Midnight(int64(day)).Weekday()) // 0 = Sunday
	if mondayFirst {
		return (wd + 6) % 7
	}
	return wd
}

func daysInYear(y int) int {
	if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		return 366
	}
	return 365
}
