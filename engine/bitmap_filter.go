package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

// Bitmap filters: the conditions bitmap indexes answer exactly — equality
// and IN on an indexed column, and AND/OR of those — as a small tree the
// table evaluates per storage part into one row bitmap (AND = roaring
// intersection, OR = union) before any column is read.

// bitmapFilter is a condition the table answers from bitmap indexes: a
// leaf (column ord equals one of values, in storage form), or the AND or
// OR of its children. The table ANDs its top-level filters.
type bitmapFilter struct {
	index  string // the index answering it (a list for AND/OR)
	ord    int
	values []any
	and    []bitmapFilter
	or     []bitmapFilter
	expr   sql.Expression
}

func (bf *bitmapFilter) leaf() bool { return bf.and == nil && bf.or == nil }

// indexNames lists the indexes a filter uses, each once.
func (bf *bitmapFilter) indexNames(seen []string) []string {
	if bf.leaf() {
		if !slices.Contains(seen, bf.index) {
			seen = append(seen, bf.index)
		}
		return seen
	}
	for _, c := range append(bf.and, bf.or...) {
		seen = c.indexNames(seen)
	}
	return seen
}

// indexedFilter shows in EXPLAIN which indexes answer a filter.
type indexedFilter struct {
	sql.Expression
	index string
}

func (f indexedFilter) String() string {
	kind := "index"
	if strings.Contains(f.index, ",") {
		kind = "indexes"
	}
	return fmt.Sprintf("%s [bitmap %s %s]", f.Expression.String(), kind, f.index)
}

// withBitmapFilters takes the conjuncts that bitmap indexes answer
// exactly (equality, IN, and AND/OR of those, on indexed columns) and
// makes the table answer them (rows outside the bitmaps are never
// produced); it returns the conjuncts left for GMS to evaluate.
func (t *Table) withBitmapFilters(ctx *sql.Context, conjuncts []sql.Expression) (*Table, []sql.Expression) {
	indexed := map[int]string{}
	for _, ix := range t.bitmapIndexes() {
		pi := ix.(*pkIndex)
		indexed[pi.ord] = pi.name
	}
	if len(indexed) == 0 {
		return t, conjuncts
	}
	var rest []sql.Expression
	var bfs []bitmapFilter
	for _, c := range conjuncts {
		if bf, ok := t.bitmapExpr(ctx, c, indexed); ok {
			bf.expr = c
			bfs = append(bfs, bf)
			continue
		}
		rest = append(rest, c)
	}
	if len(bfs) == 0 {
		return t, conjuncts
	}
	nt := *t
	nt.bitmaps = append(slices.Clip(t.bitmaps), bfs...)
	return &nt, rest
}

// bitmapExpr recognises a condition bitmap indexes answer. OR of leaves
// on one column merges into one leaf (country = 'DE' OR country = 'FR'
// is country IN ('DE', 'FR')). NOT is not recognised: a bitmap of the
// complement would also hold the rows where the column is NULL.
func (t *Table) bitmapExpr(ctx *sql.Context, e sql.Expression, indexed map[int]string) (bitmapFilter, bool) {
	switch e := e.(type) {
	case *expression.And:
		l, ok1 := t.bitmapExpr(ctx, e.LeftChild, indexed)
		r, ok2 := t.bitmapExpr(ctx, e.RightChild, indexed)
		if !ok1 || !ok2 {
			return bitmapFilter{}, false
		}
		return named(bitmapFilter{and: append(flatten(l, l.and), flatten(r, r.and)...)}), true
	case *expression.Or:
		l, ok1 := t.bitmapExpr(ctx, e.LeftChild, indexed)
		r, ok2 := t.bitmapExpr(ctx, e.RightChild, indexed)
		if !ok1 || !ok2 {
			return bitmapFilter{}, false
		}
		if l.leaf() && r.leaf() && l.ord == r.ord {
			l.values = append(slices.Clip(l.values), r.values...)
			return l, true
		}
		return named(bitmapFilter{or: append(flatten(l, l.or), flatten(r, r.or)...)}), true
	}
	return t.bitmapLeaf(ctx, e, indexed)
}

// named sets the index names of a composite filter, for EXPLAIN.
func named(bf bitmapFilter) bitmapFilter {
	bf.index = strings.Join(bf.indexNames(nil), ", ")
	return bf
}

// flatten returns the children of bf when they are of the kind being
// built (kids is bf.and or bf.or), else bf itself.
func flatten(bf bitmapFilter, kids []bitmapFilter) []bitmapFilter {
	if kids != nil {
		return kids
	}
	return []bitmapFilter{bf}
}

