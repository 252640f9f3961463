package behaviour

import (
	"math"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/shopspring/decimal"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// sessionStatsRows is session_stats(from, to [, dimension]): the session
// KPIs of the sessions starting on days from..to, per value of an events
// text column (channel, source, device, …; NULL or 'all': one row).
func sessionStatsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "session_stats"
	from, to, err := dayRange(fn, args)
	if err != nil {
		return nil, err
	}
	dim, err := sqlfn.String(fn, args, 2, "all")
	if err != nil {
		return nil, err
	}
	dim = strings.ToLower(strings.TrimSpace(dim))
	db := sqlfn.ShopDB(env)
	if dim == "all" {
		dim = ""
	} else if err := checkDimension(fn, env, db, dim); err != nil {
		return nil, err
	}
	timeout := timeoutMicros(env)
	fromUs, toUs := from*sqlfn.MicrosPerDay, (to+1)*sqlfn.MicrosPerDay
	// A day of events either side: sessions that start in the range and
	// end after it keep their tail, those running into it from before are
	// not mistaken for new ones.
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	ls := &labels{index: map[string]int32{}}
	hits, err := webHits(g, env, db, dim, fromUs-sqlfn.MicrosPerDay, toUs+sqlfn.MicrosPerDay, ls)
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	ss, err := sessionize(g, hits, timeout)
	if err != nil {
		return nil, err
	}
	scale, err := validLines(g, env, db, fromUs, toUs+sqlfn.MicrosPerDay+timeout, func(l *line) {
		attribute(ss, l.cust, l.at, l.amount, timeout)
	})
	if err != nil {
		return nil, sqlfn.ErrNoData(fn, "%v", err)
	}
	k := summarize(ss, fromUs, toUs, len(ls.names))
	return sessionRows(k, ls.names, dim == "", scale), nil
}

// sessionRows formats the KPIs, by dimension value (NULL first).
func sessionRows(k []kpis, names []string, all bool, scale int32) []sql.Row {
	if all {
		return []sql.Row{kpiRow("all", &k[0], scale)}
	}
	order := make([]int, 0, len(k))
	if k[len(names)].sessions > 0 {
		order = append(order, len(names))
	}
	idx := make([]int, len(names))
	for i := range idx {
		idx[i] = i
	}
	sortByName(idx, names)
	for _, i := range idx {
		if k[i].sessions > 0 {
			order = append(order, i)
		}
	}
	rows := make([]sql.Row, 0, len(order))
	for _, i := range order {
		var v any
		if i < len(names) {
			v = names[i]
		}
		rows = append(rows, kpiRow(v, &k[i], scale))
	}
	return rows
}

func kpiRow(v any, k *kpis, scale int32) sql.Row {
	n := float64(k.sessions)
	rate := func(x int64) any {
		if k.sessions == 0 {
			return nil
		}
		return math.Round(float64(x)/n*1e4) / 1e4
	}
	var avg, perVisit any
	rev := decimal.New(k.revenue, -scale)
	if k.sessions > 0 {
		avg = math.Round(float64(k.duration)/n/1e5) / 10
		perVisit = rev.Div(decimal.NewFromInt(k.sessions)).Round(2)
	}
	return sql.Row{v, k.sessions, k.visitors, rate(k.bounces), avg, k.conversions, rate(k.conversions), rev.Round(2), perVisit}
}

// dayRange reads the inclusive day range of args[0], args[1].
func dayRange(fn string, args []any) (from, to int64, err error) {
	from, ok, err := sqlfn.Date(fn, args, 0)
	if err != nil {
		return 0, 0, err
	}
	to, ok2, err := sqlfn.Date(fn, args, 1)
	if err != nil {
		return 0, 0, err
	}
	if !ok || !ok2 {
		return 0, 0, sqlfn.ErrArg(fn, "arguments 1 and 2: give the first and last day of the range")
	}
	if to < from {
		return 0, 0, sqlfn.ErrArg(fn, "argument 2: the range ends before it starts")
	}
	return from, to, nil
}

// checkDimension accepts a text column of db.events.
func checkDimension(fn string, env sqlfn.Env, db, dim string) error {
	sn, err := env.Snapshot(db, "events")
	if err != nil {
		return err
	}
	if sqlfn.OptionalColumn(sn, dim, read.KindBytes) < 0 {
		return sqlfn.ErrArg(fn, "argument 3: %q is not a text column of events (try 'channel', 'source' or 'device', or 'all')", dim)
	}
	return nil
}
