package segments

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The procedures change segments. Each one works in the segment database
// of the caller (sqlfn.ShopDB: the current database if it has an orders
// table, else shop), holds reg.writeMu for its whole read-modify-write,
// stores the blob (synced) and then mirrors it in the segments table.
// Their effects commit at once, outside any transaction of the caller.

var segmentResult = sql.Schema{
	{Name: "segment", Type: types.LongText},
	{Name: "size", Type: types.Int64},
	{Name: "refreshed_at", Type: types.DatetimeMaxPrecision},
}

func segmentRow(s *Segment) sql.RowIter {
	return sql.RowsToRowIter(sql.Row{s.Name, int64(s.Members.GetCardinality()), s.Refresh})
}

// procEnv is what every procedure starts with. Every one of them changes
// a segment: the caller must be able to read and change db.segments, and
// create it when it is missing (checked here, before a segment's query
// runs or its name is looked up).
func procEnv(ctx *sql.Context, fn, name string) (sqlfn.Env, string, string, error) {
	n, err := normName(fn, name)
	if err != nil {
		return nil, "", "", err
	}
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, "", "", err
	}
	db := sqlfn.ShopDB(env)
	if err := sqlfn.CheckWrite(env, db, segmentsTable, append([]sql.PrivilegeType{sql.PrivilegeType_Select}, writePrivileges...)...); err != nil {
		return nil, "", "", err
	}
	return env, db, n, nil
}

// createSegment is CALL create_segment(name, sql): evaluate sql and save
// the result, replacing a segment of the same name (its control group,
// if any, is kept: membership is a function of the customer id).
func createSegment(ctx *sql.Context, name, query string) (sql.RowIter, error) {
	return save(ctx, "create_segment", name, &query)
}

// refreshSegment is CALL refresh_segment(name): evaluate the stored SQL
// again.
func refreshSegment(ctx *sql.Context, name string) (sql.RowIter, error) {
	return save(ctx, "refresh_segment", name, nil)
}

// save evaluates a segment's query (the given one, or the stored one
// when query is nil) and stores the result.
func save(ctx *sql.Context, fn, name string, query *string) (sql.RowIter, error) {
	env, db, n, err := procEnv(ctx, fn, name)
	if err != nil {
		return nil, err
	}
	reg.writeMu.Lock()
	defer reg.writeMu.Unlock()
	old, err := reg.peek(fn, env, db, n)
	if err != nil {
		return nil, err
	}
	if query == nil && old == nil {
		return nil, errUnknown(fn, db, n)
	}
	s := &Segment{Name: n, Version: 1}
	if old != nil {
		s.SQL, s.Control, s.Version = old.SQL, old.Control, old.Version+1
	}
	if query != nil {
		s.SQL = *query
	}
	if s.Members, err = evaluate(fn, ctx, env, db, s.SQL); err != nil {
		return nil, err
	}
	s.Refresh = now()
	return publish(fn, env, db, s)
}

// publish stores s and mirrors it in the segments table.
func publish(fn string, env sqlfn.Env, db string, s *Segment) (sql.RowIter, error) {
	// The table first: a caller who may not create it (or add its column
	// saved) stores nothing.
	if err := prepareTable(fn, env, db); err != nil {
		return nil, err
	}
	if err := reg.put(fn, env.Meta(), db, s); err != nil {
		return nil, err
	}
	if err := writeRow(fn, env, db, s); err != nil {
		return nil, err
	}
	return segmentRow(s), nil
}

// dropSegment is CALL drop_segment(name).
func dropSegment(ctx *sql.Context, name string) (sql.RowIter, error) {
	const fn = "drop_segment"
	env, db, n, err := procEnv(ctx, fn, name)
	if err != nil {
		return nil, err
	}
	reg.writeMu.Lock()
	defer reg.writeMu.Unlock()
	s, err := reg.get(fn, env, db, n)
	if err != nil {
		return nil, err
	}
	if err := deleteRow(fn, env, db, n); err != nil {
		return nil, err
	}
	if err := reg.remove(fn, env.Meta(), db, n); err != nil {
		return nil, err
	}
	return segmentRow(s), nil
}

var controlResult = sql.Schema{
	{Name: "segment", Type: types.LongText},
	{Name: "customers", Type: types.Int64},
	{Name: "treated", Type: types.Int64},
	{Name: "control", Type: types.Int64},
	{Name: "percent", Type: types.Float64},
	{Name: "seed", Type: types.Int64},
}

// createControlGroup is CALL create_control_group(segment, percent, seed):
// hold out percent% of the segment (see control.go), replacing an
// earlier control group of the segment. The members are not
// re-evaluated.
func createControlGroup(ctx *sql.Context, name string, percent float64, seed int64) (sql.RowIter, error) {
	const fn = "create_control_group"
	if !validPercent(percent) {
		return nil, sqlfn.ErrArg(fn, "percent %v must be strictly between 0 and 100", percent)
	}
	env, db, n, err := procEnv(ctx, fn, name)
	if err != nil {
		return nil, err
	}
	reg.writeMu.Lock()
	defer reg.writeMu.Unlock()
	old, err := reg.get(fn, env, db, n)
	if err != nil {
		return nil, err
	}
	s := *old
	s.Control = &Control{Percent: percent, Seed: seed}
	s.Version++
	if _, err := publish(fn, env, db, &s); err != nil {
		return nil, err
	}
	treated, control := s.Control.Split(s.Members)
	return sql.RowsToRowIter(sql.Row{n, int64(s.Members.GetCardinality()),
		int64(treated.GetCardinality()), int64(control.GetCardinality()), percent, seed}), nil
}

// createControlGroupSeed0 is create_control_group(segment, percent) with seed 0.
func createControlGroupSeed0(ctx *sql.Context, name string, percent float64) (sql.RowIter, error) {
	return createControlGroup(ctx, name, percent, 0)
}
