package mysqlfn

import "time"

// MakeDate is MAKEDATE(year, dayofyear): NULL (ok false) for a day of
// the year below 1, a year outside 0..9999 or a result past 9999-12-31;
// years 0..99 are two-digit years.
func MakeDate(year, yearday int64) (time.Time, bool) {
	if year < 0 || year > 9999 || yearday <= 0 || yearday > 366*10000 {
		return time.Time{}, false
	}
	if year < 100 {
		year = int64(year2000(int(year)))
	}
	t := time.Date(int(year), 1, int(yearday), 0, 0, 0, 0, time.UTC)
	if t.Year() > 9999 {
		return time.Time{}, false
	}
	return t, true
}
