package exec

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
)

// Source produces a relation as independent morsels of batches.
type Source interface {
	Types() []ColType
	// Open prepares one run (running the pipelines the source depends
	// on) and returns how many morsels it has.
	Open(ctx *sql.Context) (int, error)
	// Run pushes morsel m's batches to fn, in order.
	Run(ctx *sql.Context, m int, fn func(*Batch) error) error
	Explain(p *sql.TreePrinter)
}

// Op is a streaming operator: it turns each batch into zero or more.
// One Op serves one worker; OpSpec makes them.
type Op interface {
	Push(ctx *sql.Context, b *Batch, emit func(*Batch) error) error
}

// OpSpec is a compiled streaming operator.
type OpSpec interface {
	Types() []ColType
	// Open runs what the operator needs before its first batch (a
	// join's build side).
	Open(ctx *sql.Context) error
	New() Op
	Describe() (string, []string)
	Sources() []Source
}

// Sink consumes a pipeline. Each worker has a LocalSink; Finish merges
// them into the sink's result.
type Sink interface {
	Local() LocalSink
	Finish(ctx *sql.Context, locals []LocalSink) (Source, error)
}

// LocalSink is one worker's part of a sink.
type LocalSink interface {
	Consume(ctx *sql.Context, b *Batch) error
}

// morselOrdered is a LocalSink told which morsel its next batches come
// from, to put them back in the source's order.
type morselOrdered interface{ startMorsel(m int) }

// Pipeline is a source and the streaming operators over it.
type Pipeline struct {
	Src Source
	Ops []OpSpec
	// pending are ranges outside which no output row matters to the one
	// consumer about to run p (a decorrelated subquery's outer keys,
	// outerkeys.go): open passes them down to its table scan.
	pending []outputBound
}

// Types is the pipeline's output layout.
func (p *Pipeline) Types() []ColType {
	if len(p.Ops) == 0 {
		return p.Src.Types()
	}
	return p.Ops[len(p.Ops)-1].Types()
}

// Run drives every morsel of the source through the operators into
// sink, one worker per core, and returns the sink's result.
func (p *Pipeline) Run(ctx *sql.Context, sink Sink) (Source, error) {
	morsels, err := p.open(ctx)
	if err != nil {
		return nil, err
	}
	locals, err := p.drive(ctx, morsels, sink, nil)
	if err != nil {
		return nil, err
	}
	return sink.Finish(ctx, locals)
}

// open prepares a run of p (its source, then its operators) and returns
// the source's morsels.
func (p *Pipeline) open(ctx *sql.Context) (int, error) {
	scan := p.passPending()
	morsels, err := p.Src.Open(ctx)
	if err != nil {
		return 0, err
	}
	for _, op := range p.Ops {
		if err := op.Open(ctx); err != nil {
			return 0, err
		}
	}
	p.offerOuterRanges()
	p.deferToFilter()
	if rr, ok := p.Src.(RangeRestricter); ok {
		for _, b := range scan {
			morsels = rr.RestrictRange(b.col, b.lo, b.hi)
		}
	}
	return p.restrictProbe(morsels), nil
}

// drive runs the morsels of an opened p into sink's workers and returns
// them, or the first error a worker met; stop, when set, is called at
// that error so the other workers end too.
func (p *Pipeline) drive(ctx *sql.Context, morsels int, sink Sink, stop func()) ([]LocalSink, error) {
	workers := max(1, min(runtime.GOMAXPROCS(0), morsels))
	locals := make([]LocalSink, workers)
	for w := range locals {
		locals[w] = sink.Local()
	}
	var next atomic.Int64
	var mu sync.Mutex
	var first error
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var err error
			defer func() {
				if r := recover(); r != nil {
					err = panicError(r)
				}
				if err == nil {
					return
				}
				mu.Lock()
				defer mu.Unlock()
				if first == nil {
					first = err
					if stop != nil {
						stop()
					}
				}
			}()
			err = p.work(ctx, &next, morsels, locals[w])
		}()
	}
	wg.Wait()
	return locals, first
}

// morselEnded is a LocalSink told when its worker has run a morsel to
// its end, or failed in it with err (the worker's error follows).
type morselEnded interface {
	endMorsel(ctx *sql.Context, m int, err error)
}

