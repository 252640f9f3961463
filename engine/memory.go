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
// The hash tables of GMS's GroupBy and Distinct (and its other caches:
// UNION's and IN subqueries' sets, nested-loop joins' cached sides) are
// charged per entry by the statement's membudget.Entries, the reporter
// of its sql.MemoryManager: a GroupBy runs in a scope charging
// groupEntryBytes a group plus the average size of its input rows so far
// (its key and aggregated values come from them), a Distinct in one
// charging EntryBytes a row
// kept, and each gives its charge back when closed (a correlated
// subquery's GROUP BY, built again for every outer row, does not pile
// up); a Sort's own cache is in a scope charging nothing (its rows are
// charged above). Their inputs run in the base scope.

// accountedNode marks the child of a materialising node whose rows are
// charged to hold as they are read. It exists only between Build calls.
type accountedNode struct {
	child   sql.Node
	tally   *membudget.Tally
	maxRows int64              // rows charged at most (a TopN's limit); < 0: all
	entries *membudget.Entries // its GMS cache entries are charged in the base scope
	// sized, when set, is the operator's scope, whose entries (a GROUP
	// BY's groups) hold values of its input rows: each is charged
	// sizedBase plus the input rows' average size so far.
	sized     *membudget.Scope
	sizedBase int64
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
		return &accountingIter{RowIter: it, tally: a.tally, left: a.maxRows, entries: a.entries,
			sized: a.sized, sizedBase: a.sizedBase}, true, nil
	}
	acct := membudget.FromContext(ctx)
	if acct == nil {
		return nil, false, nil
	}
	switch n := n.(type) {
	case *plan.GroupBy:
		return b.buildCharged(ctx, n, n.Child, 0, -groupEntryBytes(n), row)
	case *plan.Distinct:
		return b.buildCharged(ctx, n, n.Child, 0, membudget.EntryBytes, row)
	case *plan.Sort:
		return b.buildCharged(ctx, n, n.Child, -1, 0, row)
	case *plan.Window:
		return b.buildCharged(ctx, n, n.Child, -1, 0, row)
	case *plan.TopN:
		if n.CalcFoundRows {
			return nil, false, nil
		}
		limit, err := topNLimit(ctx, n)
		if err != nil {
			return nil, false, nil
		}
		return b.buildCharged(ctx, n, n.Child, limit, 0, row)
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
// them) and n's entries in GMS's caches charged entryBytes each, both
// released when n's iterator closes. A negative entryBytes charges each
// entry -entryBytes plus the average size of child's rows read so far
// (a GROUP BY's key and aggregated values come from its input: a group
// of a 1,000-byte string holds it).
func (b *loadDataBuilder) buildCharged(ctx *sql.Context, n, child sql.Node, maxRows, entryBytes int64, row sql.Row) (sql.RowIter, bool, error) {
	if _, done := child.(*accountedNode); done {
		return nil, false, nil
	}
	t := membudget.NewTally(membudget.FromContext(ctx))
	entries := membudget.EntriesFromContext(ctx)
	scope := membudget.NewScope(max(entryBytes, -entryBytes))
	a := &accountedNode{child: child, tally: t, maxRows: maxRows, entries: entries}
	if entryBytes < 0 {
		a.sized, a.sizedBase = scope, -entryBytes
	}
	nn, err := n.WithChildren(a)
	if err != nil {
		return nil, false, nil
	}
	it, err := b.base.Build(ctx, nn, row)
	if err != nil {
		t.Release()
		return nil, true, err
	}
	return &releasingIter{RowIter: it, tally: t, entries: entries, scope: scope}, true, nil
}

// groupEntryBytes estimates what one group of GMS's GroupBy holds: its
// hash entry and key, and an aggregation buffer per selected expression.
// Measured on GMS v0.20 (heap per group over 200,000 groups): 128 bytes
// for one expression, 163–187 for two, 262–292 for three, 363 for four,
// 523 for six (SUMs of DECIMALs and MAX of strings the heaviest).
func groupEntryBytes(n *plan.GroupBy) int64 {
	return 64 + 80*int64(len(n.SelectedExprs))
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
// left < 0: all); it runs its input in the base scope of entries.
type accountingIter struct {
	sql.RowIter
	tally   *membudget.Tally
	left    int64
	entries *membudget.Entries
	// sized, when set, is charged per entry sizedBase plus the average
	// size of the rows read (accountedNode.sized).
	sized           *membudget.Scope
	sizedBase       int64
	rows, rowsBytes int64
}

func (a *accountingIter) Next(ctx *sql.Context) (sql.Row, error) {
	prev := a.entries.EnterBase()
	r, err := a.RowIter.Next(ctx)
	a.entries.Leave(prev)
	if err == nil && a.sized != nil {
		a.noteSize(r)
	}
	if err != nil || a.left == 0 {
		return r, err
	}
	a.left--
	if err := a.tally.Add(membudget.RowSize(r)); err != nil {
		return nil, err
	}
	return r, nil
}

// noteSize adds r to the average input row size and, every sizeEvery
// rows (and at the first), sets the operator's charge per entry from it.
func (a *accountingIter) noteSize(r sql.Row) {
	a.rows++
	a.rowsBytes += membudget.RowSize(r)
	if a.rows == 1 || a.rows%sizeEvery == 0 {
		a.sized.SetSize(a.sizedBase + a.rowsBytes/a.rows)
	}
}

// sizeEvery is how often (rows) an operator's charge per entry follows
// its input's average row size.
const sizeEvery = 64

// releasingIter runs a materialising operator in its scope of entries
// and gives its reservations back when the operator is closed (its rows
// and caches are dropped then).
type releasingIter struct {
	sql.RowIter
	tally   *membudget.Tally
	entries *membudget.Entries
	scope   *membudget.Scope
}

func (r *releasingIter) Next(ctx *sql.Context) (sql.Row, error) {
	prev := r.entries.Enter(r.scope)
	row, err := r.RowIter.Next(ctx)
	r.entries.Leave(prev)
	return row, err
}

func (r *releasingIter) Close(ctx *sql.Context) error {
	err := r.RowIter.Close(ctx)
	r.tally.Release()
	r.entries.Free(r.scope)
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
