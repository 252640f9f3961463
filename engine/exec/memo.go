package exec

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// Common subexpressions: an operator's expressions often repeat a part
// (a pivot's SUM(CASE WHEN DAYOFWEEK(at) = 2 ...) for each weekday, a
// bucket written in the select list and again in a condition). The
// operator counts its subexpressions before compiling them
// (shareRepeats); each met more than once compiles to one memoExpr,
// which computes its value once per batch and hands the same vector to
// every reader. Readers never write into a vector they are given, so
// sharing it is safe.

// memoExpr computes x once per batch of its frame.
type memoExpr struct {
	x    Expr
	slot int
}

// memoMark is what a frame remembers of a memoExpr's last evaluation.
type memoMark struct {
	epoch uint64
	b     *Batch
	v     *Vec
}

func (m *memoExpr) Type() ColType { return m.x.Type() }

func (m *memoExpr) Vec(ctx *sql.Context, b *Batch, f *Frame) (*Vec, error) {
	if m.slot >= len(f.marks) { // a frame made before the memo was compiled
		f.marks = append(f.marks, make([]memoMark, m.slot+1-len(f.marks))...)
	}
	mk := &f.marks[m.slot]
	// Epoch 0: the operator does not mark its batches (Frame.next), so
	// a batch cannot be told from the next one refilled in place.
	if f.epoch != 0 && mk.epoch == f.epoch && mk.b == b {
		return mk.v, nil
	}
	v, err := m.x.Vec(ctx, b, f)
	if err != nil {
		return nil, err
	}
	*mk = memoMark{epoch: f.epoch, b: b, v: v}
	return v, nil
}

// next marks the start of a new batch: memoised values of the last one
// are stale. An operator whose compiler shares repeats calls it before
// evaluating its expressions over each batch.
func (f *Frame) next() { f.epoch++ }

// shareRepeats counts the subexpressions of es, the expressions the
// operator compiles next: those met twice or more are computed once per
// batch.
func (c *exprCompiler) shareRepeats(es ...sql.Expression) {
	if c.repeats == nil {
		c.repeats = map[string]int{}
	}
	for _, e := range es {
		sql.Inspect(e, func(x sql.Expression) bool {
			if !shareable(x) {
				return !isSubquery(x)
			}
			c.repeats[exprKey(x)]++
			return true
		})
	}
}

// shared returns the memo of e when e repeats, compiling it the first
// time; ok is false when e is not shared.
func (c *exprCompiler) shared(e sql.Expression) (Expr, bool, error) {
	if c.repeats == nil || !shareable(e) {
		return nil, false, nil
	}
	key := exprKey(e)
	if c.repeats[key] < 2 || key == c.own {
		return nil, false, nil
	}
	// Operands of arithmetic may compile differently (divide.go).
	at := fmt.Sprintf("%d|%s", min(c.inArith, 1), key)
	if m, ok := c.memos[at]; ok {
		return m, true, nil
	}
	own := c.own
	c.own = key // e itself, not its memo; its parts may be memos
	x, err := c.compile(e)
	c.own = own
	if err != nil {
		return nil, false, err
	}
	if !worthMemo(x) {
		return x, true, nil
	}
	m := &memoExpr{x: x, slot: c.slot()}
	if c.memos == nil {
		c.memos = map[string]*memoExpr{}
	}
	c.memos[at] = m
	return m, true, nil
}

// shareable: e's value over a batch depends on the batch alone, and
// computing it is work (a column or a literal is read, not computed).
func shareable(e sql.Expression) bool {
	switch e.(type) {
	case *expression.GetField, *expression.Literal, *expression.Alias, *expression.Star, sql.Aggregation:
		return false
	}
	if !pushable(e) { // non-deterministic, a subquery or a session value
		return false
	}
	nodes := false
	sql.Inspect(e, func(x sql.Expression) bool {
		nodes = nodes || isSubquery(x)
		return !nodes
	})
	return !nodes
}

// isSubquery: e holds a plan of its own (a subquery, EXISTS, IN (SELECT …)).
func isSubquery(e sql.Expression) bool {
	_, ok := e.(sql.ExpressionWithNodes)
	return ok
}

// worthMemo: x computes a vector (a column reference or a literal is
// handed out as it is).
func worthMemo(x Expr) bool {
	switch x.(type) {
	case colRef, *literal:
		return false
	}
	return true
}

// exprKey identifies e within one operator's input layout: its kind,
// text and type, and its columns by position (two columns may print
// alike).
func exprKey(e sql.Expression) string {
	var b strings.Builder
	writeKey(&b, e)
	return b.String()
}

func writeKey(b *strings.Builder, e sql.Expression) {
	if g, ok := e.(*expression.GetField); ok {
		fmt.Fprintf(b, "#%d", g.Index())
		return
	}
	fmt.Fprintf(b, "%T{%s|%s}(", e, e, e.Type())
	for _, ch := range e.Children() {
		writeKey(b, ch)
		b.WriteByte(',')
	}
	b.WriteByte(')')
}