// work runs morsels taken from next until none is left.
func (p *Pipeline) work(ctx *sql.Context, next *atomic.Int64, morsels int, local LocalSink) error {
	emit := chain(ctx, p.Ops, local)
	for {
		m := int(next.Add(1) - 1)
		if m >= morsels {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if o, ok := local.(morselOrdered); ok {
			o.startMorsel(m)
		}
		err := p.Src.Run(ctx, m, emit)
		if o, ok := local.(morselEnded); ok {
			o.endMorsel(ctx, m, err)
		}
		if err != nil {
			return err
		}
	}
}

// chain composes one worker's operators into a single push function.
func chain(ctx *sql.Context, specs []OpSpec, local LocalSink) func(*Batch) error {
	emit := func(b *Batch) error {
		if b.N == 0 {
			return nil
		}
		return local.Consume(ctx, b)
	}
	for i := len(specs) - 1; i >= 0; i-- {
		op, down := specs[i].New(), emit
		emit = func(b *Batch) error {
			if b.N == 0 {
				return nil
			}
			return op.Push(ctx, b, down)
		}
	}
	if _, filter := firstOp(specs).(*filterSpec); !filter {
		inner := emit
		emit = func(b *Batch) error { return inner(materialized(b)) }
	}
	return emit
}

// firstOp is the operator source batches meet (nil: none).
func firstOp(specs []OpSpec) OpSpec {
	if len(specs) == 0 {
		return nil
	}
	return specs[0]
}

// Explain prints the pipeline, outermost operator first.
func (p *Pipeline) Explain(tp *sql.TreePrinter) {
	explainOps(tp, p.Ops, p.Src)
}

func explainOps(tp *sql.TreePrinter, ops []OpSpec, src Source) {
	if len(ops) == 0 {
		src.Explain(tp)
		return
	}
	op := ops[len(ops)-1]
	head, details := op.Describe()
	sub := sql.NewTreePrinter()
	explainOps(sub, ops[:len(ops)-1], src)
	children := append(details, sub.String())
	for _, s := range op.Sources() {
		c := sql.NewTreePrinter()
		s.Explain(c)
		children = append(children, c.String())
	}
	_ = tp.WriteNode("%s", head)
	tp.WriteChildren(children...)
}

// pipelineSource is a pipeline used as the source of the next one:
// opening it runs the pipeline into a collecting sink.
type pipelineSource struct {
	p   *Pipeline
	out Source
}

// materialize returns a Source that runs p to completion on Open and then
// serves its batches.
func materialize(p *Pipeline) Source { return &pipelineSource{p: p} }

func (s *pipelineSource) Types() []ColType { return s.p.Types() }

func (s *pipelineSource) Open(ctx *sql.Context) (int, error) {
	out, err := s.p.Run(ctx, &collectSink{types: s.p.Types()})
	if err != nil {
		return 0, err
	}
	s.out = out
	return out.Open(ctx)
}

func (s *pipelineSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.out.Run(ctx, m, fn)
}

func (s *pipelineSource) Explain(tp *sql.TreePrinter) { s.p.Explain(tp) }

// Batches is a materialised relation: its batches are its morsels.
type Batches struct {
	types []ColType
	bs    []*Batch
	// mem is what the batches hold on the statement's account, when a
	// collectSink gathered them (its workers' reservations, moved here).
	mem tally
}

func (s *Batches) Types() []ColType                                       { return s.types }
func (s *Batches) Open(*sql.Context) (int, error)                         { return len(s.bs), nil }
func (s *Batches) Explain(tp *sql.TreePrinter)                            { _ = tp.WriteNode("Batches") }
func (s *Batches) Run(_ *sql.Context, m int, fn func(*Batch) error) error { return fn(s.bs[m]) }

// collectSink copies every batch it is given.
type collectSink struct {
	types []ColType
	need  []bool // the columns kept (nil: all); the others are absent
}

type collectLocal struct {
	bs   []*Batch
	mem  tally
	need []bool
}

func (c *collectSink) Local() LocalSink { return &collectLocal{need: c.need} }

func (l *collectLocal) Consume(ctx *sql.Context, b *Batch) error {
	c := &Batch{N: b.N, Cols: make([]*Vec, len(b.Cols))}
	for i, v := range b.Cols {
		if l.need != nil && i < len(l.need) && !l.need[i] {
			c.Cols[i] = &Vec{}
			c.Cols[i].SetAbsent(v.T, b.N)
			continue
		}
		c.Cols[i] = cloneVec(v, b.N)
	}
	if err := l.mem.to(ctx, l.mem.reserved+batchBytes(c)); err != nil {
		return err
	}
	l.bs = append(l.bs, c)
	return nil
}

func (c *collectSink) Finish(_ *sql.Context, locals []LocalSink) (Source, error) {
	out := &Batches{types: c.types}
	for _, l := range locals {
		out.bs = append(out.bs, l.(*collectLocal).bs...)
		out.mem.take(&l.(*collectLocal).mem)
	}
	return out, nil
}

func cloneVec(v *Vec, n int) *Vec {
	c := &Vec{T: v.T}
	if v.Absent {
		c.SetAbsent(v.T, n)
		return c
	}
	switch v.T.Phys {
	case PFloat:
		c.F = append([]float64(nil), v.F[:n]...)
	case PStr:
		if v.Codes != nil && len(v.Dict) <= n {
			c.Codes = append([]uint32(nil), v.Codes[:n]...)
			c.Dict = cloneStrings(len(v.Dict), func(i int) string { return v.Dict[i] })
			break
		}
		c.S = cloneStrings(n, v.Str)
	default:
		c.I = append([]int64(nil), v.I[:n]...)
	}
	if v.Nulls != nil {
		c.Nulls = append([]bool(nil), v.Nulls[:n]...)
	}
	return c
}

// cloneStrings copies n strings, at(i) each, into one allocation of
// their bytes (they may alias storage chunks, which the scan releases).
func cloneStrings(n int, at func(int) string) []string {
	size := 0
	for i := range n {
		size += len(at(i))
	}
	buf := make([]byte, 0, size)
	out := make([]string, n)
	for i := range n {
		s := at(i)
		if s == "" {
			continue
		}
		start := len(buf)
		buf = append(buf, s...)
		out[i] = unsafe.String(&buf[start], len(s))
	}
	return out
}

// strArena copies strings into shared chunks of bytes, each chunk one
// allocation (arenaChunk bytes, as a frame's string arena); a string
// longer than a quarter chunk gets its own.
type strArena struct{ buf []byte }

func (a *strArena) clone(s string) string {
	switch {
	case s == "":
		return ""
	case len(s) > arenaChunk/4:
		return cloneString(s)
	case cap(a.buf)-len(a.buf) < len(s):
		a.buf = make([]byte, 0, arenaChunk)
	}
	start := len(a.buf)
	a.buf = append(a.buf, s...)
	return unsafe.String(&a.buf[start], len(s))
}

func cloneString(s string) string {
	if s == "" {
		return ""
	}
	return string(append([]byte(nil), s...))
}

// asSource is the pipeline as a source of its own (for EXPLAIN, and for
// consumers that read its result).
func (p *Pipeline) asSource() Source { return materialize(p) }
