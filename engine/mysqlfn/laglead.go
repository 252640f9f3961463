package mysqlfn

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/expression/function/aggregation/window"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// lagLeadFunctions are LAG and LEAD with their optional arguments always
// written out: LAG(x) is LAG(x, 1, NULL), LAG(x, n) is LAG(x, n, NULL).
// GMS v0.20.0 keeps a missing default as a missing child, and its
// WithChildren refuses fewer than two children, so LAG(x) OVER () (a
// window with no expressions of its own) failed every analyzer rule that
// rebuilt it: a nil expression in the plan, and a panic answered as 1105.
// A NULL default is what MySQL answers beyond the partition anyway.
var lagLeadFunctions = []sql.Function{
	sql.FunctionN{Name: "lag", Fn: func(e ...sql.Expression) (sql.Expression, error) {
		return newLagLead(false, e)
	}},
	sql.FunctionN{Name: "lead", Fn: func(e ...sql.Expression) (sql.Expression, error) {
		return newLagLead(true, e)
	}},
}

func newLagLead(lead bool, e []sql.Expression) (sql.Expression, error) {
	e = withDefaults(e)
	if len(e) != 3 {
		name := "LAG"
		if lead {
			name = "LEAD"
		}
		return nil, sql.ErrInvalidArgumentNumber.New(name, "1, 2, or 3", len(e))
	}
	offset, err := expression.LiteralToInt(e[1])
	if err != nil {
		return nil, err
	}
	var wa sql.WindowAggregation
	if lead {
		wa, err = window.NewLead(e...)
	} else {
		wa, err = window.NewLag(e...)
	}
	if err != nil {
		return nil, err
	}
	return &LagLead{gmsWindow: gmsWindow{wa}, Lead: lead, Offset: offset}, nil
}

// withDefaults pads LAG/LEAD arguments to (expr, offset, default); any
// other count is left for GMS to refuse.
func withDefaults(e []sql.Expression) []sql.Expression {
	switch len(e) {
	case 1:
		return []sql.Expression{e[0], expression.NewLiteral(int8(1), types.Int8), expression.NewLiteral(nil, types.Null)}
	case 2:
		return []sql.Expression{e[0], e[1], expression.NewLiteral(nil, types.Null)}
	}
	return e
}

// LagLead is GMS's LAG or LEAD with its offset readable (GMS keeps it
// unexported), for the executor's window operator; GMS computes it as
// its own.
type LagLead struct {
	gmsWindow // *window.Lag or *window.Lead
	Lead      bool
	Offset    int
}

var _ sql.WindowAggregation = (*LagLead)(nil)

// Args are the value and default expressions.
func (l *LagLead) Args() (value, def sql.Expression) {
	var ch []sql.Expression
	switch w := l.WindowAggregation.(type) {
	case *window.Lag:
		ch = w.ChildExpressions
	case *window.Lead:
		ch = w.ChildExpressions
	}
	if len(ch) < 2 {
		return nil, nil
	}
	return ch[0], ch[1]
}

func (l *LagLead) rewrap(e any) *LagLead {
	return &LagLead{gmsWindow: gmsWindow{e.(sql.WindowAggregation)}, Lead: l.Lead, Offset: l.Offset}
}

func (l *LagLead) WithWindow(w *sql.WindowDefinition) sql.WindowAdaptableExpression {
	return l.rewrap(l.WindowAggregation.WithWindow(w))
}

func (l *LagLead) WithId(id sql.ColumnId) sql.IdExpression {
	return l.rewrap(l.WindowAggregation.WithId(id))
}

func (l *LagLead) WithChildren(children ...sql.Expression) (sql.Expression, error) {
	e, err := l.WindowAggregation.WithChildren(children...)
	if err != nil {
		return nil, err
	}
	return l.rewrap(e), nil
}

// gmsWindow is a GMS window function wrapped to change one thing about
// it: FunctionName, Description and CollationCoercibility stay GMS's.
type gmsWindow struct {
	sql.WindowAggregation
}

func (g gmsWindow) FunctionName() string {
	return g.WindowAggregation.(sql.FunctionExpression).FunctionName()
}

func (g gmsWindow) Description() string {
	return g.WindowAggregation.(sql.FunctionExpression).Description()
}

func (g gmsWindow) CollationCoercibility(ctx *sql.Context) (sql.CollationID, byte) {
	return g.WindowAggregation.(sql.CollationCoercible).CollationCoercibility(ctx)
}

// NewWindowFunction is GMS's, except over an empty input: GMS computes
// one value even then, and its LAG/LEAD read the default's row at
// buffer[0] (a panic answered as 1105 for LAG(x) OVER (ORDER BY …) of a
// query without rows, once the default is written out above).
func (l *LagLead) NewWindowFunction() (sql.WindowFunction, error) {
	f, err := l.WindowAggregation.NewWindowFunction()
	if err != nil {
		return nil, err
	}
	return emptyInputSafe{f}, nil
}

// emptyInputSafe computes NULL over an empty buffer.
type emptyInputSafe struct{ sql.WindowFunction }

func (e emptyInputSafe) Compute(ctx *sql.Context, interval sql.WindowInterval, buf sql.WindowBuffer) any {
	if len(buf) == 0 {
		return nil
	}
	return e.WindowFunction.Compute(ctx, interval, buf)
}
