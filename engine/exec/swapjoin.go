package exec

import (
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/sql"
)

// swapJoin is a HashJoin whose hash table is built on its left (probe)
// input instead of its right one, chosen when the right input is
// estimated much larger (joinSide): a few thousand e-mail events
// LEFT JOINed to every order build on the events and stream the orders
// past them. The right input's morsels probe the table in parallel and
// mark the left rows they match; once every morsel is done, one last
// morsel emits what depends on the marks — a left join's unmatched rows,
// a semi join's matched ones, an anti join's unmatched ones.
type swapJoin struct {
	s     *joinSpec // the join as compiled: left is built, s.build streams
	left  *Pipeline
	est   [2]float64 // estimated rows of left and right, for EXPLAIN
	table *joinTable
	// band: the join's band spec mirrored, indexing the left rows.
	bandSpec *bandSpec
	band     *bandIndex
	marks    []atomic.Bool
	right    int        // morsels of the right input
	workers  *sync.Pool // of *swapWorker
	done     sync.WaitGroup
}

func (j *swapJoin) Types() []ColType { return j.s.types }

// final reports whether the join emits rows after the probe: all kinds
// but inner.
func (j *swapJoin) final() bool { return j.s.kind != JoinInner }

func (j *swapJoin) Open(ctx *sql.Context) (int, error) {
	t, err := buildTable(ctx, j.left, j.s.lkeys, j.s.lec, j.s.lneed)
	if err != nil {
		return 0, err
	}
	j.table = t
	if !j.s.useTiny(t, 0) {
		if j.band, err = buildBand(ctx, j.bandSpec, t); err != nil {
			return 0, err
		}
	}
	var mem tally
	if err := mem.to(ctx, int64(t.rows.N)); err != nil {
		return 0, err
	}
	j.marks = make([]atomic.Bool, t.rows.N)
	p := j.s.build
	if j.right, err = p.Src.Open(ctx); err != nil {
		return 0, err
	}
	for _, op := range p.Ops {
		if err := op.Open(ctx); err != nil {
			return 0, err
		}
	}
	j.done = sync.WaitGroup{}
	j.workers = &sync.Pool{}
	j.done.Add(j.right)
	if j.final() {
		return j.right + 1, nil
	}
	return j.right, nil
}

func (j *swapJoin) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	if m == j.right {
		// Morsels are handed out in order: every probe morsel has been
		// taken by a worker, which finishes it without waiting on this.
		j.done.Wait()
		return j.emitFinal(fn)
	}
	defer j.done.Done()
	w, _ := j.workers.Get().(*swapWorker)
	if w == nil {
		n := len(j.s.left) + len(j.s.right)
		pr := &swapProbe{j: j, kf: j.s.rkeyEC.NewFrame(), cf: j.s.cec.NewFrame(),
			joined: &Batch{Cols: newVecs(n)}, pairs: &Batch{Cols: newVecs(n)}}
		w = &swapWorker{probe: pr, push: chain(ctx, j.s.build.Ops, pr)}
	}
	w.probe.emit = fn
	if err := j.s.build.Src.Run(ctx, m, w.push); err != nil {
		return err
	}
	w.probe.emit = nil
	j.workers.Put(w)
	return nil
}

// swapWorker is a right-side morsel's operators and probe, kept for the
// next morsel: their buffers (a filter's gathered rows, the pairs) are
// sized once per worker, not once per morsel.
type swapWorker struct {
	probe *swapProbe
	push  func(*Batch) error
}

// swapProbe is one right-side morsel's probe of the left rows' table.
type swapProbe struct {
	j      *swapJoin
	kf, cf *Frame
	kv     []*Vec
	h      []uint64
	gids   []int32
	li, ri []int32
	bp     bandProbe
	blo    []int32
	bhi    []int32
	joined *Batch
	pairs  *Batch // the condition's columns of the candidates (as probeOp's)
	emit   func(*Batch) error
	tiny   tinyProbe // a tiny left table's broadcast rows (tinyjoin.go)
}

