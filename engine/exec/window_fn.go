package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

// winKind is a window function the Window operator computes.
type winKind uint8

const (
	winRowNumber winKind = iota
	winRank
	winDenseRank
	winPercentRank
	winNTile
	winLagLead
	winFirst
	winLast
	winSum
	winAvg
	winCount
	winMin
	winMax
)

// winFunc is one window function of a group: its output column, its
// argument (and LAG/LEAD's default) over the input, and its frame.
type winFunc struct {
	kind  winKind
	col   int
	out   ColType
	arg   Expr // nil for COUNT(*) and the ranking functions
	def   Expr // LAG/LEAD's default (nil: NULL)
	shift int  // LAG/LEAD: the row read is the current one + shift
	frame winFrame
	exact bool                          // SUM/AVG on scaled integers (else DOUBLE)
	ntile sql.WindowAdaptableExpression // NTILE: GMS's own buckets
	deque []int32                       // MIN/MAX over sliding frames: window_compute.go's slide
}

// unwrapWindow looks through cohortdb's wrappers (MySQL frames and
// peers, nullability) to the function they wrap; framed reports whether
// an aggregate carries MySQL's default frame.
func unwrapWindow(e sql.Expression) (u sql.Expression, framed, ranked bool) {
	for {
		switch x := e.(type) {
		case *mysqlfn.Framed:
			e, framed = x.Aggregation, true
			continue
		case *mysqlfn.Ranked:
			e, ranked = x.WindowAggregation, true
			continue
		}
		if u := mysqlfn.UnwrapAggregate(e); u != e {
			e = u
			continue
		}
		return e, framed, ranked
	}
}

// compileFunc compiles window function e for output column col.
func (s *windowSpec) compileFunc(e sql.Expression, wa sql.WindowAdaptableExpression, col int) (*winFunc, error) {
	w := wa.Window()
	u, framed, ranked := unwrapWindow(e)
	hasOrder := w != nil && len(w.OrderBy) > 0
	fn := &winFunc{col: col}
	var err error
	switch u := u.(type) {
	case *window.RowNumber:
		fn.kind, fn.out = winRowNumber, ColType{Phys: PInt, SQL: types.Int64}
	case *window.Rank, *window.DenseRank, *window.PercentRank:
		if hasOrder && !ranked {
			return nil, unsupported("%s: peers compared by GMS", e)
		}
		fn.kind, fn.out = rankKind(u)
	case *window.NTile:
		fn.kind, fn.out, fn.ntile = winNTile, ColType{Phys: PFloat, SQL: types.Float64}, u
	case *mysqlfn.NTile: // BIGINT UNSIGNED, as in MySQL
		fn.kind, fn.out, fn.ntile = winNTile, ColType{Phys: PUint, SQL: types.Uint64}, u
	case *mysqlfn.LagLead:
		return fn, s.lagLead(fn, u, e)
	case *window.FirstValue:
		fn.kind = winFirst
		err = s.valueArg(fn, u.Child, e)
	case *window.LastValue:
		if w == nil || w.Frame == nil {
			// GMS's default frame ends at the current row (MySQL's at its last peer).
			return nil, unsupported("%s without a frame", e)
		}
		fn.kind = winLast
		err = s.valueArg(fn, u.Child, e)
	case *mysqlfn.Sum:
		fn.kind = winSum
		err = s.sumArg(fn, u.Child, u.Exact(), u, 0)
	case *mysqlfn.Avg:
		fn.kind = winAvg
		err = s.sumArg(fn, u.Child, u.Exact(), u, 4)
	case *aggregation.Count:
		fn.kind, fn.out = winCount, ColType{Phys: PInt, SQL: types.Int64}
		err = s.countArg(fn, u.Child)
	case *aggregation.Min:
		fn.kind = winMin
		err = s.valueArg(fn, u.Child, e)
	case *aggregation.Max:
		fn.kind = winMax
		err = s.valueArg(fn, u.Child, e)
	default:
		return nil, unsupported("window function %s", e)
	}
	if err != nil {
		return nil, err
	}
	switch fn.kind {
	case winCount, winMin, winMax: // mysqlfn's SUM and AVG have MySQL's frames of their own
		if !framed && (w == nil || w.Frame == nil) {
			return nil, unsupported("%s: GMS's default frame", e)
		}
	}
	fn.frame, err = frameOf(fn.kind, w)
	return fn, err
}

