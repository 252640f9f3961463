package rfm

import (
	"cmp"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

func eventsCol(name string, t sql.Type) *sql.Column {
	return &sql.Column{Name: name, Type: t, Source: "customer_events", Nullable: true}
}

var eventsSchema = sql.Schema{
	eventsCol("breakdown_value", varchar(200)),
	eventsCol("event", varchar(20)),
	eventsCol("customers", types.Int64),
	eventsCol("compare_customers", types.Int64),
	eventsCol("change", types.Int64),
	eventsCol("change_pct", types.Float64),
}

// Customer events, in report order; bit i of a mask is event i.
var eventNames = [...]string{"unique_customers", "gained", "second_order", "won_back", "saved"}

// eventMask is the set of events order o is: every order makes its
// customer a unique customer of the range.
func eventMask(o *placed, w Windows) uint8 {
	m := uint8(1)
	if o.k == 1 {
		m |= 1 << 1
	}
	if o.k == 2 {
		m |= 1 << 2
	}
	if o.wonBack(w) {
		m |= 1 << 3
	}
	if o.saved(w) {
		m |= 1 << 4
	}
	return m
}

// hit is one customer's events through one breakdown value: cur and cmp
// are the event masks in the range and in the comparison range.
type hit struct {
	label    int32
	cust     int64
	cur, cmp uint8
}

// customerEventsRows is customer_events(from, to [, breakdown [,
// compare_from, compare_to [, active_days [, lapsed_days]]]]): how many
// distinct customers placed a valid order (unique_customers), a first
// order (gained), a second order, an order after being lapsed (won_back)
// or after being at risk (saved) in the range and in the comparison range,
// per value of the breakdown.
func customerEventsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	g := sqlfn.NewGuard(ctx) // what it gathers is garbage once its rows are built
	defer g.Release()
	const fn = "customer_events"
	r, err := dateRange(fn, args, 0)
	if err != nil {
		return nil, err
	}
	bd, err := parseBreakdown(fn, args, 2, "all")
	if err != nil {
		return nil, err
	}
	c, err := compareRange(fn, args, 3, r)
	if err != nil {
		return nil, err
	}
	_, h, w, err := gatherHistory(g, fn, env, max(r.to, c.to), args, 5)
	if err != nil {
		return nil, err
	}
	var hits []hit
	ls := newLabels()
	if bd == "all" {
		ls.names = []string{"all"}
		for i := range h {
			if m, n := orderMasks(&h[i], r, c, w); m|n != 0 {
				hits = append(hits, hit{0, h[i].cust, m, n})
			}
		}
	} else {
		byOrder := map[int64]hit{}
		for i := range h {
			if m, n := orderMasks(&h[i], r, c, w); m|n != 0 {
				byOrder[h[i].oid] = hit{cust: h[i].cust, cur: m, cmp: n}
			}
		}
		err = scanLines(env, defaultDB(env), bd, max(r.to, c.to), ls, func(l line) {
			if x, ok := byOrder[l.oid]; ok {
				x.label = l.label
				hits = append(hits, x)
			}
		})
		if err != nil {
			return nil, sqlfn.ErrNoData(fn, "%v", err)
		}
	}
	return eventRows(hits, ls, bd == "all"), nil
}

// orderMasks returns o's events in the range and in the comparison range.
func orderMasks(o *placed, r, c span, w Windows) (cur, cmp uint8) {
	if r.has(o.day) {
		cur = eventMask(o, w)
	}
	if c.has(o.day) {
		cmp = eventMask(o, w)
	}
	return cur, cmp
}

// compareRange reads the comparison range from args[i], args[i+1];
// default: as many days as r, ending the day before r starts.
func compareRange(fn string, args []any, i int, r span) (span, error) {
	from, ok, err := sqlfn.Date(fn, args, i)
	if err != nil {
		return span{}, err
	}
	to, ok2, err := sqlfn.Date(fn, args, i+1)
	if err != nil {
		return span{}, err
	}
	switch {
	case !ok && !ok2:
		return span{r.from - (r.to - r.from + 1), r.from - 1}, nil
	case !ok || !ok2:
		return span{}, sqlfn.ErrArg(fn, "arguments %d and %d: give both ends of the comparison range, or neither", i+1, i+2)
	}
	return checkSpan(fn, span{from, to}, i)
}

// eventRows counts distinct customers per (label, event) in both ranges.
// Every label met gets a row for every event; labels are ordered by name
// (NULL first). With all, label 0 has rows even when nobody ordered.
func eventRows(hits []hit, ls *labels, all bool) []sql.Row {
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(a.label, b.label), cmp.Compare(a.cust, b.cust))
	})
	type counts struct{ cur, cmp [len(eventNames)]int64 }
	byLabel := map[int32]*counts{}
	for i := 0; i < len(hits); {
		j, cur, cmp := i, uint8(0), uint8(0)
		for ; j < len(hits) && hits[j].label == hits[i].label && hits[j].cust == hits[i].cust; j++ {
			cur |= hits[j].cur
			cmp |= hits[j].cmp
		}
		n := byLabel[hits[i].label]
		if n == nil {
			n = &counts{}
			byLabel[hits[i].label] = n
		}
		for e := range eventNames {
			n.cur[e] += int64(cur >> e & 1)
			n.cmp[e] += int64(cmp >> e & 1)
		}
		i = j
	}
	if all && byLabel[0] == nil {
		byLabel[0] = &counts{}
	}
	keys := make([]int32, 0, len(byLabel))
	for k := range byLabel {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, ls.compare)
	var rows []sql.Row
	for _, k := range keys {
		n := byLabel[k]
		for e, name := range eventNames {
			rows = append(rows, sql.Row{ls.value(k), name, n.cur[e], n.cmp[e], n.cur[e] - n.cmp[e],
				pct(n.cur[e]-n.cmp[e], n.cmp[e])})
		}
	}
	return rows
}

// pct is 100·num/den, NULL when den is 0.
func pct(num, den int64) any {
	if den == 0 {
		return nil
	}
	return 100 * float64(num) / float64(den)
}
