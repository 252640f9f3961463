package exec

import (
	"errors"

	"github.com/dolthub/go-mysql-server/sql"
)

// A sort never copies the rows it sorts: it orders positions in its
// workers' collected batches, taken one after another, and gathers the
// rows in that order a bounded batch at a time as the next pipeline reads
// them. What it holds is charged to the statement's account before it is
// allocated — the collected rows (by the workers' sinks), the key columns
// and the sort's scratch (words, positions, radix buffers), the order
// kept for the output — and a collected batch is given back once every
// row of it has been read, so a sort needs its input once plus about
// 40 bytes a row and a key column's copy, not the input three times.

// sortChunk is the rows of a sort's output batch.
const sortChunk = 1 << 14

// sortedRows is the rows of bs in the order perm: perm holds positions
// in the batches taken one after another, offs[i] being bs[i]'s first
// (offs[len(bs)] is the rows in all). perm may be shorter than the rows
// (a LIMIT).
type sortedRows struct {
	types []ColType
	bs    []*Batch
	offs  []int32
	perm  []int32
}

func newSortedRows(types []ColType, bs []*Batch) *sortedRows {
	r := &sortedRows{types: types, bs: bs, offs: make([]int32, len(bs)+1)}
	for i, b := range bs {
		r.offs[i+1] = r.offs[i] + int32(b.N)
	}
	return r
}

func (r *sortedRows) rows() int { return int(r.offs[len(r.bs)]) }

// locate writes the batch and the row within it of each position of ps
// to bi and ri (as long as ps).
func (r *sortedRows) locate(bi, ri, ps []int32) {
	offs := r.offs
	if len(r.bs) == 1 {
		clear(bi)
		copy(ri, ps)
		return
	}
	for j, p := range ps {
		// The last batch starting at or before p (offs[0] is 0).
		lo, hi := 0, len(offs)-1
		for hi-lo > 1 {
			mid := int(uint(lo+hi) >> 1)
			if offs[mid] <= p {
				lo = mid
			} else {
				hi = mid
			}
		}
		bi[j], ri[j] = int32(lo), p-offs[lo]
	}
}

// gather fills out with the rows (bi[j], ri[j]) of r's batches; srcs is
// scratch of len(r.bs).
func (r *sortedRows) gather(out *Batch, bi, ri []int32, srcs []*Vec) *Batch {
	for c, t := range r.types {
		for i, b := range r.bs {
			srcs[i] = nil
			if b != nil {
				srcs[i] = b.Cols[c]
			}
		}
		gatherFrom(out.Cols[c], t, srcs, bi, ri)
	}
	out.N = len(bi)
	return out
}

// gatherFrom fills dst with the values (bi[j], ri[j]) of srcs (a nil
// source is a batch none of whose rows are read): coded strings stay
// coded when every batch shares one dictionary, and are decoded
// otherwise.
func gatherFrom(dst *Vec, t ColType, srcs []*Vec, bi, ri []int32) {
	m := len(bi)
	absent, coded, nulls := true, true, false
	var first *Vec
	for _, v := range srcs {
		if v == nil {
			continue
		}
		if first == nil {
			first = v
		}
		absent = absent && v.Absent
		coded = coded && v.Codes != nil && sameDict(v.Dict, first.Dict)
		nulls = nulls || v.Nulls != nil
	}
	if first == nil || absent {
		dst.SetAbsent(t, m)
		return
	}
	keepNulls := dst.Nulls
	if t.Phys == PStr && coded {
		dst.resetCoded(first, m)
		for j, b := range bi {
			dst.Codes[j] = srcs[b].Codes[ri[j]]
		}
	} else {
		dst.reset(t, m)
		switch t.Phys {
		case PFloat:
			for j, b := range bi {
				dst.F[j] = srcs[b].F[ri[j]]
			}
		case PStr:
			for j, b := range bi {
				dst.S[j] = srcs[b].Str(int(ri[j]))
			}
		default:
			for j, b := range bi {
				dst.I[j] = srcs[b].I[ri[j]]
			}
		}
	}
	dst.T = t
	if nulls {
		dst.Nulls = grow(keepNulls, m)
		any := false
		for j, b := range bi {
			v := srcs[b]
			null := v.Nulls != nil && v.Nulls[ri[j]]
			dst.Nulls[j] = null
			any = any || null
		}
		if !any {
			dst.Nulls = nil
		}
	}
}

// sortRows orders the rows of bs by s's keys (the first limit of them),
// charging the key columns and the sort's scratch to mem before
// allocating them; mem is back to what it held plus the order's 4 bytes
// a row when it returns.
func (s *sortSpec) sortRows(ctx *sql.Context, bs []*Batch, mem *tally) (*sortedRows, error) {
	r := newSortedRows(s.types, bs)
	n := r.rows()
	base := mem.reserved
	kt := make([]ColType, len(s.keys))
	for i, k := range s.keys {
		kt[i] = k.Type()
	}
	if err := mem.to(ctx, base+rowsBytes(kt, n)); err != nil {
		return nil, err
	}
	keys, err := s.keysOver(ctx, bs, n)
	if err != nil {
		return nil, err
	}
	var kb int64
	for _, k := range keys {
		kb += vecBytes(k)
	}
	if err := mem.to(ctx, base+kb+sortScratch(keys, n)); err != nil {
		return nil, err
	}
	r.perm = sortPerm(keys, s.fields, n, s.limit)
	if err := mem.set(ctx, base+4*int64(cap(r.perm))); err != nil {
		return nil, err
	}
	return r, nil
}

