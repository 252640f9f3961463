package engine

import (
	"runtime"
	"slices"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
)

// emitAll packs the deduplicated pairs of every join key, workers taking
// shares of the left side's keys; it returns the workers' chunks.
func (pc *pairCount) emitAll(ctx *sql.Context, sides [2]*buildTable, codes [2]keyCode) ([][]uint64, error) {
	workers := runtime.GOMAXPROCS(0)
	shares := 16 * workers
	out := make([][][]uint64, workers)
	var next atomic.Int64
	err := inParallel(workers, func(w int) error {
		e := &pairEmitter{pc: pc, sides: sides, codes: codes}
		emit, dense := e.emit, false
		if e.plain() {
			emit = e.emitPlain
			dense = sides[0].start != nil && sides[1].start != nil
		}
		for {
			s := int(next.Add(1)) - 1
			if s >= shares {
				break
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if dense {
				e.emitDense(s, shares)
			} else {
				sides[0].eachRun(s, shares, emit)
			}
		}
		if len(e.cur) > 0 {
			e.chunks = append(e.chunks, e.cur)
		}
		out[w] = e.chunks
		return nil
	})
	return slices.Concat(out...), err
}

// pairEmitter packs the pairs of one join key at a time.
type pairEmitter struct {
	pc    *pairCount
	sides [2]*buildTable
	codes [2]keyCode
	prev  [2]int32
	run   []uint64 // the current key's pairs
	// Packed pairs go to fixed-size chunks, so that collecting millions
	// never copies what is already collected.
	cur    []uint64
	chunks [][]uint64
	// For emitPlain: key 0 of the left rows, key 1 of the right rows, and
	// at most one comparison, all without NULLs.
	xs, ys []int64
	cl, cr []int64
	op     zoneOp
	// selfStrict: one table serves both sides and the comparison is a
	// strict one of a column with itself, so a key's lone row pairs with
	// nothing (an order of one line has no product pairs).
	selfStrict bool
}

const emitChunkLen = 1 << 16

// put appends one key's pairs to the chunks.
func (e *pairEmitter) put(run []uint64) {
	for len(run) > 0 {
		if len(e.cur) == cap(e.cur) {
			if e.cur != nil {
				e.chunks = append(e.chunks, e.cur)
			}
			e.cur = make([]uint64, 0, emitChunkLen)
		}
		n := copy(e.cur[len(e.cur):cap(e.cur)], run)
		e.cur, run = e.cur[:len(e.cur)+n], run[n:]
	}
}

// dedup sorts the current key's pairs and drops repeats: a pair met twice
// under one key (a product on two lines of an order) counts the key once.
func (e *pairEmitter) dedup(run []uint64) []uint64 {
	if len(run) > 1 {
		if len(run) <= 32 {
			insertionSort(run)
		} else {
			slices.Sort(run)
		}
		run = slices.Compact(run)
	}
	e.run = run
	return run
}

// emit packs the pairs of join key k, whose left rows are lo … hi-1.
func (e *pairEmitter) emit(k int64, lo, hi int32) {
	r := e.sides[1].rangeOf(k, e.prev)
	e.prev = r
	if r[0] == r[1] {
		return
	}
	run := e.run[:0]
	for i := lo; i < hi; i++ {
		for j := r[0]; j < r[1]; j++ {
			if e.crossOK(i, j) {
				run = append(run, e.code(0, i, j)<<e.codes[1].bits|e.code(1, i, j))
			}
		}
	}
	e.put(e.dedup(run))
}

// plain reports whether emitPlain applies (product pairs: key 0 from the
// left, key 1 from the right, one comparison, no NULLs), and prepares it.
func (e *pairEmitter) plain() bool {
	l, r, pc := e.sides[0], e.sides[1], e.pc
	if pc.keys[0].side != 0 || pc.keys[1].side != 1 || len(pc.cross) > 1 {
		return false
	}
	if l.nulls[pc.keys[0].col] != nil || r.nulls[pc.keys[1].col] != nil {
		return false
	}
	e.xs, e.ys = l.cols[pc.keys[0].col], r.cols[pc.keys[1].col]
	if len(pc.cross) == 1 {
		c := pc.cross[0]
		if l.nulls[c.left] != nil || r.nulls[c.right] != nil {
			return false
		}
		e.cl, e.cr, e.op = l.cols[c.left], r.cols[c.right], c.op
		e.selfStrict = l == r && c.left == c.right && (c.op == opLT || c.op == opGT)
	}
	return true
}

// emitPlain is emit for the common shape, with the columns at hand.
func (e *pairEmitter) emitPlain(k int64, lo, hi int32) {
	r := e.sides[1].rangeOf(k, e.prev)
	e.prev = r
	if r[0] == r[1] {
		return
	}
	run := e.run[:0]
	x0, y0, shift := e.codes[0].lo-1, e.codes[1].lo-1, e.codes[1].bits
	ys := e.ys[r[0]:r[1]]
	for i := lo; i < hi; i++ {
		x := uint64(e.xs[i]-x0) << shift
		if e.cl == nil {
			for _, y := range ys {
				run = append(run, x|uint64(y-y0))
			}
			continue
		}
		c := e.cl[i]
		for j, y := range ys {
			if cmpInts(e.op, c, e.cr[int(r[0])+j]) {
				run = append(run, x|uint64(y-y0))
			}
		}
	}
	e.put(e.dedup(run))
}

// emitDense is emitPlain over share part of parts of the keys when both
// sides have a dense index: one loop, no call per key, the pairs written
// straight into the current chunk.
func (e *pairEmitter) emitDense(part, parts int) {
	l, r := e.sides[0], e.sides[1]
	span := uint64(len(l.start) - 1)
	from, to := span*uint64(part)/uint64(parts), span*uint64(part+1)/uint64(parts)
	x0, y0, shift := e.codes[0].lo-1, e.codes[1].lo-1, e.codes[1].bits
	xs, ys, cl, cr, op := e.xs, e.ys, e.cl, e.cr, e.op
	rspan := uint64(len(r.start) - 1)
	for d := from; d < to; d++ {
		lo, hi := l.start[d], l.start[d+1]
		if hi-lo < 2 && (lo == hi || e.selfStrict) {
			continue
		}
		rd := uint64(l.min + int64(d) - r.min)
		if rd >= rspan {
			continue
		}
		rlo, rhi := r.start[rd], r.start[rd+1]
		need := int(hi-lo) * int(rhi-rlo)
		if need == 0 {
			continue
		}
		if need > emitChunkLen {
			e.emitPlain(l.min+int64(d), lo, hi)
			continue
		}
		if cap(e.cur)-len(e.cur) < need {
			if len(e.cur) > 0 {
				e.chunks = append(e.chunks, e.cur)
			}
			e.cur = make([]uint64, 0, emitChunkLen)
		}
		// Appends stay within the capacity just ensured.
		cur, base := e.cur, len(e.cur)
		for i := lo; i < hi; i++ {
			x := uint64(xs[i]-x0) << shift
			for j := rlo; j < rhi; j++ {
				if cl == nil || cmpInts(op, cl[i], cr[j]) {
					cur = append(cur, x|uint64(ys[j]-y0))
				}
			}
		}
		if len(cur)-base > 1 {
			run := cur[base:]
			if len(run) <= 32 {
				insertionSort(run)
			} else {
				slices.Sort(run)
			}
			cur = cur[:base+len(slices.Compact(run))]
		}
		e.cur = cur
	}
}

func cmpInts(op zoneOp, x, y int64) bool {
	switch op {
	case opEQ:
		return x == y
	case opLT:
		return x < y
	case opLE:
		return x <= y
	case opGT:
		return x > y
	case opGE:
		return x >= y
	}
	return false
}

// code is group key n's code for left row i joined with right row j.
func (e *pairEmitter) code(n int, i, j int32) uint64 {
	ref := e.pc.keys[n]
	row := i
	if ref.side == 1 {
		row = j
	}
	bt := e.sides[ref.side]
	if bt.null(ref.col, row) {
		return 0
	}
	return uint64(bt.cols[ref.col][row]-e.codes[n].lo) + 1
}

// crossOK evaluates the left-versus-right comparisons; NULL fails them.
func (e *pairEmitter) crossOK(i, j int32) bool {
	l, r := e.sides[0], e.sides[1]
	for _, c := range e.pc.cross {
		if l.null(c.left, i) || r.null(c.right, j) || !cmpInts(c.op, l.cols[c.left][i], r.cols[c.right][j]) {
			return false
		}
	}
	return true
}
