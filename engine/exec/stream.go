package exec

import (
	"context"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
)

// A compiled subtree's rows reach its reader — GMS's node above, or the
// server's result path writing them to the client — as the last pipeline
// produces them, never collected whole: each worker hands its batch to
// the reader and waits until the reader has read it before it computes
// the next. A reader that stops reading (a client reading slowly, the
// socket full) therefore holds the workers: at most one batch per worker
// is in flight, and nothing of the result is charged to the statement's
// memory. A sort's output is gathered a chunk at a time as it is read
// (sorted.go), so the sorted rows are held once, not once sorted and
// once collected.
//
// Invariants:
//   - batches reach the reader in the source's morsel order (a morsel's
//     batches in the order its worker made them), whatever the worker
//     that ran it: the order a single worker would give, and GMS's for a
//     table scan or a UNION ALL; an error in a morsel comes after the
//     rows of the morsels before it;
//   - a batch handed over stays the worker's; the reader reads it in
//     place and gives it back (stream.next, stream.close) before the
//     worker may touch it again, so values it keeps (sql.Rows read by
//     GMS) it copies;
//   - the run ends before close returns: no worker outlives the reader,
//     and what the run held on the statement's account is given back.

// handoff is a batch in the reader's hands and the channel its worker
// waits on for it back.
type handoff struct {
	b    *Batch
	back chan struct{}
}

// streamSink delivers the batches of its workers to a stream, morsel by
// morsel in order: a worker whose morsel is not next waits for its turn.
type streamSink struct {
	out   chan handoff
	mu    sync.Mutex
	turn  int             // the morsel whose batches may go now
	ended []bool          // per morsel: its worker has run it to its end
	ready []chan struct{} // per morsel: closed once it is its turn
}

func newStreamSink(out chan handoff, morsels int) *streamSink {
	s := &streamSink{out: out, ended: make([]bool, morsels), ready: make([]chan struct{}, morsels)}
	for m := range s.ready {
		s.ready[m] = make(chan struct{})
	}
	if morsels > 0 {
		close(s.ready[0])
	}
	return s
}

func (s *streamSink) Local() LocalSink { return &streamLocal{s: s, back: make(chan struct{}, 1)} }

// Finish implements Sink: the rows went to the reader.
func (s *streamSink) Finish(*sql.Context, []LocalSink) (Source, error) { return nil, nil }

// end marks morsel m run and passes the turn on past every morsel run.
func (s *streamSink) end(m int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.ended[m] = true
	for s.turn < len(s.ended) && s.ended[s.turn] {
		s.turn++
		if s.turn < len(s.ready) {
			close(s.ready[s.turn])
		}
	}
}

// streamLocal is one worker's part of a streamSink.
type streamLocal struct {
	s    *streamSink
	m    int
	back chan struct{}
}

func (l *streamLocal) startMorsel(m int) { l.m = m }

// endMorsel passes the turn on after morsel m; a morsel that failed
// waits for its turn instead, so its error follows the rows of the
// morsels before it (and the run stops at it).
func (l *streamLocal) endMorsel(ctx *sql.Context, m int, err error) {
	if err == nil {
		l.s.end(m)
		return
	}
	select {
	case <-l.s.ready[m]:
	case <-ctx.Done():
	}
}

// Consume hands b to the reader once it is b's morsel's turn and waits
// until the reader gives it back (it always does: stream.close).
func (l *streamLocal) Consume(ctx *sql.Context, b *Batch) error {
	select {
	case <-l.s.ready[l.m]:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case l.s.out <- handoff{b: b, back: l.back}:
	case <-ctx.Done():
		return ctx.Err()
	}
	<-l.back
	return nil
}

// stream is the reader's end of a pipeline run in the background.
type stream struct {
	in     chan handoff
	cancel context.CancelFunc
	err    error // the run's; set before in is closed
	cur    handoff
	closed bool
}

// startStream opens p — running the pipelines it depends on, so their
// errors (a sort past the memory limit) come before any row — and runs
// it in the background into a stream. The first error of a worker stops
// the others.
func startStream(ctx *sql.Context, p *Pipeline) (*stream, error) {
	morsels, err := p.open(ctx)
	if err != nil {
		return nil, err
	}
	run, cancel := ctx.NewSubContext()
	s := &stream{in: make(chan handoff), cancel: cancel}
	go func() {
		defer close(s.in)
		_, s.err = p.drive(run, morsels, newStreamSink(s.in, morsels), cancel)
	}()
	return s, nil
}

// next gives back the batch being read and returns the next one: nil
// and the run's error (nil at the end) once there is none.
func (s *stream) next() (*Batch, error) {
	s.giveBack()
	h, ok := <-s.in
	if !ok {
		return nil, s.err
	}
	s.cur = h
	return h.b, nil
}

func (s *stream) giveBack() {
	if s.cur.back != nil {
		s.cur.back <- struct{}{}
		s.cur = handoff{}
	}
}

// close stops the run and waits for its end, giving back every batch
// its workers still hand over.
func (s *stream) close() {
	if s.closed {
		return
	}
	s.closed = true
	s.cancel()
	s.giveBack()
	for h := range s.in {
		h.back <- struct{}{}
	}
}
