package gen

import (
	"math"
	"time"
)

const (
	daySec  = 86400
	hourSec = 3600
)

// calendar is the two-year history window. Times inside the generator are
// seconds since start (00:00 UTC of the first day); every order and event
// falls in [0, days*daySec).
type calendar struct {
	start time.Time
	days  int
	dates [][10]byte // "YYYY-MM-DD" of each day

	orderF   []float64  // relative purchase intensity per day, mean ≈ 1
	orderMax float64    // max of orderF, the thinning bound
	promo    []promo    // the seasonal coupon campaign running each day
	signups  cumulative // where in the window contacts sign up
	hours    cumulative // time-of-day profile of online activity
}

// monthFactor is the purchase seasonality: a summer dip and the
// November/December peak.
var monthFactor = [13]float64{0, 0.95, 0.85, 0.95, 0.95, 0.95, 0.85, 0.72, 0.75, 0.95, 1.05, 1.45, 1.6}

// weekdayFactor starts on Sunday (time.Weekday order).
var weekdayFactor = [7]float64{1.15, 1.1, 1.0, 1.0, 0.97, 0.88, 0.9}

// hourWeight is the share of online orders and visits per hour of the day.
var hourWeight = []float64{
	1.2, 0.6, 0.3, 0.2, 0.2, 0.4, 1, 2, 3, 4, 4.5, 4.7,
	5, 5, 4.7, 4.6, 4.7, 5, 5.5, 6.5, 7, 6.5, 4.5, 2.5,
}

func newCalendar(end time.Time) *calendar {
	end = end.UTC()
	last := time.Date(end.Year(), end.Month(), end.Day(), 0, 0, 0, 0, time.UTC)
	start := last.AddDate(-2, 0, 1)
	c := &calendar{start: start, days: int(last.Sub(start)/(daySec*time.Second)) + 1}
	c.dates = make([][10]byte, c.days)
	c.orderF = make([]float64, c.days)
	c.promo = make([]promo, c.days)
	signup := make([]float64, c.days)
	for d := range c.days {
		t := start.AddDate(0, 0, d)
		t.AppendFormat(c.dates[d][:0], time.DateOnly)
		c.promo[d] = promoOf(t)
		f := monthFactor[t.Month()] * weekdayFactor[t.Weekday()] * holidayFactor(t)
		c.orderF[d] = f
		c.orderMax = math.Max(c.orderMax, f)
		// Contacts arrive at a growing rate (the shop grows about 2x over
		// the window) with the same seasonal swings as orders, damped.
		growth := 0.65 + 0.7*float64(d)/float64(c.days)
		signup[d] = growth * math.Sqrt(f)
	}
	c.signups = makeCumulative(signup)
	c.hours = makeCumulative(hourWeight)
	return c
}

// holidayFactor boosts Black Friday week and the run-up to Christmas and
// damps the holidays themselves.
func holidayFactor(t time.Time) float64 {
	switch t.Month() {
	case time.November:
		bf := blackFriday(t.Year())
		switch delta := t.YearDay() - bf.YearDay(); {
		case delta == 0:
			return 3
		case delta == 3: // Cyber Monday
			return 2.2
		case delta >= -4 && delta <= 2:
			return 1.5
		}
	case time.December:
		switch d := t.Day(); {
		case d >= 10 && d <= 20:
			return 1.25
		case d == 24:
			return 0.5
		case d == 25 || d == 26:
			return 0.6
		}
	}
	return 1
}

// promo is a seasonal sale with its own coupon code.
type promo uint8

const (
	promoNone promo = iota
	promoBlackWeek
	promoXmas
	promoSummer
)

func promoOf(t time.Time) promo {
	switch t.Month() {
	case time.November:
		if delta := t.YearDay() - blackFriday(t.Year()).YearDay(); delta >= 0 && delta <= 3 {
			return promoBlackWeek
		}
	case time.December:
		if t.Day() <= 20 {
			return promoXmas
		}
	case time.July, time.August:
		return promoSummer
	}
	return promoNone
}

// blackFriday returns the day after the fourth Thursday of November.
func blackFriday(year int) time.Time {
	t := time.Date(year, time.November, 1, 0, 0, 0, 0, time.UTC)
	off := (int(time.Thursday) - int(t.Weekday()) + 7) % 7
	return t.AddDate(0, 0, off+21+1)
}

// end returns the first second after the window.
func (c *calendar) end() int64 { return int64(c.days) * daySec }

// timeOfDay draws a second of the day from the online activity profile.
func (c *calendar) timeOfDay(r *rng) int64 {
	return int64(c.hours.pick(r))*hourSec + r.Int64N(hourSec)
}

// appendDateTime appends "YYYY-MM-DD HH:MM:SS" of window time s.
func (c *calendar) appendDateTime(dst []byte, s int64) []byte {
	if s < 0 || s >= c.end() {
		t := c.start.Add(time.Duration(s) * time.Second)
		return t.AppendFormat(dst, time.DateTime)
	}
	d, sod := s/daySec, s%daySec
	dst = append(dst, c.dates[d][:]...)
	dst = append(dst, ' ')
	dst = append2(dst, sod/hourSec)
	dst = append(dst, ':')
	dst = append2(dst, sod/60%60)
	dst = append(dst, ':')
	return append2(dst, sod%60)
}

// appendDate appends "YYYY-MM-DD" of window time s.
func (c *calendar) appendDate(dst []byte, s int64) []byte {
	if s < 0 || s >= c.end() {
		t := c.start.Add(time.Duration(s) * time.Second)
		return t.AppendFormat(dst, time.DateOnly)
	}
	return append(dst, c.dates[s/daySec][:]...)
}

func append2(dst []byte, v int64) []byte {
	return append(dst, byte('0'+v/10), byte('0'+v%10))
}