// bitmapLeaf recognises col = literal, literal = col and col IN (literals).
func (t *Table) bitmapLeaf(ctx *sql.Context, e sql.Expression, indexed map[int]string) (bitmapFilter, bool) {
	var col, rhs sql.Expression
	switch e := e.(type) {
	case *expression.Equals:
		col, rhs = e.Left(), e.Right()
		if _, ok := col.(*expression.Literal); ok {
			col, rhs = rhs, col
		}
		rhs = expression.NewTuple(rhs)
	case *expression.InTuple:
		col, rhs = e.Left(), e.Right()
	case *expression.HashInTuple:
		col, rhs = e.Left(), e.Right()
	case *largeIn:
		col, rhs = e.Left(), e.Right()
	default:
		return bitmapFilter{}, false
	}
	gf, ok := col.(*expression.GetField)
	tup, isTuple := rhs.(expression.Tuple)
	if !ok || !isTuple {
		return bitmapFilter{}, false
	}
	ord := t.columnIndex(gf.Name())
	name, has := indexed[ord]
	if ord < 0 || !has {
		return bitmapFilter{}, false
	}
	bf := bitmapFilter{index: name, ord: ord}
	colType := t.sch.pk.Schema[ord].Type
	for _, x := range tup {
		lit, ok := x.(*expression.Literal)
		if ok && lit.Value() == nil {
			continue // = NULL is never true
		}
		if !ok || !sameFamily(colType, lit.Type()) {
			return bitmapFilter{}, false
		}
		v, err := t.sch.codecs[ord].encode(ctx, lit.Value())
		if err != nil || v == nil {
			return bitmapFilter{}, false
		}
		bf.values = append(bf.values, v)
	}
	return bf, true
}

// sameFamily: equality between these types compares the stored form (no
// numeric/string coercion that byte equality would get wrong).
func sameFamily(col, lit sql.Type) bool {
	switch {
	case types.IsText(col):
		return types.IsText(lit)
	case types.IsInteger(col):
		return types.IsInteger(lit)
	}
	return false
}

// bitmapRowFilter returns the ScanRequest filter ANDing the table's
// bitmap filters, and a pointer to the first error it met.
func (t *Table) bitmapRowFilter(snap *storage.Snapshot) (func(*storage.Part) *roaring.Bitmap, *error) {
	return t.bitmapFilterFunc(snap, nil)
}

// bitmapFilterFunc is bitmapRowFilter that also loads, per part, the
// per-value bitmaps of the derived columns.
func (t *Table) bitmapFilterFunc(snap *storage.Snapshot, derived []*derivedColumn) (func(*storage.Part) *roaring.Bitmap, *error) {
	ev := &bitmapEval{t: t, snap: snap}
	return func(p *storage.Part) *roaring.Bitmap {
		for _, d := range derived {
			if err := ev.perValue(p, d); err != nil {
				ev.fail(err)
				return roaring.New()
			}
		}
		acc, err := ev.and(p, t.bitmaps)
		if err != nil {
			ev.fail(err)
			return roaring.New()
		}
		return acc
	}, &ev.err
}

// bitmapEval evaluates bitmap filters on the parts of one snapshot.
type bitmapEval struct {
	t    *Table
	snap *storage.Snapshot
	err  error
}

func (ev *bitmapEval) fail(err error) {
	if ev.err == nil {
		ev.err = err
	}
}

// leaf returns the rows of p whose column bf.ord holds one of values.
func (ev *bitmapEval) leaf(p *storage.Part, bf *bitmapFilter, values []any) (*roaring.Bitmap, error) {
	ord := ev.snap.Def().ColumnIndex(ev.t.sch.pk.Schema[bf.ord].Name)
	b, ok, err := ev.snap.IndexFilter(p, ord, values)
	if err == nil && !ok {
		err = errors.New("no such index")
	}
	if err != nil {
		return nil, fmt.Errorf("bitmap index %s: %w", bf.index, err)
	}
	return b, nil
}

func (ev *bitmapEval) eval(p *storage.Part, bf *bitmapFilter) (*roaring.Bitmap, error) {
	switch {
	case bf.and != nil:
		return ev.and(p, bf.and)
	case bf.or != nil:
		acc := roaring.New()
		for i := range bf.or {
			b, err := ev.eval(p, &bf.or[i])
			if err != nil {
				return nil, err
			}
			acc.Or(b)
		}
		return acc, nil
	}
	return ev.leaf(p, bf, bf.values)
}

// and intersects filters, stopping early once nothing is left.
func (ev *bitmapEval) and(p *storage.Part, bfs []bitmapFilter) (*roaring.Bitmap, error) {
	var acc *roaring.Bitmap
	for i := range bfs {
		b, err := ev.eval(p, &bfs[i])
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = b.Clone()
		} else {
			acc.And(b)
		}
		if acc.IsEmpty() {
			break
		}
	}
	return acc, nil
}

// perValue loads the bitmap of each of d's values in part p.
func (ev *bitmapEval) perValue(p *storage.Part, d *derivedColumn) error {
	d.per = d.per[:0]
	for _, v := range d.filter.values {
		b, err := ev.leaf(p, d.filter, []any{v})
		if err != nil {
			return err
		}
		d.per = append(d.per, b)
	}
	return nil
}
