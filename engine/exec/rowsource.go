package exec

import (
	"io"

	"github.com/dolthub/go-mysql-server/sql"
)

// RowSource adapts a node that yields rows (a table function, an
// operator not yet ported) into a batch source, so what sits above it
// still runs vectorised. It reads the node once, on Open.
func RowSource(n sql.ExecSourceRel) (Source, bool) {
	return NodeRows(n, func(ctx *sql.Context) (sql.RowIter, error) { return n.RowIter(ctx, nil) })
}

// NodeRows is RowSource of a node GMS builds itself (a recursive CTE: a
// date series LEFT JOINed to the orders), open building its iterator.
func NodeRows(n sql.Node, open func(*sql.Context) (sql.RowIter, error)) (Source, bool) {
	ts := make([]ColType, len(n.Schema()))
	for i, c := range n.Schema() {
		t, ok := carriedType(c.Type)
		if !ok {
			return nil, false
		}
		ts[i] = t
	}
	return &rowSource{n: n, open: open, types: ts}, true
}

// carriedType is TypeOf, plus the DECIMALs wider than a PDec that GMS
// gives sums and their derived values (DECIMAL(34,2)): their values are
// carried as scaled int64s while they fit, and a value past that is an
// error rather than a different plan.
func carriedType(t sql.Type) (ColType, bool) {
	if ct, ok := TypeOf(t); ok {
		return ct, true
	}
	if dt, ok := t.(sql.DecimalType); ok && int32(dt.Scale()) <= maxArithScale {
		return ColType{Phys: PDec, Scale: int32(dt.Scale()), SQL: t}, true
	}
	return ColType{}, false
}

type rowSource struct {
	n     sql.Node
	open  func(*sql.Context) (sql.RowIter, error)
	types []ColType
	out   *Batches
	// mem charges the batches held to the statement's memory account:
	// a function's rows past the budget fail the statement, not the
	// server.
	mem  tally
	held int64
}

const rowBatch = 1024

func (s *rowSource) Types() []ColType { return s.types }

func (s *rowSource) Explain(tp *sql.TreePrinter) {
	_ = tp.WriteNode("Rows(%s)", firstLine(s.n.String()))
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

func (s *rowSource) Open(ctx *sql.Context) (int, error) {
	it, err := s.open(ctx)
	if err != nil {
		return 0, err
	}
	defer it.Close(ctx)
	s.out = &Batches{types: s.types}
	s.mem.release()
	s.mem, s.held = tally{}, 0 // this run's statement account
	var rows []sql.Row
	for {
		r, err := it.Next(ctx)
		if err == io.EOF {
			break
		}
		if err != nil {
			return 0, err
		}
		if rows = append(rows, r); len(rows) == rowBatch {
			if err := s.add(ctx, rows); err != nil {
				return 0, err
			}
			rows = rows[:0]
		}
	}
	if err := s.add(ctx, rows); err != nil {
		return 0, err
	}
	return len(s.out.bs), nil
}

// add converts rows into one batch.
func (s *rowSource) add(ctx *sql.Context, rows []sql.Row) error {
	if len(rows) == 0 {
		return nil
	}
	b := &Batch{N: len(rows), Cols: make([]*Vec, len(s.types))}
	for c, t := range s.types {
		v := &Vec{}
		v.reset(t, len(rows))
		for i, r := range rows {
			if err := v.Set(ctx, i, len(rows), r[c]); err != nil {
				return err
			}
		}
		b.Cols[c] = v
	}
	s.held += batchBytes(b)
	if err := s.mem.to(ctx, s.held); err != nil {
		return err
	}
	s.out.bs = append(s.out.bs, b)
	return nil
}

func (s *rowSource) Run(ctx *sql.Context, m int, fn func(*Batch) error) error {
	return s.out.Run(ctx, m, fn)
}
