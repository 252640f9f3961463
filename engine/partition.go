package engine

import (
	"encoding/binary"
	"io"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/storage"
)

// partition is one storage Part of one snapshot: a sealed segment, the
// write buffer or a chunk of the transaction's own inserts. Partitions of
// the same scan share the snapshot, so they read one consistent state and
// can be read in parallel.
type partition struct {
	snap *storage.Snapshot
	part storage.Part
	idx  int
}

var _ sql.Partition = (*partition)(nil)

// Key identifies the partition within its scan.
func (p *partition) Key() []byte { return binary.BigEndian.AppendUint32(nil, uint32(p.idx)) }

// partitionIter hands out a fixed list of partitions.
type partitionIter struct {
	parts []sql.Partition
	next  int
}

var _ sql.PartitionIter = (*partitionIter)(nil)

func (it *partitionIter) Next(*sql.Context) (sql.Partition, error) {
	if it.next >= len(it.parts) {
		return nil, io.EOF
	}
	it.next++
	return it.parts[it.next-1], nil
}

func (it *partitionIter) Close(*sql.Context) error { return nil }

// Partitions returns one partition per storage Part of the session's
// snapshot of the table, leaving out the segments the zone maps rule out:
// a point lookup then plans one or two partitions, not one per segment.
func (t *Table) Partitions(ctx *sql.Context) (sql.PartitionIter, error) {
	snap := t.snapshot(ctx)
	parts := snap.Parts()
	prune := t.pruneFor != nil && sameLayout(snap.Def(), t.sch.def)
	out := make([]sql.Partition, 0, len(parts))
	for i := range parts {
		if prune && parts[i].Kind == storage.PartSegment && t.pruneFor.prune(&parts[i]) {
			continue
		}
		out = append(out, &partition{snap: snap, part: parts[i], idx: i})
	}
	snap.Skipped(len(parts) - len(out))
	return &partitionIter{parts: out}, nil
}

// PartitionRows decodes the projected columns of one part into rows.
// Segments the zone maps rule out are skipped without reading a chunk.
func (t *Table) PartitionRows(ctx *sql.Context, p sql.Partition) (sql.RowIter, error) {
	switch p := p.(type) {
	case *partition:
		if it, ok, err := t.openPartRows(p.snap, &p.part); ok || err != nil {
			return it, err
		}
		rows, err := t.scanPart(ctx, p.snap, &p.part)
		if err != nil {
			return nil, err
		}
		return sql.RowsToRowIter(rows...), nil
	case *lookupPartition:
		return t.lookupRows(ctx, p)
	case *bitmapPartition:
		return t.bitmapRows(ctx, p)
	}
	return nil, errUnknownPartition(p)
}

// scanPart reads the output columns of one part. Rows a bitmap filter
// rules out are never produced, and a column a bitmap filter fixes to one
// value is filled with it instead of being decoded.
func (t *Table) scanPart(ctx *sql.Context, snap *storage.Snapshot, part *storage.Part) ([]sql.Row, error) {
	out, consts, req, cols, ferr := t.partRequest(snap)
	preds := t.batchPreds(out, cols)
	var rows []sql.Row
	var sel []uint32
	err := snap.ScanPart(part, req, func(b *storage.Batch) error {
		var err error
		if len(preds) == 0 {
			rows, err = t.appendBatchRows(rows, b, out, cols)
			return err
		}
		sel = selectRows(b, preds, sel)
		rows, err = t.appendRowsAt(rows, b, out, cols, sel)
		return err
	})
	if err == nil && ferr != nil {
		err = *ferr
	}
	if err != nil {
		return nil, wrapStorageErr(err, "scan %s", t.Name())
	}
	fillConstants(rows, consts)
	return rows, nil
}

// partRows converts a part's rows as they are asked for, so a LIMIT or
// an early Close stops after the rows it took: converting a whole
// segment first (tens of thousands of rows, every column boxed) made
// `SELECT * FROM orders LIMIT 5` cost a quarter of a second.
type partRows struct {
	t         *Table
	b         *storage.Batch
	release   func()
	out, cols []int
	consts    map[int]any
	pos       []uint32 // the positions to return, unless all
	all       bool     // every position 0..b.N-1
	next, n   int
}