func rankKind(u sql.Expression) (winKind, ColType) {
	switch u.(type) {
	case *window.Rank:
		return winRank, ColType{Phys: PUint, SQL: types.Uint64}
	case *window.DenseRank:
		return winDenseRank, ColType{Phys: PUint, SQL: types.Uint64}
	}
	return winPercentRank, ColType{Phys: PFloat, SQL: types.Float64}
}

// valueArg compiles the argument of a function answering one of its
// values (LAG, FIRST_VALUE, MIN, …): the result has its layout.
func (s *windowSpec) valueArg(fn *winFunc, arg, e sql.Expression) error {
	x, err := s.ec.compile(arg)
	if err != nil {
		return err
	}
	fn.arg, fn.out = x, x.Type()
	if t, ok := TypeOf(e.Type()); ok && (t.Phys != fn.out.Phys || t.Scale != fn.out.Scale) {
		return unsupported("%s: argument and result layouts differ", e)
	}
	return nil
}

// lagLead compiles LAG and LEAD: a NULL default, or one of the
// argument's layout evaluated at the current row (GMS's rule). GMS
// answers a default of another type as it is (LAG(sum, 1, 0) of a
// DECIMAL(p,2) sends 0, not 0.00): such defaults stay with GMS.
func (s *windowSpec) lagLead(fn *winFunc, u *mysqlfn.LagLead, e sql.Expression) error {
	fn.kind, fn.shift = winLagLead, -u.Offset
	if u.Lead {
		fn.shift = u.Offset
	}
	val, def := u.Args()
	if val == nil {
		return unsupported("%s", e)
	}
	if err := s.valueArg(fn, val, e); err != nil {
		return err
	}
	if l, ok := def.(*expression.Literal); ok && l.Value() == nil {
		return nil
	}
	x, err := s.ec.compile(def)
	if err != nil {
		return err
	}
	if t := x.Type(); t.Phys != fn.out.Phys || t.Scale != fn.out.Scale {
		return unsupported("%s: default of another layout", e)
	}
	fn.def = x
	return nil
}

// sumArg compiles SUM/AVG's argument: exact sums of integers and
// DECIMALs on scaled int64s at MySQL's scale (AVG's 4 more), DOUBLE sums
// of doubles.
func (s *windowSpec) sumArg(fn *winFunc, arg sql.Expression, exact bool, e sql.Expression, extra int32) error {
	x, err := s.ec.compile(arg)
	if err != nil {
		return err
	}
	fn.arg, fn.exact = x, exact
	in := x.Type()
	if !exact {
		if in.Phys != PFloat || !types.IsFloat(e.Type()) {
			return unsupported("%s of %s", e, in.SQL)
		}
		fn.out = ColType{Phys: PFloat, SQL: types.Float64}
		return nil
	}
	out, ok := aggOutType(e)
	if !ok || out.Phys != PDec || (in.Phys != PInt && in.Phys != PDec) || out.Scale != in.Scale+extra {
		return unsupported("%s of %s", e, in.SQL)
	}
	fn.out = out
	return nil
}

// countArg compiles COUNT's argument: * or a non-NULL literal count
// every row.
func (s *windowSpec) countArg(fn *winFunc, arg sql.Expression) error {
	switch a := arg.(type) {
	case *expression.Star:
		return nil
	case *expression.Literal:
		if a.Value() != nil {
			return nil
		}
	}
	x, err := s.ec.compile(arg)
	fn.arg = x
	return err
}
