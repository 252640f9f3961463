package exec

import "github.com/dolthub/go-mysql-server/sql"

// Late materialization. A scan under a filter hands over first only the
// columns the filter reads; the others — a visitor id, a URL, an e-mail
// address of every event — are materialized for the rows the filter
// keeps, not for every row scanned. A source that can do so is told which
// columns to hand over at once when its pipeline opens with a filter; the
// filter fills the rest from the batch's Late.

// LateSource is a source whose batches can leave columns unmaterialized:
// after DeferOutside(early), a batch holds the columns early marks, the
// others absent, and carries a Late that fills them.
type LateSource interface {
	Source
	DeferOutside(early []bool)
}

// Late fills a batch's deferred columns, while the batch is being pushed.
type Late interface {
	// Fill materializes column c for rows sel of the batch (nil: every
	// row) into dst; a column the source does not read stays absent.
	Fill(c int, dst *Vec, sel []int32)
}

// deferToFilter tells p's source to defer the columns its first
// operator, a filter, does not read.
func (p *Pipeline) deferToFilter() {
	ls, ok := p.Src.(LateSource)
	if !ok || len(p.Ops) == 0 {
		return
	}
	f, ok := p.Ops[0].(*filterSpec)
	if !ok || f.cond == nil {
		return
	}
	if early := readsOf(len(f.types), []sql.Expression{f.cond}); early != nil {
		ls.DeferOutside(early)
	}
}

// fillLate materializes b's deferred columns that keep marks (nil: all)
// for rows sel of b into out (out == b when every row is kept).
func fillLate(b, out *Batch, sel []int32, keep []bool) {
	for c, v := range b.Cols {
		if !v.Absent || c < len(keep) && !keep[c] {
			continue
		}
		b.Late.Fill(c, out.Cols[c], sel)
	}
}

// materialized is b with every deferred column filled (for an operator
// other than a filter: a safeguard, sources defer only under a filter).
func materialized(b *Batch) *Batch {
	if b.Late != nil {
		fillLate(b, b, nil, nil)
		b.Late = nil
	}
	return b
}
