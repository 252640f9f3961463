package exec

import (
	"math/bits"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"
)

// Packed sort aggregation: a physical choice of the HashAggregate for a
// COUNT(DISTINCT x) grouped by integer keys, when the sources' ranges
// say that the keys and x fit one uint64 together (each column offset
// by its least value, 0 standing for NULL). Each worker appends one
// packed word per row — no hash probe, no per-group set of distinct
// values — and Finish radix-sorts the words: a group is then a run of
// equal key bits, its distinct count the number of different words in
// the run. Hashing (keyTable plus intDistinctAcc) pays two random
// memory accesses per row into structures as large as the groups and
// pairs; over many groups (product pairs, customers × products) the
// sort's sequential passes are cheaper.
//
// Ranges are hints: a worker meeting a value outside them hands its
// words and the rest of its input to the hash path (spill), and Finish
// then merges everything there.

// packPlan places each packed column: keys from the most significant
// bits down, the distinct argument lowest.
type packPlan struct {
	cols  []packCol // the keys, then the distinct argument
	nkeys int
	dbits uint // width of the distinct argument's field
	// dedupe: no output counts rows, so a word equal to the one before
	// it (an order's lines, adjacent in a table sorted by customer) adds
	// nothing and is not kept.
	dedupe bool
	// outs says, per output column, what it reads: a key (>= 0), the
	// rows of the group (countStar), its distinct count, or a key's
	// non-NULL rows (countKey).
	outs []packOut
}

type packCol struct {
	in    int // input column
	lo    int64
	shift uint
	width uint
}

type packOut struct {
	kind aggKind
	key  int // for aggFirst and aggCount: which key
}

// maxPackGroups is the key space below which hashing stays: a grid or
// dense index answers there without a probe.
const maxPackGroups = 1 << 18

// planPack decides whether s aggregates packed: one COUNT(DISTINCT) of
// an integer column, other outputs keys or COUNT(*), keys integer
// columns, all of known range fitting 64 bits together.
func planPack(s *AggSpec, ranges func(col int) (lo, hi int64, ok bool)) *packPlan {
	if len(s.keys) == 0 {
		return nil
	}
	pp := &packPlan{nkeys: len(s.keys)}
	space := 1.0
	for _, k := range s.keys {
		c, ok := packColumn(k, ranges)
		if !ok {
			return nil
		}
		pp.cols = append(pp.cols, c)
		space *= float64(uint64(1) << c.width)
	}
	if space <= maxPackGroups {
		return nil
	}
	distinct := -1
	for _, d := range s.aggs {
		o := packOut{kind: d.kind, key: -1}
		switch d.kind {
		case aggCountStar:
		case aggFirst, aggCount:
			o.key = pp.keyOf(d.args)
			if o.key < 0 {
				return nil
			}
		case aggCountDistinct:
			if distinct >= 0 || len(d.args) != 1 {
				return nil
			}
			c, ok := packColumn(d.args[0], ranges)
			if !ok {
				return nil
			}
			distinct = c.in
			pp.cols = append(pp.cols, c)
		default:
			return nil
		}
		pp.outs = append(pp.outs, o)
	}
	if distinct < 0 {
		return nil
	}
	pp.dedupe = !slices.ContainsFunc(pp.outs, func(o packOut) bool { return o.kind == aggCountStar || o.kind == aggCount })
	total := uint(0)
	for i := len(pp.cols) - 1; i >= 0; i-- {
		pp.cols[i].shift = total
		total += pp.cols[i].width
	}
	if total > 64 {
		return nil
	}
	pp.dbits = pp.cols[len(pp.cols)-1].width
	return pp
}

// packColumn is an integer column reference of known range.
func packColumn(e Expr, ranges func(col int) (lo, hi int64, ok bool)) (packCol, bool) {
	ref, ok := e.(colRef)
	if !ok || !intLike(ref.t.Phys) {
		return packCol{}, false
	}
	lo, hi, ok := ranges(ref.i)
	if !ok || hi < lo || uint64(hi-lo) >= 1<<62 || (ref.t.Phys == PUint && lo < 0) {
		return packCol{}, false
	}
	return packCol{in: ref.i, lo: lo, width: uint(bits.Len64(uint64(hi-lo) + 1))}, true
}

