package exec

import "github.com/dolthub/go-mysql-server/sql"

// concatMoving joins bs (collected batches no one else reads) into one
// batch column by column: each column is charged to mem before it is
// built, and the batches' copy of it is dropped and its charge given
// back once it is, so the rows are held once plus a column, never twice.
// mem holds the batches' reservation (their sink's).
//
// coded keeps dictionary-coded string columns coded under one merged
// dictionary, for the build side of a join: the columns it gathers for
// the probe rows then stay coded, so a GROUP BY or a filter over them
// works per dictionary entry, not per row. Only for readers that go
// through Vec.Str and gather (window and sort buffers read S).
func concatMoving(ctx *sql.Context, types []ColType, bs []*Batch, mem *tally, coded bool) (*Batch, error) {
	out := &Batch{N: total(bs), Cols: make([]*Vec, len(types))}
	for c, t := range types {
		var old int64
		for _, b := range bs {
			old += vecBytes(b.Cols[c])
		}
		grown := old // decoded codes take a string header each
		if t.Phys == PStr {
			grown += 16 * int64(out.N)
		}
		before := mem.reserved
		if err := mem.to(ctx, before+grown); err != nil {
			return nil, err
		}
		var v *Vec
		if coded && t.Phys == PStr && !allAbsent(bs, c) {
			v = mergeCoded(t, bs, c, out.N)
		}
		if v == nil {
			v = concatCol(t, bs, c, out.N)
		}
		out.Cols[c] = v
		for _, b := range bs {
			b.Cols[c] = nil
		}
		if err := mem.set(ctx, before-old+vecBytes(v)); err != nil {
			return nil, err
		}
	}
	return out, nil
}
