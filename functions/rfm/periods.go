package rfm

import (
	"sort"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// grain is the length of a report period.
type grain int

const (
	grainDay grain = iota
	grainWeek
	grainMonth
)

var grainNames = map[string]grain{"day": grainDay, "week": grainWeek, "month": grainMonth}

func parseGrain(fn string, args []any, i int) (grain, error) {
	s, err := sqlfn.String(fn, args, i, "month")
	if err != nil {
		return 0, err
	}
	g, ok := grainNames[strings.ToLower(strings.TrimSpace(s))]
	if !ok {
		return 0, sqlfn.ErrArg(fn, "argument %d: unknown grain %q (day, week or month)", i+1, s)
	}
	return g, nil
}

// start is the first day of the calendar period holding day: the day
// itself, the Monday of its ISO week, or the 1st of its month.
func (g grain) start(day int64) int64 {
	switch g {
	case grainWeek:
		return day - ((day+3)%7+7)%7 // 1970-01-01 was a Thursday
	case grainMonth:
		t := dateOf(day)
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC).Unix() / 86400
	}
	return day
}

// next is the first day of the period after the one starting at start.
func (g grain) next(start int64) int64 {
	switch g {
	case grainWeek:
		return start + 7
	case grainMonth:
		return dateOf(start).AddDate(0, 1, 0).Unix() / 86400
	}
	return start + 1
}

// periods splits r into calendar periods of g, the first and last cut to
// the range.
type periods struct {
	spans []span
}

func newPeriods(r span, g grain) periods {
	var ps periods
	for s := g.start(r.from); s <= r.to; s = g.next(s) {
		ps.spans = append(ps.spans, span{max(s, r.from), min(g.next(s)-1, r.to)})
	}
	return ps
}

// of returns the index of the period holding day, -1 outside the range.
func (ps periods) of(day int64) int {
	n := len(ps.spans)
	if n == 0 || day < ps.spans[0].from || day > ps.spans[n-1].to {
		return -1
	}
	return sort.Search(n, func(i int) bool { return ps.spans[i].to >= day })
}
