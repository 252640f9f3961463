package rfm

import (
	"cmp"
	"slices"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// orderRec is one valid order as the builder flushed it.
type orderRec struct {
	cust, at, oid, rev int64
}

// placed is a valid order with its place in its customer's history:
// the k-th valid order (1-based, by time then order_id) and the days since
// the previous one (gap; -1 for the first). Prior orders and gap are what
// the customer's lifecycle status was just before this order.
type placed struct {
	orderRec
	day int64
	k   int32
	gap int64
}

// history orders every valid order by customer, time and order_id and
// numbers each customer's orders.
func history(recs []orderRec) []placed {
	slices.SortFunc(recs, func(a, b orderRec) int {
		return cmp.Or(cmp.Compare(a.cust, b.cust), cmp.Compare(a.at, b.at), cmp.Compare(a.oid, b.oid))
	})
	out := make([]placed, len(recs))
	for i, r := range recs {
		p := placed{orderRec: r, day: dayOf(r.at), k: 1, gap: -1}
		if i > 0 && recs[i-1].cust == r.cust {
			prev := &out[i-1]
			p.k, p.gap = prev.k+1, p.day-prev.day
		}
		out[i] = p
	}
	return out
}

// status is the Ometria status the customer had just before placing o:
// lead before a first order.
func (o *placed) status(w Windows) string { return OmetriaStatus(o.k-1, o.gap, w) }

// stage is the Emarsys stage just before o.
func (o *placed) stage(w Windows) string { return EmarsysStage(o.k-1, o.gap, w) }

// wonBack: the customer was lapsed (beyond the lapsed window) when
// placing o. saved: at risk (beyond the active window, within lapsed).
func (o *placed) wonBack(w Windows) bool { return o.k > 1 && o.gap > w.Lapsed }
func (o *placed) saved(w Windows) bool   { return o.k > 1 && o.gap > w.Active && o.gap <= w.Lapsed }

// maxRangeDays bounds a date range (100 years), so a typo cannot ask for
// millions of periods.
const maxRangeDays = 36500

// dateRange reads a required range from args[i], args[i+1].
func dateRange(fn string, args []any, i int) (span, error) {
	from, ok, err := sqlfn.Date(fn, args, i)
	if err != nil {
		return span{}, err
	}
	to, ok2, err := sqlfn.Date(fn, args, i+1)
	if err != nil {
		return span{}, err
	}
	if !ok || !ok2 {
		return span{}, sqlfn.ErrArg(fn, "arguments %d and %d: a date range (from, to) is required", i+1, i+2)
	}
	return checkSpan(fn, span{from, to}, i)
}

func checkSpan(fn string, s span, i int) (span, error) {
	switch {
	case s.to < s.from:
		return s, sqlfn.ErrArg(fn, "arguments %d and %d: range ends (%s) before it starts (%s)", i+1, i+2,
			dateOf(s.to).Format("2006-01-02"), dateOf(s.from).Format("2006-01-02"))
	case s.to-s.from >= maxRangeDays:
		return s, sqlfn.ErrArg(fn, "arguments %d and %d: range of %d days is longer than %d", i+1, i+2, s.to-s.from+1, maxRangeDays)
	}
	return s, nil
}

// span is a range of days, both ends included.
type span struct{ from, to int64 }

func (s span) has(day int64) bool { return day >= s.from && day <= s.to }

// gatherHistory reads every valid order up to asOf (the last day any range
// needs), numbers them per customer, and resolves the lifecycle windows as
// of that day from args[wi], args[wi+1].
func gatherHistory(g *sqlfn.Guard, fn string, env sqlfn.Env, asOf int64, args []any, wi int) (*data, []placed, Windows, error) {
	d, err := gather(g, fn, env, asOf, true, need{days: !windowsGiven(args, wi), history: true})
	if err != nil {
		return nil, nil, Windows{}, err
	}
	w, err := windows(fn, env, d, args, wi)
	if err != nil {
		return nil, nil, Windows{}, err
	}
	h := history(d.b.hist)
	d.b.hist = nil
	return d, h, w, nil
}
