package exec

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
)

// frameKind is how a window frame is bounded.
type frameKind uint8

const (
	framePartition frameKind = iota // the whole partition
	framePeers                      // the partition's start to the current row's last peer
	frameRows                       // ROWS: offsets from the current row
)

// winFrame is a function's frame over the sorted rows of a partition.
type winFrame struct {
	kind             frameKind
	unbStart, unbEnd bool
	so, eo           int // ROWS: the first and last row, relative to the current one
}

// frameOf is the frame a function of kind k computes over: the explicit
// ROWS frame (or RANGE over the whole partition), else MySQL's default —
// the partition without ORDER BY, up to the last peer with it — and for
// FIRST_VALUE GMS's (the partition's start to the current row).
func frameOf(k winKind, w *sql.WindowDefinition) (winFrame, error) {
	switch k {
	case winSum, winAvg, winCount, winMin, winMax, winFirst, winLast:
	default:
		return winFrame{}, nil // the ranking functions and LAG/LEAD ignore frames
	}
	if w == nil || w.Frame == nil {
		switch {
		case k == winFirst:
			return winFrame{kind: frameRows, unbStart: true}, nil
		case w == nil || len(w.OrderBy) == 0:
			return winFrame{kind: framePartition}, nil
		}
		return winFrame{kind: framePeers}, nil
	}
	f := w.Frame
	if !isRowsFrame(f) {
		if f.UnboundedPreceding() && f.UnboundedFollowing() {
			return winFrame{kind: framePartition}, nil
		}
		return winFrame{}, unsupported("frame %s", f)
	}
	fr := winFrame{kind: frameRows, unbStart: f.UnboundedPreceding(), unbEnd: f.UnboundedFollowing()}
	var err error
	if !fr.unbStart && !f.StartCurrentRow() {
		fr.so, err = offsetOf(f.StartNPreceding(), f.StartNFollowing())
	}
	if err == nil && !fr.unbEnd && !f.EndCurrentRow() {
		fr.eo, err = offsetOf(f.EndNPreceding(), f.EndNFollowing())
	}
	return fr, err
}

// offsetOf is N PRECEDING (-N) or N FOLLOWING (N) of a literal N.
func offsetOf(preceding, following sql.Expression) (int, error) {
	e, sign := following, 1
	if preceding != nil {
		e, sign = preceding, -1
	}
	if e == nil {
		return 0, unsupported("frame bound")
	}
	n, err := expression.LiteralToInt(e)
	if err != nil || n < 0 {
		return 0, unsupported("frame bound %s", e)
	}
	return sign * n, nil
}

// bounds is the frame [lo, hi) of the k-th sorted row, in the partition
// [ps, pe); an empty frame has lo == hi.
func (f winFrame) bounds(k, ps, pe int, r *winRun) (lo, hi int) {
	switch f.kind {
	case framePartition:
		return ps, pe
	case framePeers:
		return ps, int(r.peerEnd[k])
	}
	lo, hi = ps, pe
	if !f.unbStart {
		lo = max(ps, k+f.so)
	}
	if !f.unbEnd {
		hi = min(pe, k+f.eo+1)
	}
	if lo >= hi {
		return ps, ps
	}
	return lo, hi
}