// keyOf is the key a single column reference reads, or -1.
func (pp *packPlan) keyOf(args []Expr) int {
	if len(args) != 1 {
		return -1
	}
	ref, ok := args[0].(colRef)
	if !ok {
		return -1
	}
	for k, c := range pp.cols[:pp.nkeys] {
		if c.in == ref.i {
			return k
		}
	}
	return -1
}

// packLocal is one worker's packed words, or its hash state once a
// value fell outside the ranges.
type packLocal struct {
	s     *AggSpec
	words []uint64
	hash  *aggState
	mem   tally
}

func (l *packLocal) Consume(ctx *sql.Context, b *Batch) error {
	if l.hash != nil {
		return l.hash.Consume(ctx, b)
	}
	pp := l.s.pack
	start := len(l.words)
	l.words = extend(l.words, b.N)
	w := l.words[start:]
	clear(w)
	for _, c := range pp.cols {
		v := b.Cols[c.in]
		hi := uint64(1)<<c.width - 2 // the greatest offset a value may take
		for i := range b.N {
			if v.IsNull(i) {
				continue // field 0
			}
			off := uint64(v.I[i] - c.lo)
			if v.I[i] < c.lo || off > hi {
				l.words = l.words[:start]
				return l.toHash(ctx, b)
			}
			w[i] |= (off + 1) << c.shift
		}
	}
	if pp.dedupe {
		l.words = l.words[:start+dropRepeats(w, l.words[:start])]
	}
	return l.mem.to(ctx, int64(cap(l.words))*8)
}

// toHash moves the worker to the hash path: its words so far, then b.
func (l *packLocal) toHash(ctx *sql.Context, b *Batch) error {
	l.hash = l.s.newState()
	if err := l.s.replay(ctx, l.words, len(b.Cols), b, l.hash); err != nil {
		return err
	}
	l.words = nil
	return l.hash.Consume(ctx, b)
}

// replay feeds packed words to a hash state as input batches (the
// packed columns set, the others absent), like is the layout to copy.
func (s *AggSpec) replay(ctx *sql.Context, words []uint64, width int, like *Batch, st *aggState) error {
	pp := s.pack
	const size = 2048
	b := &Batch{Cols: make([]*Vec, width)}
	for c := range b.Cols {
		b.Cols[c] = &Vec{}
	}
	for at := 0; at < len(words); at += size {
		n := min(size, len(words)-at)
		for c := range b.Cols {
			b.Cols[c].SetAbsent(like.Cols[c].T, n)
		}
		for _, c := range pp.cols {
			v := b.Cols[c.in]
			v.reset(like.Cols[c.in].T, n)
			for i, x := range words[at : at+n] {
				f := (x >> c.shift) & (1<<c.width - 1)
				if f == 0 {
					v.setNull(i, n)
					continue
				}
				v.I[i] = int64(f-1) + c.lo
			}
		}
		b.N = n
		if err := st.Consume(ctx, b); err != nil {
			return err
		}
	}
	return nil
}

// dropRepeats moves to the front of w its words that differ from the
// word before them (the last of before, for the first) and returns how
// many there are.
func dropRepeats(w, before []uint64) int {
	k, prev, has := 0, uint64(0), len(before) > 0
	if has {
		prev = before[len(before)-1]
	}
	for _, x := range w {
		if has && x == prev {
			continue
		}
		w[k], prev, has = x, x, true
		k++
	}
	return k
}

// extend lengthens s by n, doubling its capacity when it must grow.
func extend(s []uint64, n int) []uint64 {
	if len(s)+n > cap(s) {
		t := make([]uint64, len(s), max(4096, 2*cap(s), len(s)+n))
		copy(t, s)
		s = t
	}
	return s[:len(s)+n]
}

