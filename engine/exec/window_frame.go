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
	frameRange                      // RANGE: bounds by the ORDER BY value (window_range.go)
)

// winFrame is a function's frame over the sorted rows of a partition.
type winFrame struct {
	kind             frameKind
	unbStart, unbEnd bool
	so, eo           int // ROWS: the first and last row, relative to the current one
	rng              *rangeFrame
}

// frameOf is the frame a function of kind k computes over: the explicit
// ROWS or RANGE frame, else MySQL's default — the partition without
// ORDER BY, up to the last peer with it — and for FIRST_VALUE GMS's (the
// partition's start to the current row). A RANGE frame's offsets are
// read against the ORDER BY key's type later (rangeFrame.resolve).
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
		switch {
		case f.UnboundedPreceding() && f.UnboundedFollowing():
			return winFrame{kind: framePartition}, nil
		case f.UnboundedPreceding() && f.EndCurrentRow():
			return winFrame{kind: framePeers}, nil
		}
		rf, err := newRangeFrame(f, w)
		return winFrame{kind: frameRange, unbStart: f.UnboundedPreceding(), unbEnd: f.UnboundedFollowing(), rng: rf}, err
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

// prepare readies the frame for the partition [ps, pe): a RANGE frame
// finds its rows' bounds.
func (f *winFrame) prepare(r *winRun, ps, pe int) {
	if f.kind == frameRange {
		f.rng.prepare(r, ps, pe)
	}
}

// rawBounds is the frame [lo, hi) of the k-th sorted row, in the
// partition [ps, pe), as positions that never decrease from one row to
// the next (MIN and MAX slide over them); lo >= hi is an empty frame.
// A RANGE frame must be prepared for the partition.
func (f *winFrame) rawBounds(k, ps, pe int, r *winRun) (lo, hi int) {
	switch f.kind {
	case framePartition:
		return ps, pe
	case framePeers:
		return ps, int(r.peerEnd[k])
	case frameRange:
		return int(f.rng.lo[k-ps]), int(f.rng.hi[k-ps])
	}
	lo, hi = ps, pe
	if !f.unbStart {
		lo = max(ps, k+f.so)
	}
	if !f.unbEnd {
		hi = min(pe, k+f.eo+1)
	}
	return lo, hi
}

// bounds is rawBounds with an empty frame as lo == hi == ps.
func (f *winFrame) bounds(k, ps, pe int, r *winRun) (lo, hi int) {
	lo, hi = f.rawBounds(k, ps, pe, r)
	if lo >= hi {
		return ps, ps
	}
	return lo, hi
}
