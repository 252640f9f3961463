package segments

import (
	"fmt"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// inSegmentFunc is the scalar in_segment(customer_id, 'name'): TRUE when
// the customer is a member of the saved segment (NULL for a NULL id).
var inSegmentFunc = sql.Function2{Name: "in_segment", Fn: func(id, name sql.Expression) sql.Expression {
	return &inSegmentExpr{id: id, name: name}
}}

// inSegmentExpr keeps the segment it last used, tagged with the registry
// generation and the session database it was resolved for, so that per
// row the work is two atomic loads, two string compares and one bitmap
// Contains; any segment write bumps the generation and forces a lookup.
type inSegmentExpr struct {
	id, name sql.Expression
	last     atomic.Pointer[resolved]
}

type resolved struct {
	gen   uint64
	curDB string
	name  string // as given, before folding
	seg   *Segment
}

var _ sql.FunctionExpression = (*inSegmentExpr)(nil)

func (e *inSegmentExpr) FunctionName() string { return "in_segment" }
func (e *inSegmentExpr) Description() string {
	return "returns whether a customer id is a member of a saved segment"
}
func (e *inSegmentExpr) Type() sql.Type             { return types.Boolean }
func (e *inSegmentExpr) IsNullable() bool           { return true }
func (e *inSegmentExpr) Children() []sql.Expression { return []sql.Expression{e.id, e.name} }
func (e *inSegmentExpr) Resolved() bool             { return e.id.Resolved() && e.name.Resolved() }
func (e *inSegmentExpr) String() string             { return fmt.Sprintf("in_segment(%s, %s)", e.id, e.name) }

func (e *inSegmentExpr) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	if len(children) != 2 {
		return nil, sql.ErrInvalidChildrenNumber.New(e, len(children), 2)
	}
	return &inSegmentExpr{id: children[0], name: children[1]}, nil
}

func (e *inSegmentExpr) Eval(ctx *sql.Context, row sql.Row) (any, error) {
	v, err := e.id.Eval(ctx, row)
	if err != nil || v == nil {
		return nil, err
	}
	nv, err := e.name.Eval(ctx, row)
	if err != nil {
		return nil, err
	}
	if nv == nil {
		return nil, sqlfn.ErrArg("in_segment", "the segment name is NULL")
	}
	name, _ := sqlfn.String("in_segment", []any{nv}, 0, "")
	seg, err := e.segment(ctx, name)
	if err != nil {
		return nil, err
	}
	id, ok := idValue(v)
	if !ok {
		n, err := sqlfn.Int("in_segment", []any{v}, 0, 0)
		if err != nil {
			return nil, sqlfn.ErrArg("in_segment", "customer id %v is not an integer", v)
		}
		id = n
	}
	return id >= 0 && seg.Members.Contains(uint64(id)), nil
}

// segment returns the named segment, reusing the last one while no
// segment was written and the session's database is the same.
func (e *inSegmentExpr) segment(ctx *sql.Context, name string) (*Segment, error) {
	gen, cur := reg.gen.Load(), ctx.GetCurrentDatabase()
	if r := e.last.Load(); r != nil && r.gen == gen && r.name == name && r.curDB == cur {
		return r.seg, nil
	}
	n, err := normName("in_segment", name)
	if err != nil {
		return nil, err
	}
	env, err := sqlfn.EnvOf(ctx)
	if err != nil {
		return nil, err
	}
	seg, err := reg.get("in_segment", env, sqlfn.ShopDB(env), n)
	if err != nil {
		return nil, err
	}
	e.last.Store(&resolved{gen: gen, curDB: cur, name: name, seg: seg})
	return seg, nil
}

// idValue is the fast path for the integer types columns evaluate to.
func idValue(v any) (int64, bool) {
	switch x := v.(type) {
	case int64:
		return x, true
	case int32:
		return int64(x), true
	case uint64:
		if x>>63 != 0 {
			return -1, true
		}
		return int64(x), true
	case uint32:
		return int64(x), true
	case int:
		return int64(x), true
	}
	return 0, false
}

var _ sqlfn.IntSetPredicate = (*inSegmentExpr)(nil)

// SetArgument is the customer id.
func (e *inSegmentExpr) SetArgument() sql.Expression { return e.id }

// CanVectorize holds when the segment name is a literal.
func (e *inSegmentExpr) CanVectorize() bool {
	_, ok := e.name.(*expression.Literal)
	return ok
}

// Contains resolves the segment once: membership is what Eval tests.
func (e *inSegmentExpr) Contains(ctx *sql.Context) (func(int64) bool, error) {
	nv, err := e.name.Eval(ctx, nil)
	if err != nil {
		return nil, err
	}
	if nv == nil {
		return nil, sqlfn.ErrArg("in_segment", "the segment name is NULL")
	}
	name, _ := sqlfn.String("in_segment", []any{nv}, 0, "")
	seg, err := e.segment(ctx, name)
	if err != nil {
		return nil, err
	}
	members := seg.Members
	return func(id int64) bool { return id >= 0 && members.Contains(uint64(id)) }, nil
}