// finishPacked sorts the workers' words and reads the groups off the
// runs, or, when a worker went to the hash path, replays every worker's
// words there and finishes as a hash aggregate.
func (s *AggSpec) finishPacked(ctx *sql.Context, locals []LocalSink) (Source, error) {
	var hashed *aggState
	n := 0
	for _, l := range locals {
		pl := l.(*packLocal)
		n += len(pl.words)
		if pl.hash != nil && hashed == nil {
			hashed = pl.hash
		}
	}
	if hashed != nil {
		return s.finishReplayed(ctx, locals, hashed)
	}
	// The words gather in the worker slice with the most room (doubling
	// often leaves room for the others'), else in a new one; a worker's
	// charge ends once its words are copied. The sort's buffer is n more.
	into := locals[0].(*packLocal)
	for _, l := range locals {
		if pl := l.(*packLocal); cap(pl.words) > cap(into.words) {
			into = pl
		}
	}
	var mem tally
	need := int64(n) * 8 // the sort's buffer
	if cap(into.words) < n {
		need += int64(n) * 8
	}
	if err := mem.to(ctx, need); err != nil {
		return nil, err
	}
	words := into.words
	if cap(words) < n {
		words = append(make([]uint64, 0, n), words...)
		into.mem.release()
	}
	for _, l := range locals {
		if pl := l.(*packLocal); pl != into {
			words = append(words, pl.words...)
			pl.words = nil
			pl.mem.release()
		}
	}
	into.words = nil
	radixWords(words)
	return s.packedResult(words), nil
}

func (s *AggSpec) finishReplayed(ctx *sql.Context, locals []LocalSink, dst *aggState) (Source, error) {
	like := &Batch{Cols: make([]*Vec, len(s.ec.in))}
	for c, t := range s.ec.in {
		like.Cols[c] = &Vec{T: t}
	}
	for _, l := range locals {
		pl := l.(*packLocal)
		if pl.hash == nil {
			if err := s.replay(ctx, pl.words, len(like.Cols), like, dst); err != nil {
				return nil, err
			}
		} else if pl.hash != dst {
			if err := dst.merge(pl.hash); err != nil {
				return nil, err
			}
		}
	}
	return dst.result(ctx)
}

// packedResult emits one row per run of equal key bits in sorted words.
func (s *AggSpec) packedResult(words []uint64) Source {
	pp := s.pack
	out := &Batches{types: s.types}
	const size = 2048
	var b *Batch
	for i := 0; i < len(words); {
		g := words[i] >> pp.dbits
		rows, distinct := 0, 0
		j := i
		for ; j < len(words) && words[j]>>pp.dbits == g; j++ {
			rows++
			if words[j]&(1<<pp.dbits-1) != 0 && (j == i || words[j] != words[j-1]) {
				distinct++
			}
		}
		if b == nil || b.N == size {
			b = &Batch{Cols: make([]*Vec, len(s.types))}
			for c, t := range s.types {
				b.Cols[c] = &Vec{}
				b.Cols[c].reset(t, size)
			}
			out.bs = append(out.bs, b)
		}
		s.packedRow(b, words[i], rows, distinct)
		b.N++
		i = j
	}
	for _, b := range out.bs {
		for _, v := range b.Cols {
			v.resize(b.N)
		}
	}
	return out
}

// packedRow writes one group's outputs at row b.N.
func (s *AggSpec) packedRow(b *Batch, word uint64, rows, distinct int) {
	pp := s.pack
	r := b.N
	for c, o := range pp.outs {
		v := b.Cols[c]
		var f uint64
		if o.key >= 0 {
			k := pp.cols[o.key]
			f = (word >> k.shift) & (1<<k.width - 1)
		}
		switch o.kind {
		case aggCountStar:
			v.I[r] = int64(rows)
		case aggCountDistinct:
			v.I[r] = int64(distinct)
		case aggCount:
			v.I[r] = 0
			if f != 0 {
				v.I[r] = int64(rows)
			}
		case aggFirst:
			if f == 0 {
				v.setNull(r, len(v.I))
				continue
			}
			v.I[r] = int64(f-1) + pp.cols[o.key].lo
		}
	}
}

// radixWords sorts words ascending: LSD radix, a byte a pass, skipping
// bytes equal in every word.
func radixWords(words []uint64) {
	if len(words) < 2 {
		return
	}
	var hist [8][256]int
	for _, x := range words {
		for d := range 8 {
			hist[d][byte(x>>(8*d))]++
		}
	}
	tmp := make([]uint64, len(words))
	src, dst := words, tmp
	for d := range 8 {
		h := &hist[d]
		if h[byte(src[0]>>(8*d))] == len(src) {
			continue
		}
		at := 0
		for b, c := range h {
			h[b] = at
			at += c
		}
		for _, x := range src {
			k := byte(x >> (8 * d))
			dst[h[k]] = x
			h[k]++
		}
		src, dst = dst, src
	}
	if &src[0] != &words[0] {
		copy(words, src)
	}
}