// keysOver evaluates s's keys over bs into one vector each, n rows: a
// column's strings are shared with its batch, a computed one's copied.
func (s *sortSpec) keysOver(ctx *sql.Context, bs []*Batch, n int) ([]*Vec, error) {
	f := s.ec.NewFrame()
	keys := make([]*Vec, len(s.keys))
	for i, k := range s.keys {
		keys[i] = newKeyVec(k.Type(), n)
		_, own := k.(colRef)
		at := 0
		for _, b := range bs {
			v, err := k.Vec(ctx, b, f)
			if err != nil {
				return nil, err
			}
			appendKey(keys[i], v, b.N, at, n, own)
			at += b.N
		}
	}
	return keys, nil
}

func newKeyVec(t ColType, n int) *Vec {
	v := &Vec{T: t}
	switch t.Phys {
	case PFloat:
		v.F = make([]float64, 0, n)
	case PStr:
		v.S = make([]string, 0, n)
	default:
		v.I = make([]int64, 0, n)
	}
	return v
}

// appendKey appends m values of v to dst (n rows in all, at before
// these); shared: v's strings outlive the sort (a collected batch's).
func appendKey(dst, v *Vec, m, at, n int, shared bool) {
	switch dst.T.Phys {
	case PFloat:
		dst.F = append(dst.F, v.F[:m]...)
	case PStr:
		if !shared {
			dst.S = append(dst.S, cloneStrings(m, v.Str)...)
			break
		}
		for i := range m {
			dst.S = append(dst.S, v.Str(i))
		}
	default:
		dst.I = append(dst.I, v.I[:m]...)
	}
	dst.Nulls = copyNulls(dst.Nulls, v, at, m, n)
}

// rowsBytes estimates n rows of columns of types, strings at their
// headers (their bytes are shared).
func rowsBytes(types []ColType, n int) int64 {
	var per int64
	for _, t := range types {
		per += 8
		if t.Phys == PStr {
			per += 8
		}
	}
	return per * int64(n)
}

// sortScratch is what sortPerm allocates for n rows of keys at most:
// the words (w a row), a key's words at a time, a string key's ranks,
// the positions and the radix sort's copy of them, and its two arrays of
// the word being sorted on.
func sortScratch(keys []*Vec, n int) int64 {
	var w, ranks int64
	for _, k := range keys {
		w++
		if hasNull(k, n) {
			w++
		}
		if k.T.Phys == PStr {
			ranks = 4
		}
	}
	return int64(n) * (8*w + 8 + ranks + 2*4 + 2*8)
}

// errSortReread: a sort's output is read once (its input is given back
// as it is read).
var errSortReread = errors.New("exec: a sort's result was read twice")

// sortedSource serves a sort's result as one morsel (one worker keeps
// the order) of batches of at most sortChunk rows, gathered as they are
// read; a collected batch is dropped, and its charge given back, once
// every row of it has been read.
type sortedSource struct {
	r    *sortedRows
	mem  tally   // the collected batches and the order
	left []int32 // per batch, its rows in the order not yet read
	read bool
}

func newSortedSource(r *sortedRows, mem *tally) *sortedSource {
	s := &sortedSource{r: r, left: make([]int32, len(r.bs))}
	s.mem.take(mem)
	if len(r.perm) == r.rows() {
		for i, b := range r.bs {
			s.left[i] = int32(b.N)
		}
		return s
	}
	bi, ri := make([]int32, sortChunk), make([]int32, sortChunk)
	for lo := 0; lo < len(r.perm); lo += sortChunk {
		ps := r.perm[lo:min(len(r.perm), lo+sortChunk)]
		r.locate(bi[:len(ps)], ri[:len(ps)], ps)
		for _, b := range bi[:len(ps)] {
			s.left[b]++
		}
	}
	s.dropUnread()
	return s
}

// dropUnread gives back the batches none of whose rows are read.
func (s *sortedSource) dropUnread() {
	for i, b := range s.r.bs {
		if b != nil && s.left[i] == 0 {
			s.mem.give(batchBytes(b))
			s.r.bs[i] = nil
		}
	}
}

func (s *sortedSource) Types() []ColType               { return s.r.types }
func (s *sortedSource) Open(*sql.Context) (int, error) { return 1, nil }
func (s *sortedSource) Explain(tp *sql.TreePrinter)    { _ = tp.WriteNode("Sorted") }

func (s *sortedSource) Run(ctx *sql.Context, _ int, fn func(*Batch) error) error {
	if s.read {
		return errSortReread
	}
	s.read = true
	defer s.mem.release()
	r := s.r
	out := &Batch{Cols: newVecs(len(r.types))}
	size := min(sortChunk, len(r.perm))
	bi, ri, srcs := make([]int32, size), make([]int32, size), make([]*Vec, len(r.bs))
	for lo := 0; lo < len(r.perm); lo += sortChunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		ps := r.perm[lo:min(len(r.perm), lo+sortChunk)]
		b, i := bi[:len(ps)], ri[:len(ps)]
		r.locate(b, i, ps)
		if err := fn(r.gather(out, b, i, srcs)); err != nil {
			return err
		}
		s.spend(b)
	}
	r.bs, r.perm = nil, nil
	return nil
}

// spend counts rows of batches bi read, dropping the batches read in
// full.
func (s *sortedSource) spend(bi []int32) {
	for _, b := range bi {
		s.left[b]--
		if s.left[b] == 0 {
			s.mem.give(batchBytes(s.r.bs[b]))
			s.r.bs[b] = nil
		}
	}
}
