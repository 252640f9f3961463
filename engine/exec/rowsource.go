package exec

import (
	"io"
	"slices"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/contract/batch"
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
	if bi, ok := it.(batch.Iter); ok && s.batchable() {
		return s.readBatches(ctx, bi)
	}
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

// batchable reports whether every column's batch form (contract/batch)
// is its layout's, so that a batch iterator's vectors are taken as they
// are.
func (s *rowSource) batchable() bool {
	for i, c := range s.n.Schema() {
		if !batchLayout(s.types[i], c.Type) {
			return false
		}
	}
	return true
}

// readBatches reads a table function that hands out column batches
// (rfm(), lifecycle()): its vectors are copied as they are (or taken,
// batch.Kept), where reading its rows would box every value only to
// unbox it again.
func (s *rowSource) readBatches(ctx *sql.Context, it batch.Iter) (int, error) {
	var dicts []dictCopy
	k, keep := it.(batch.Kept)
	keep = keep && k.KeptBatches()
	for {
		in, err := it.NextBatch(ctx, rowBatch)
		if err == io.EOF {
			return len(s.out.bs), nil
		}
		if err != nil {
			return 0, err
		}
		if dicts == nil {
			dicts = make([]dictCopy, len(s.types))
		}
		b := &Batch{N: in.N, Cols: make([]*Vec, len(s.types))}
		for c, t := range s.types {
			if keep {
				b.Cols[c] = vecAt(t, &in.Cols[c], in.N, &dicts[c])
			} else {
				b.Cols[c] = vecOf(t, &in.Cols[c], in.N, &dicts[c])
			}
		}
		s.held += batchBytes(b)
		if err := s.mem.to(ctx, s.held); err != nil {
			return 0, err
		}
		s.out.bs = append(s.out.bs, b)
	}
}

// dictCopy is the copy of a column's last dictionary: the batches of one
// column usually share one, copied once. A producer's dictionary may
// hold a text twice (rfm()'s segment labels, one entry per R×F×M cell),
// where the executor's are distinct (a code is a text): such a copy
// keeps each text once, and remap renumbers the codes.
type dictCopy struct {
	src, dst []string
	remap    []uint32 // src code → dst code; nil when src is distinct
}

func (d *dictCopy) of(src []string) []string {
	if len(src) != len(d.src) || len(src) > 0 && &src[0] != &d.src[0] {
		d.src, d.dst, d.remap = src, nil, nil
		at := make(map[string]uint32, len(src))
		remap := make([]uint32, len(src))
		for i, x := range src {
			k, seen := at[x]
			if !seen {
				k = uint32(len(d.dst))
				at[x] = k
				d.dst = append(d.dst, x)
			}
			remap[i] = k
		}
		if len(d.dst) < len(src) {
			d.remap = remap
		}
	}
	return d.dst
}

// codes is c's codes in d's numbering: cs itself when d keeps src's.
func (d *dictCopy) codes(cs []uint32) []uint32 {
	if d.remap == nil {
		return cs
	}
	out := make([]uint32, len(cs))
	for i, x := range cs {
		out[i] = d.remap[x]
	}
	return out
}

// vecOf copies the first n values of a batch column (valid only until
// its iterator's next batch) into a vector of layout t.
func vecOf(t ColType, c *batch.Col, n int, dict *dictCopy) *Vec {
	v := &Vec{T: t}
	switch {
	case t.Phys == PFloat:
		v.F = slices.Clone(c.Floats[:n])
	case t.Phys == PStr && c.Codes != nil:
		v.Dict = dict.of(c.Dict)
		if v.Codes = dict.codes(c.Codes[:n]); dict.remap == nil {
			v.Codes = slices.Clone(v.Codes)
		}
	case t.Phys == PStr:
		v.S = slices.Clone(c.Strs[:n])
	default:
		v.I = slices.Clone(c.Ints[:n])
	}
	if c.Nulls != nil {
		v.Nulls = slices.Clone(c.Nulls[:n])
	}
	return v
}

// vecAt is vecOf of a column whose slices may be kept (batch.Kept):
// the vector is them, not a copy (but for a dictionary's duplicates).
func vecAt(t ColType, c *batch.Col, n int, dict *dictCopy) *Vec {
	v := &Vec{T: t}
	switch {
	case t.Phys == PFloat:
		v.F = c.Floats[:n:n]
	case t.Phys == PStr && c.Codes != nil:
		v.Dict = dict.of(c.Dict)
		v.Codes = dict.codes(c.Codes[:n:n])
	case t.Phys == PStr:
		v.S = c.Strs[:n:n]
	default:
		v.I = c.Ints[:n:n]
	}
	if c.Nulls != nil {
		v.Nulls = c.Nulls[:n:n]
	}
	return v
}
