package exec

import (
	"math/bits"

	"github.com/dolthub/go-mysql-server/sql"
)

// packedDistinctAcc is COUNT(DISTINCT a, b, …) of integer-like arguments
// whose ranges, from statistics, fit one word together (a customer and
// an order id; a date and a product): each row's tuple becomes a word,
// its first argument in the high bits, and intDistinctAcc counts the
// words. A scan in the table's sort key hands it each group's words
// rising, so most are counted as they arrive and none is hashed — a
// tuple hash set (distinctOfAcc) pays a random probe per row and a
// single-threaded merge of the workers' sets as large as the sets.
//
// The ranges are hints: a value outside its field (the range has grown
// since planning) unpacks the accumulator into a tuple set that takes
// over, fed the tuples seen so far.
type packedDistinctAcc struct {
	fields []distinctField
	args   []ColType
	ints   *intDistinctAcc
	set    *distinctOfAcc // once unpacked
	groups int
	word   []*Vec // scratch: one Vec, the batch's words
	nulls  []bool // scratch: the words' NULL flags, kept from batch to batch
}

// distinctField places one argument in the word.
type distinctField struct {
	lo    int64
	max   uint64 // the largest offset from lo the field holds
	shift uint
}

// planDistinctPack is the packing of COUNT(DISTINCT args), nil when an
// argument is not integer-like of known range (a column's, or one that
// follows from it) or the fields are wider than wideBits together.
func planDistinctPack(args []Expr, rangeOf func(Expr) (lo, hi int64, ok bool)) []distinctField {
	if len(args) < 2 {
		return nil // one integer is counted as it is
	}
	fields := make([]distinctField, len(args))
	used := uint(0)
	for k := len(args) - 1; k >= 0; k-- {
		if p := args[k].Type().Phys; !intLike(p) || p == PUint {
			return nil
		}
		lo, hi, ok := rangeOf(args[k])
		if !ok || hi < lo {
			return nil
		}
		w := uint(bits.Len64(uint64(hi - lo)))
		if used+w > wideBits {
			return nil
		}
		fields[k] = distinctField{lo: lo, max: 1<<w - 1, shift: used}
		used += w
	}
	return fields
}

// packsDistinct reports whether a COUNT(DISTINCT) of s packs its
// arguments.
func (s *AggSpec) packsDistinct() bool {
	for _, d := range s.aggs {
		if d.pack != nil {
			return true
		}
	}
	return false
}

func newPackedDistinctAcc(fields []distinctField, args []ColType) *packedDistinctAcc {
	return &packedDistinctAcc{fields: fields, args: args, ints: newIntDistinctAcc(), word: []*Vec{{}}}
}

func (a *packedDistinctAcc) resize(n int) {
	a.groups = n
	if a.set != nil {
		a.set.resize(n)
		return
	}
	a.ints.resize(n)
}

func (a *packedDistinctAcc) footprint() int64 {
	if a.set != nil {
		return a.set.footprint()
	}
	return a.ints.footprint()
}

func (a *packedDistinctAcc) update(gids []int32, args []*Vec, n int) error {
	if a.set == nil && !a.pack(args, n) {
		a.unpack()
	}
	if a.set != nil {
		return a.set.update(gids, args, n)
	}
	return a.ints.update(gids, a.word, n)
}

// pack fills the word vector from rows 0..n-1 of args (NULL where any
// argument is) and reports false if a value falls outside its field.
func (a *packedDistinctAcc) pack(args []*Vec, n int) bool {
	w := a.word[0]
	w.I, w.Nulls = grow(w.I, n), nil
	clear(w.I)
	for k, f := range a.fields {
		v := args[k]
		for i, x := range v.I[:n] {
			off := uint64(x - f.lo)
			if off > f.max && !v.IsNull(i) {
				return false
			}
			w.I[i] |= int64(off << f.shift)
		}
		if v.Nulls != nil {
			if w.Nulls == nil {
				a.nulls = grow(a.nulls, n)
				clear(a.nulls)
				w.Nulls = a.nulls
			}
			for i, null := range v.Nulls[:n] {
				w.Nulls[i] = w.Nulls[i] || null
			}
		}
	}
	return true
}

// unpack turns the accumulator into a tuple set holding the tuples its
// words stand for.
func (a *packedDistinctAcc) unpack() {
	a.set = newDistinctOfAcc(a.args, &countAcc{star: true})
	a.set.resize(a.groups)
	a.replay(a.set)
	a.ints = nil
}

// replay feeds dst the tuples of the words every worker's pairs hold,
// a chunk at a time.
func (a *packedDistinctAcc) replay(dst *distinctOfAcc) {
	cols := make([]*Vec, len(a.args))
	for k, t := range a.args {
		cols[k] = &Vec{T: t, I: make([]int64, 0, resultBatch)}
	}
	gids := make([]int32, 0, resultBatch)
	flush := func() {
		_ = dst.update(gids, cols, len(gids)) // a COUNT's update cannot fail
		gids = gids[:0]
		for _, c := range cols {
			c.I = c.I[:0]
		}
	}
	a.ints.eachPair(func(g int32, x int64) {
		gids = append(gids, g)
		for k, f := range a.fields {
			cols[k].I = append(cols[k].I, f.lo+int64(uint64(x)>>f.shift&f.max))
		}
		if len(gids) == resultBatch {
			flush()
		}
	})
	flush()
}

func (a *packedDistinctAcc) merge(o acc, m []int32) error {
	b := o.(*packedDistinctAcc)
	if a.set == nil && b.set == nil {
		return a.ints.merge(b.ints, m)
	}
	if a.set == nil {
		a.unpack()
	}
	if b.set == nil {
		b.unpack()
	}
	return a.set.merge(b.set, m)
}

func (a *packedDistinctAcc) emit(ctx *sql.Context, g0, n int, out *Vec) error {
	if a.set != nil {
		return a.set.emit(ctx, g0, n, out)
	}
	return a.ints.emit(ctx, g0, n, out)
}