// Consume probes the table with a batch of right rows.
func (p *swapProbe) Consume(ctx *sql.Context, b *Batch) error {
	if p.j.table.tiny {
		return p.consumeTiny(ctx, b)
	}
	cols, err := keyVecs(ctx, p.j.s.rkeys, b, p.kf, p.kv)
	if err != nil {
		return err
	}
	p.kv = cols
	t := p.j.table
	p.h = t.probeHashes(cols, b.N, p.h)
	p.gids = grow(p.gids, b.N)
	t.keys.findAll(cols, b.N, p.h, false, p.gids)
	band := p.j.band
	if band != nil {
		p.blo, p.bhi = grow(p.blo, b.N), grow(p.bhi, b.N)
		if err := band.ranges(ctx, b, nil, &p.bp, p.gids, p.blo, p.bhi); err != nil {
			return err
		}
	}
	p.li, p.ri = p.li[:0], p.ri[:0]
	for i := 0; i < b.N; i++ {
		g := p.gids[i]
		if g < 0 || anyNull(cols, i) {
			continue
		}
		if band != nil {
			for _, r := range band.perm[p.blo[i]:p.bhi[i]] {
				p.li, p.ri = append(p.li, r), append(p.ri, int32(i))
				if len(p.li) == pairChunk {
					if err := p.flush(ctx, b); err != nil {
						return err
					}
				}
			}
			continue
		}
		for r := t.first[g]; r >= 0; r = t.next[r] {
			p.li, p.ri = append(p.li, r), append(p.ri, int32(i))
			if len(p.li) == pairChunk {
				if err := p.flush(ctx, b); err != nil {
					return err
				}
			}
		}
	}
	return p.flush(ctx, b)
}

// flush applies the condition to the collected pairs, marks the left
// rows matched and emits an inner or left join's pairs.
func (p *swapProbe) flush(ctx *sql.Context, b *Batch) error {
	if len(p.li) == 0 {
		return nil
	}
	s, rows := p.j.s, p.j.table.rows
	if s.cond != nil {
		gatherJoined(p.pairs, rows, p.li, b, p.ri, s.condCols)
		c, err := s.cond.Vec(ctx, p.pairs, p.cf)
		if err != nil {
			return err
		}
		k := 0
		for i, l := range p.li {
			if truth(c, i) {
				p.li[k], p.ri[k] = l, p.ri[i]
				k++
			}
		}
		p.li, p.ri = p.li[:k], p.ri[:k]
	}
	for _, l := range p.li {
		if m := &p.j.marks[l]; !m.Load() {
			m.Store(true)
		}
	}
	if len(p.li) == 0 || s.marksOnly() {
		p.li, p.ri = p.li[:0], p.ri[:0]
		return nil
	}
	gatherJoined(p.joined, rows, p.li, b, p.ri, s.keepCols)
	s.absentRest(p.joined)
	p.li, p.ri = p.li[:0], p.ri[:0]
	return p.emit(p.joined)
}

// emitFinal emits the left rows the marks select, a batch at a time.
func (j *swapJoin) emitFinal(fn func(*Batch) error) error {
	rows := j.table.rows
	want := j.s.kind == JoinSemi // semi: the matched rows; left, anti: the others
	var sel []int32
	flush := func() error {
		if len(sel) == 0 {
			return nil
		}
		b := selectRows(rows, sel)
		if j.s.kind == JoinLeft {
			b = nullPadded(b, j.s.right)
		}
		sel = sel[:0]
		return fn(b)
	}
	for i := range j.marks {
		if j.marks[i].Load() == want {
			sel = append(sel, int32(i))
			if len(sel) == pairChunk {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// selectRows is a new batch of rows sel of b.
func selectRows(b *Batch, sel []int32) *Batch {
	out := &Batch{N: len(sel), Cols: make([]*Vec, len(b.Cols))}
	for c, v := range b.Cols {
		out.Cols[c] = &Vec{}
		gather(out.Cols[c], v, sel)
	}
	return out
}

// nullPadded appends to b a NULL column of each of types (a left join's
// unmatched rows).
func nullPadded(b *Batch, types []ColType) *Batch {
	for _, t := range types {
		v := &Vec{}
		v.reset(t, b.N)
		v.Nulls = make([]bool, b.N)
		for i := range v.Nulls {
			v.Nulls[i] = true
		}
		b.Cols = append(b.Cols, v)
	}
	return b
}

func (j *swapJoin) Explain(tp *sql.TreePrinter) {
	head, details := j.s.Describe()
	details = append(details, fmt.Sprintf("built on the left input (estimated %.0f rows, the right %.0f)", j.est[0], j.est[1]))
	l, r := sql.NewTreePrinter(), sql.NewTreePrinter()
	j.left.Explain(l)
	j.s.build.Explain(r)
	_ = tp.WriteNode("%s", head)
	tp.WriteChildren(append(details, l.String(), r.String())...)
}

// ColumnRange passes a column's range on from the input it comes from.
func (j *swapJoin) ColumnRange(ctx *sql.Context, col int) (lo, hi int64, rows int, ok bool) {
	if nl := len(j.s.left); col >= nl {
		return j.s.build.columnRange(ctx, col-nl)
	}
	return j.left.columnRange(ctx, col)
}
