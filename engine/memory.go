package engine

import (
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/iters"
	"github.com/dolthub/go-mysql-server/sql/plan"

	"github.com/cohortdb/cohortdb/contract/membudget"
)

// Memory accounting of go-mysql-server's row-at-a-time operators that
// materialise their input (contract/membudget has the model).
//
// GMS's iterators take no budget, so the builder wraps them where they
// are built: the child of a Sort, of a GMS Window and of a TopN is read
// through an accountingIter that reserves each row's estimated size on
// the statement's account as the operator takes it, and the operator's
// own iterator is wrapped in a releasingIter that gives the reservation
// back when it is closed. A hash join's build side (HashLookup) is
// charged as it is read into the join's table and held until the
// statement ends (GMS keeps that table for the statement). A reservation
// refused fails the statement with membudget's error, which the server
// answers with 1038; the rows are dropped when the statement's iterators
// close.
//
// Not charged here: GMS's GroupBy and Distinct keep one entry per group
// (not per input row, so charging rows would refuse legitimate
// aggregates); the general executor and vectorAgg take most GROUP BYs.

// accountedNode marks the child of a materialising node whose rows are
// charged to hold as they are read. It exists only between Build calls.
type accountedNode struct {
	child   sql.Node
	tally   *membudget.Tally
	maxRows int64 // rows charged at most (a TopN's limit); < 0: all
}

var _ sql.Node = (*accountedNode)(nil)

func (a *accountedNode) Resolved() bool       { return a.child.Resolved() }
func (a *accountedNode) IsReadOnly() bool     { return a.child.IsReadOnly() }
func (a *accountedNode) Schema() sql.Schema   { return a.child.Schema() }
func (a *accountedNode) Children() []sql.Node { return []sql.Node{a.child} }
func (a *accountedNode) String() string       { return fmt.Sprintf("Accounted(%s)", a.child) }
func (a *accountedNode) WithChildren(children ...sql.Node) (sql.Node, error) {
	if len(children) != 1 {
		return nil, sql.ErrInvalidChildrenNumber.New(a, len(children), 1)
	}
	na := *a
	na.child = children[0]
	return &na, nil
}

// buildAccounted builds the materialising nodes with their input
// charged; ok is false for other nodes (and outside a statement with an
// account).
func (b *loadDataBuilder) buildAccounted(ctx *sql.Context, n sql.Node, row sql.Row) (_ sql.RowIter, ok bool, err error) {
	if a, isA := n.(*accountedNode); isA {
		it, err := b.base.Build(ctx, a.child, row)
		if err != nil {
			return nil, true, err
		}
		return &accountingIter{RowIter: it, tally: a.tally, left: a.maxRows}, true, nil
	}
	acct := membudget.FromContext(ctx)
	if acct == nil {
		return nil, false, nil
	}
	switch n := n.(type) {
	case *plan.Sort:
		return b.buildCharged(ctx, n, n.Child, -1, row)
	case *plan.Window:
		return b.buildCharged(ctx, n, n.Child, -1, row)
	case *plan.TopN:
		if n.CalcFoundRows {
			return nil, false, nil
		}
		limit, err := topNLimit(ctx, n)
		if err != nil {
			return nil, false, nil
		}
		return b.buildCharged(ctx, n, n.Child, limit, row)
	case *plan.HashLookup:
		if lookupBuilt(n) || gmsBuildsLookup(ctx, n) {
			// Built (rows come from its table), or this is GMS's own
			// build of n, called back from b.base.Build below.
			return nil, false, nil
		}
		it, err := b.base.Build(whileGMSBuildsLookup(ctx, n), n, row)
		if err != nil {
			return nil, true, err
		}
		// The table lives as long as the statement: the account's
		// Close releases it.
		return &accountingIter{RowIter: it, tally: membudget.NewTally(acct), left: -1}, true, nil
	}
	return nil, false, nil
}

// buildCharged builds n with child's rows charged (at most maxRows of
// them) and released when n's iterator closes.
func (b *loadDataBuilder) buildCharged(ctx *sql.Context, n, child sql.Node, maxRows int64, row sql.Row) (sql.RowIter, bool, error) {
	if _, done := child.(*accountedNode); done {
		return nil, false, nil
	}
	t := membudget.NewTally(membudget.FromContext(ctx))
	nn, err := n.WithChildren(&accountedNode{child: child, tally: t, maxRows: maxRows})
	if err != nil {
		return nil, false, nil
	}
	it, err := b.base.Build(ctx, nn, row)
	if err != nil {
		t.Release()
		return nil, true, err
	}
	return &releasingIter{RowIter: it, tally: t}, true, nil
}

// chargedAlready reports whether n's input is already charged (n is the
// node buildCharged built).
func chargedAlready(n sql.Node) bool {
	for _, c := range n.Children() {
		if _, ok := c.(*accountedNode); ok {
			return true
		}
	}
	return false
}

// accountingIter charges each row it passes on (the first left of them;
// left < 0: all).
type accountingIter struct {
	sql.RowIter
	tally *membudget.Tally
	left  int64
}

func (a *accountingIter) Next(ctx *sql.Context) (sql.Row, error) {
	r, err := a.RowIter.Next(ctx)
	if err != nil || a.left == 0 {
		return r, err
	}
	a.left--
	if err := a.tally.Add(membudget.RowSize(r)); err != nil {
		return nil, err
	}
	return r, nil
}

// releasingIter gives a materialising operator's reservation back when
// the operator is closed (its rows are dropped then).
type releasingIter struct {
	sql.RowIter
	tally *membudget.Tally
}

func (r *releasingIter) Close(ctx *sql.Context) error {
	err := r.RowIter.Close(ctx)
	r.tally.Release()
	return err
}

// chargeRows reserves what rows hold on the statement's account, for
// operators that build a whole result before returning it (table
// functions). The reservation is released when the statement ends.
func chargeRows(ctx *sql.Context, rows []sql.Row) error {
	acct := membudget.FromContext(ctx)
	if acct == nil {
		return nil
	}
	n := int64(24 * len(rows)) // the slice of rows
	for _, r := range rows {
		n += membudget.RowSize(r)
	}
	return acct.Reserve(n)
}

// topNLimit is a TopN's row limit.
func topNLimit(ctx *sql.Context, n *plan.TopN) (int64, error) {
	limit, err := iters.GetInt64Value(ctx, n.Limit)
	if err != nil {
		return 0, err
	}
	if limit < 0 {
		return 0, fmt.Errorf("negative limit %d", limit)
	}
	return limit, nil
}
