package exec

import (
	"context"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// acc is the per-group state of one aggregate, column-wise over groups.
type acc interface {
	resize(groups int)
	update(gids []int32, args []*Vec, n int) error
	// merge folds o into the receiver; group g of o is group m[g] here
	// (m[g] < 0: g is not merged, see mergeSome).
	merge(o acc, m []int32) error
	emit(ctx *sql.Context, g0, n int, out *Vec) error
}

func newAcc(d aggDef) acc {
	if d.distinct {
		inner := d
		inner.distinct = false
		return newDistinctOfAcc([]ColType{d.in}, newAcc(inner))
	}
	switch d.kind {
	case aggVarPop, aggVarSamp, aggStdPop, aggStdSamp:
		return newVarAcc(d)
	case aggRow:
		return newRowAggAcc(d.row)
	case aggCount, aggCountStar:
		return &countAcc{star: d.kind == aggCountStar}
	case aggSum, aggAvg:
		if d.quot != nil {
			return &quotSumAcc{shape: *d.quot}
		}
		if d.out.Phys == PDec {
			return &decSumAcc{avg: d.kind == aggAvg, scale: d.in.Scale}
		}
		return &floatSumAcc{avg: d.kind == aggAvg}
	case aggMin, aggMax, aggFirst:
		return &pickAcc{kind: d.kind, t: d.in}
	}
	if len(d.args) == 1 && intLike(d.args[0].Type().Phys) {
		return newIntDistinctAcc()
	}
	if d.pack != nil {
		return newPackedDistinctAcc(d.pack, typesOf(d.args))
	}
	// COUNT(DISTINCT …) of other arguments counts the new pairs.
	return newDistinctOfAcc(typesOf(d.args), &countAcc{star: true})
}

// outType is the layout a HashAggregate gives an aggregate's values:
// MySQL's (mysqlfn.Sum, mysqlfn.Avg), SUM and AVG of integers and
// DECIMAL(p,s) exact DECIMALs of scale s (0 for integers), AVG's with 4
// more decimals; of anything else DOUBLE. A result GMS typed
// DECIMAL(65,x) takes the argument's scale.
func outType(d aggDef) ColType {
	switch d.kind {
	case aggSum, aggAvg:
		if d.out.Phys != PDec {
			return ColType{Phys: PFloat, SQL: types.Float64}
		}
		s := d.in.Scale
		if d.kind == aggAvg {
			s += 4
		}
		if s != d.out.Scale { // GMS typed a wider result
			return ColType{Phys: PDec, Scale: s, SQL: types.MustCreateDecimalType(65, uint8(s))}
		}
		return ColType{Phys: PDec, Scale: s, SQL: d.out.SQL}
	}
	return d.out
}

type countAcc struct {
	star bool
	c    []int64
}

func (a *countAcc) resize(n int) { a.c = growZero(a.c, n) }

// growZero extends s to n elements, the new ones zero, at least doubling
// its capacity when it must move (groups arrive a batch at a time).
func growZero[T any](s []T, n int) []T {
	switch {
	case n <= len(s):
		return s
	case n <= cap(s):
		clear(s[len(s):n])
		return s[:n]
	}
	t := make([]T, n, max(n, 2*cap(s)))
	copy(t, s)
	return t
}

func (a *countAcc) update(gids []int32, args []*Vec, n int) error {
	if a.star || args[0].Nulls == nil {
		for _, g := range gids[:n] {
			a.c[g]++
		}
		return nil
	}
	for i, g := range gids[:n] {
		if !args[0].Nulls[i] {
			a.c[g]++
		}
	}
	return nil
}

func (a *countAcc) merge(o acc, m []int32) error {
	for g, c := range o.(*countAcc).c {
		if d := m[g]; d >= 0 {
			a.c[d] += c
		}
	}
	return nil
}

func (a *countAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	copy(out.I, a.c[g0:g0+n])
	return nil
}

// floatSumAcc is SUM/AVG of integers and floats, summed as DOUBLE as GMS does.
type floatSumAcc struct {
	avg bool
	s   []float64
	c   []int64
}

func (a *floatSumAcc) resize(n int) { a.s, a.c = growZero(a.s, n), growZero(a.c, n) }

func (a *floatSumAcc) update(gids []int32, args []*Vec, n int) error {
	v := args[0]
	for i, g := range gids[:n] {
		if v.IsNull(i) {
			continue
		}
		x := floatAt(v, i)
		a.s[g] += x
		a.c[g]++
	}
	return nil
}

func (a *floatSumAcc) merge(o acc, m []int32) error {
	b := o.(*floatSumAcc)
	for g := range b.s {
		if d := m[g]; d >= 0 {
			a.s[d] += b.s[g]
			a.c[d] += b.c[g]
		}
	}
	return nil
}

func (a *floatSumAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	for j := range n {
		g := g0 + j
		switch {
		case a.c[g] == 0:
			out.setNull(j, n)
		case a.avg:
			out.F[j] = a.s[g] / float64(a.c[g])
		default:
			out.F[j] = a.s[g]
		}
	}
	return nil
}

// decSumAcc is SUM/AVG of DECIMAL, exact in scaled integers.
type decSumAcc struct {
	avg   bool
	scale int32
	// g holds each group's sum beside its count of values: a row's
	// update touches one cache line, not one in each of two arrays
	// (B91: 300k groups, the row's group at random).
	g []decSum
}

// decSum is one group's state: the sum of its values and how many
// (none: NULL).
type decSum struct{ s, c int64 }

func (a *decSumAcc) resize(n int) { a.g = growZero(a.g, n) }

var errDecimalOverflow = exactRange(fmt.Errorf("exec: DECIMAL sum out of range"))

func (a *decSumAcc) update(gids []int32, args []*Vec, n int) error {
	v := args[0]
	unsigned := v.T.Phys == PUint
	if v.Nulls == nil && !unsigned {
		return a.addAll(gids[:n], v.I[:n])
	}
	for i, g := range gids[:n] {
		if v.IsNull(i) {
			continue
		}
		st := &a.g[g]
		s, ok := arithInt('+', st.s, v.I[i])
		if !ok || (unsigned && v.I[i] < 0) { // an unsigned value past int64: out of the sum's range too
			return errDecimalOverflow
		}
		st.s = s
		st.c++
	}
	return nil
}

// addAll adds xs to their groups' sums, none NULL: the common case,
// with the overflow test inlined.
func (a *decSumAcc) addAll(gids []int32, xs []int64) error {
	sums := a.g
	for i, g := range gids {
		x, st := xs[i], &sums[g]
		t := st.s + x
		if (st.s^t)&(x^t) < 0 { // both operands' signs differ from the sum's
			return errDecimalOverflow
		}
		st.s = t
		st.c++
	}
	return nil
}

func (a *decSumAcc) merge(o acc, m []int32) error {
	b := o.(*decSumAcc)
	for g, src := range b.g {
		d := m[g]
		if d < 0 {
			continue
		}
		s, ok := arithInt('+', a.g[d].s, src.s)
		if !ok {
			return errDecimalOverflow
		}
		a.g[d].s = s
		a.g[d].c += src.c
	}
	return nil
}

func (a *decSumAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	for j := range n {
		st := a.g[g0+j]
		switch {
		case st.c == 0:
			out.setNull(j, n)
		case a.avg:
			x, ok := avgScaled(st.s, st.c) // the sum's scale + 4 decimals
			if !ok {
				return errDecimalOverflow
			}
			out.I[j] = x
		default:
			out.I[j] = st.s
		}
	}
	return nil
}

// pickAcc keeps one value per group: the least, the greatest, or the
// first non-NULL.
type pickAcc struct {
	kind aggKind
	t    ColType
	has  []bool
	vals *Vec
}

func (a *pickAcc) resize(n int) {
	if a.vals == nil {
		a.vals = &Vec{T: a.t}
	}
	a.has = growZero(a.has, n)
	switch a.t.Phys {
	case PFloat:
		a.vals.F = growZero(a.vals.F, n)
	case PStr:
		a.vals.S = growZero(a.vals.S, n)
	default:
		a.vals.I = growZero(a.vals.I, n)
	}
}

func (a *pickAcc) update(gids []int32, args []*Vec, n int) error {
	v := args[0]
	if v.Nulls == nil && a.kind != aggFirst && a.t.Phys != PFloat && a.t.Phys != PStr && a.t.Phys != PUint {
		a.extremeInts(gids[:n], v.I[:n])
		return nil
	}
	for i, g := range gids[:n] {
		if !v.IsNull(i) {
			a.offer(g, v, i)
		}
	}
	return nil
}

// extremeInts is update for signed integer layouts without NULLs: MIN
// and MAX in one loop each, with no per-row dispatch on the layout.
func (a *pickAcc) extremeInts(gids []int32, xs []int64) {
	has, vals := a.has, a.vals.I
	if a.kind == aggMax {
		for i, g := range gids {
			if x := xs[i]; !has[g] || x > vals[g] {
				vals[g], has[g] = x, true
			}
		}
		return
	}
	for i, g := range gids {
		if x := xs[i]; !has[g] || x < vals[g] {
			vals[g], has[g] = x, true
		}
	}
}

// offer makes row i of v group g's value if it is the first or better.
func (a *pickAcc) offer(g int32, v *Vec, i int) {
	if a.has[g] {
		if a.kind == aggFirst {
			return
		}
		c := compareAt(a.vals, int(g), v, i)
		if (a.kind == aggMin && c <= 0) || (a.kind == aggMax && c >= 0) {
			return
		}
	}
	a.has[g] = true
	switch a.t.Phys {
	case PFloat:
		a.vals.F[g] = v.F[i]
	case PStr:
		a.vals.S[g] = cloneString(v.Str(i))
	default:
		a.vals.I[g] = v.I[i]
	}
}

// compareAt compares x[i] with y[j], both non-NULL and of one layout.
func compareAt(x *Vec, i int, y *Vec, j int) int {
	switch x.T.Phys {
	case PFloat:
		return cmpFloat(x.F[i], y.F[j])
	case PStr:
		return compareStrings(x.T.SQL, x.Str(i), y.Str(j))
	case PUint:
		return cmpUint(uint64(x.I[i]), uint64(y.I[j]))
	}
	return cmpInt(x.I[i], y.I[j])
}

func (a *pickAcc) merge(o acc, m []int32) error {
	b := o.(*pickAcc)
	for g, ok := range b.has {
		if ok && m[g] >= 0 {
			a.offer(m[g], b.vals, g)
		}
	}
	return nil
}

func (a *pickAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	for j := range n {
		g := g0 + j
		if !a.has[g] {
			out.setNull(j, n)
			continue
		}
		switch a.t.Phys {
		case PFloat:
			out.F[j] = a.vals.F[g]
		case PStr:
			out.S[j] = a.vals.S[g]
		default:
			out.I[j] = a.vals.I[g]
		}
	}
	return nil
}

// keyAcc is a selected GROUP BY key: the hash table already keeps each
// group's key, so nothing is picked per row or merged.
type keyAcc struct {
	t *keyTable
	k int
}

func (a *keyAcc) resize(int)                        {}
func (a *keyAcc) update([]int32, []*Vec, int) error { return nil }
func (a *keyAcc) merge(acc, []int32) error          { return nil }
func (a *keyAcc) emit(_ *sql.Context, g0, n int, out *Vec) error {
	k := a.t.keys[a.k]
	switch k.T.Phys {
	case PFloat:
		copy(out.F[:n], k.F[g0:g0+n])
	case PStr:
		copy(out.S[:n], k.S[g0:g0+n])
	default:
		copy(out.I[:n], k.I[g0:g0+n])
	}
	for j := range n {
		if k.IsNull(g0 + j) {
			out.setNull(j, n)
		}
	}
	return nil
}

// compareStrings orders two strings by the column's collation.
func compareStrings(t sql.Type, a, b string) int {
	if !binaryCollation(t) {
		if c, err := t.Compare(context.Background(), a, b); err == nil {
			return c
		}
	}
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