// openPartRows opens one part for partRows; ok is false when the part
// can only be scanned by scanPart (a snapshot read through an id view).
func (t *Table) openPartRows(snap *storage.Snapshot, part *storage.Part) (sql.RowIter, bool, error) {
	out, consts, req, cols, ferr := t.partRequest(snap)
	b, release, ok, err := snap.OpenPart(part, req)
	if !ok {
		return nil, false, nil
	}
	if err == nil && ferr != nil {
		err = *ferr
	}
	if err != nil || b == nil {
		release()
		if err != nil {
			return nil, true, wrapStorageErr(err, "scan %s", t.Name())
		}
		return sql.RowsToRowIter(), true, nil
	}
	it := &partRows{t: t, b: b, release: release, out: out, cols: cols, consts: consts}
	switch preds := t.batchPreds(out, cols); {
	case len(preds) > 0:
		it.pos = selectRows(b, preds, nil)
	case b.Sel != nil:
		it.pos = b.Sel
	default:
		it.all = true
	}
	it.n = len(it.pos)
	if it.all {
		it.n = b.N
	}
	return it, true, nil
}

func (it *partRows) Next(*sql.Context) (sql.Row, error) {
	if it.next >= it.n {
		it.release()
		return nil, io.EOF
	}
	pos := it.next
	if !it.all {
		pos = int(it.pos[it.next])
	}
	it.next++
	row, err := it.t.rowAt(it.b, it.out, it.cols, pos)
	if err != nil {
		return nil, err
	}
	for i, v := range it.consts {
		row[i] = v
	}
	return row, nil
}

func (it *partRows) Close(*sql.Context) error {
	it.release()
	return nil
}

// partRequest is what a scan of one part reads: the output columns,
// those a bitmap filter fixes (consts), the storage request and each
// output column's position in its batch; *ferr, when set, is an error
// the bitmap filter met during the scan.
func (t *Table) partRequest(snap *storage.Snapshot) (out []int, consts map[int]any, req storage.ScanRequest, cols []int, ferr *error) {
	out = t.outputColumns()
	consts = t.bitmapConstants(out)
	req, cols = t.scanRequest(snap.Def(), out, consts)
	if len(t.bitmaps) > 0 {
		req.Filter, ferr = t.bitmapRowFilter(snap)
	}
	return out, consts, req, cols, ferr
}

// scanRequest builds the storage request decoding exactly the output
// columns. cols[i] is the position in Batch.Cols of output column i, or
// -1 when the snapshot lacks the column (it reads as NULL).
func (t *Table) scanRequest(snapDef *storage.TableDef, out []int, skip map[int]any) (storage.ScanRequest, []int) {
	mapped := t.mapColumns(snapDef, out)
	req := storage.ScanRequest{Columns: make([]int, 0, len(mapped))}
	cols := make([]int, len(mapped))
	for i, m := range mapped {
		cols[i] = -1
		if _, skipped := skip[i]; m >= 0 && !skipped {
			cols[i] = len(req.Columns)
			req.Columns = append(req.Columns, m)
		}
	}
	if t.pruneFor != nil && sameLayout(snapDef, t.sch.def) {
		req.Prune = t.pruneFor.prune
	}
	return req, cols
}

// appendBatchRows converts the live rows of a batch.
func (t *Table) appendBatchRows(rows []sql.Row, b *storage.Batch, out, cols []int) ([]sql.Row, error) {
	if b.Sel != nil {
		return t.appendRowsAt(rows, b, out, cols, b.Sel)
	}
	for pos := 0; pos < b.N; pos++ {
		row, err := t.rowAt(b, out, cols, pos)
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// appendRowsAt converts the rows at the given positions of a batch.
func (t *Table) appendRowsAt(rows []sql.Row, b *storage.Batch, out, cols []int, sel []uint32) ([]sql.Row, error) {
	for _, pos := range sel {
		row, err := t.rowAt(b, out, cols, int(pos))
		if err != nil {
			return nil, err
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// rowAt converts the row at one position of a batch.
func (t *Table) rowAt(b *storage.Batch, out, cols []int, pos int) (sql.Row, error) {
	row := make(sql.Row, len(out))
	for i, c := range cols {
		if c < 0 {
			continue
		}
		v, err := t.sch.codecs[out[i]].decodeAt(b.Cols[c], pos)
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}
