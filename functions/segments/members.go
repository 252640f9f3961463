package segments

import (
	"github.com/RoaringBitmap/roaring/v2/roaring64"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/membudget"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// maxOperands bounds segment_members' set expression (table functions
// have a fixed maximum of arguments): up to 8 segments, 7 operators.
const maxOperands = 8

var membersSchema = sql.Schema{{Name: "customer_id", Type: types.Int64}}

// membersRows is segment_members(a [, op, b [, op, c ...]]): the members
// of a, or of the set expression evaluated strictly left to right
// ((a op b) op c, no precedence), in increasing customer_id order.
func membersRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	bm, err := combine(ctx, env, "segment_members", args)
	if err != nil {
		return nil, err
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	// The rows are charged before they are built: a segment of 10M
	// members is 10M rows.
	if err := g.Grow(int64(bm.GetCardinality()) * memberRowSize); err != nil {
		return nil, err
	}
	rows := make([]sql.Row, 0, bm.GetCardinality())
	it := bm.Iterator()
	for it.HasNext() {
		if err := g.Step(1); err != nil {
			return nil, err
		}
		rows = append(rows, sql.Row{int64(it.Next())})
	}
	return rows, nil
}

// memberRowSize is what a one-integer row holds (its slot included).
var memberRowSize = membudget.RowSize(sql.Row{int64(0)}) + 24

// combine evaluates the set expression of segment_members' arguments.
func combine(ctx *sql.Context, env sqlfn.Env, fn string, args []any) (*roaring64.Bitmap, error) {
	n := len(args)
	for n > 0 && args[n-1] == nil {
		n-- // absent trailing arguments
	}
	if n%2 == 0 {
		return nil, sqlfn.ErrArg(fn, "expected segment [, operator, segment ...], got %d arguments", n)
	}
	db := sqlfn.ShopDB(env)
	first, err := segmentArg(fn, env, db, args, 0)
	if err != nil {
		return nil, err
	}
	acc := first.Members
	for i := 1; i < n; i += 2 {
		opName, err := sqlfn.String(fn, args, i, "")
		if err != nil {
			return nil, err
		}
		op, err := ParseOp(opName)
		if err != nil {
			return nil, sqlfn.ErrArg(fn, "argument %d: %v", i+1, err)
		}
		next, err := segmentArg(fn, env, db, args, i+1)
		if err != nil {
			return nil, err
		}
		acc = Apply(acc, op, next.Members)
	}
	return acc, nil
}

// segmentArg reads argument i as a segment name and loads the segment.
func segmentArg(fn string, env sqlfn.Env, db string, args []any, i int) (*Segment, error) {
	if i >= len(args) || args[i] == nil {
		return nil, sqlfn.ErrArg(fn, "argument %d: a segment name is required", i+1)
	}
	name, err := sqlfn.String(fn, args, i, "")
	if err != nil {
		return nil, err
	}
	n, err := normName(fn, name)
	if err != nil {
		return nil, err
	}
	return reg.get(fn, env, db, n)
}

var groupsSchema = sql.Schema{
	{Name: "customer_id", Type: types.Int64},
	{Name: "grp", Type: types.LongText},
}

// groupsRows is segment_groups(segment): every member with its group,
// 'treated' or 'control', by the segment's control group.
func groupsRows(ctx *sql.Context, env sqlfn.Env, args []any) ([]sql.Row, error) {
	const fn = "segment_groups"
	s, err := segmentArg(fn, env, sqlfn.ShopDB(env), args, 0)
	if err != nil {
		return nil, err
	}
	if s.Control == nil {
		return nil, errNoControl(fn, s.Name)
	}
	g := sqlfn.NewGuard(ctx)
	defer g.Release()
	if err := g.Grow(int64(s.Members.GetCardinality()) * groupRowSize); err != nil {
		return nil, err
	}
	rows := make([]sql.Row, 0, s.Members.GetCardinality())
	it := s.Members.Iterator()
	for it.HasNext() {
		if err := g.Step(1); err != nil {
			return nil, err
		}
		id := it.Next()
		grp := "treated"
		if s.Control.InControl(id) {
			grp = "control"
		}
		rows = append(rows, sql.Row{int64(id), grp})
	}
	return rows, nil
}

// groupRowSize is what a row of segment_groups holds.
var groupRowSize = membudget.RowSize(sql.Row{int64(0), "treated"}) + 24

func errNoControl(fn, name string) error {
	return sqlfn.ErrArg(fn, "segment %s has no control group (CALL create_control_group(%s, percent, seed) first)", name, quoteString(name))
}
