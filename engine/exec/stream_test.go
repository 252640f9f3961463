package exec

import (
	"errors"
	"io"
	"sync/atomic"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
)

// countSource has morsels of two batches of rows rows each, the values
// counting up from 0 across morsels; it reuses one batch and overwrites
// it with -1 once its reader returns (a reader that kept reading it
// after giving it back would see them), and fails at morsel failAt
// (when not negative).
type countSource struct {
	morsels, rows, failAt int
	running, ran          atomic.Int32
}

var errCountSource = errors.New("countSource: failing morsel")

func (s *countSource) Types() []ColType               { return []ColType{intCol} }
func (s *countSource) Open(*sql.Context) (int, error) { return s.morsels, nil }
func (s *countSource) Explain(tp *sql.TreePrinter)    { _ = tp.WriteNode("count") }

func (s *countSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	s.running.Add(1)
	defer s.running.Add(-1)
	s.ran.Add(1)
	if m == s.failAt {
		return errCountSource
	}
	v := &Vec{T: intCol, I: make([]int64, s.rows)}
	b := &Batch{N: s.rows, Cols: []*Vec{v}}
	for k := range 2 {
		for i := range v.I {
			v.I[i] = int64((2*m+k)*s.rows + i)
		}
		err := fn(b)
		for i := range v.I {
			v.I[i] = -1
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func streamOf(t *testing.T, src *countSource) *rowIter {
	t.Helper()
	s, err := startStream(sql.NewEmptyContext(), &Pipeline{Src: src})
	if err != nil {
		t.Fatal(err)
	}
	return &rowIter{s: s, types: src.Types()}
}

// TestStreamMorselOrder checks that a stream's rows come in morsel
// order, whichever worker ran each morsel, read before their worker
// reuses its batch.
func TestStreamMorselOrder(t *testing.T) {
	src := &countSource{morsels: 64, rows: 100, failAt: -1}
	it := streamOf(t, src)
	defer it.Close(nil)
	want := int64(0)
	for {
		row, err := it.Next(nil)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := row[0].(int64); got != want {
			t.Fatalf("row %d is %d", want, got)
		}
		want++
	}
	if want != 64*2*100 {
		t.Fatalf("%d rows, want %d", want, 64*2*100)
	}
}

// TestStreamCloseStopsRun checks that closing a stream before its end
// stops its workers: none runs once Close returns, and the morsels past
// those under way are not run.
func TestStreamCloseStopsRun(t *testing.T) {
	src := &countSource{morsels: 1000, rows: 10, failAt: -1}
	it := streamOf(t, src)
	for range 25 {
		if _, err := it.Next(nil); err != nil {
			t.Fatal(err)
		}
	}
	if err := it.Close(nil); err != nil {
		t.Fatal(err)
	}
	if n := src.running.Load(); n != 0 {
		t.Fatalf("%d morsels still running after Close", n)
	}
	if n := src.ran.Load(); n >= 1000 {
		t.Fatalf("all %d morsels ran for a reader that left after 25 rows", n)
	}
}

// TestStreamErrorAfterRows checks that a worker's error reaches the
// reader after the rows of the morsels before it, and ends the run.
func TestStreamErrorAfterRows(t *testing.T) {
	src := &countSource{morsels: 1000, rows: 10, failAt: 3}
	it := streamOf(t, src)
	defer it.Close(nil)
	n := 0
	for {
		_, err := it.Next(nil)
		if err == nil {
			n++
			continue
		}
		if !errors.Is(err, errCountSource) {
			t.Fatalf("after %d rows: %v", n, err)
		}
		break
	}
	if n != 3*2*10 {
		t.Fatalf("%d rows before the error, want the 60 of morsels 0 to 2", n)
	}
	if r := src.ran.Load(); r >= 1000 {
		t.Fatalf("all %d morsels ran after a worker failed", r)
	}
}
