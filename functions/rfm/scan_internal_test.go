package rfm

import (
	"testing"

	"github.com/cohortdb/cohortdb/contract/read"
)

// TestDenseRange: the events' customer ids count in arrays when every
// segment's zone map bounds them densely; a segment whose ids are all
// NULL (anonymous visitors, sorted together) needs no slot and keeps the
// range, while a segment without a range that holds ids, or a part
// without zone maps, gives it up.
func TestDenseRange(t *testing.T) {
	seg := func(rows, nulls int, lo, hi int64, ranged bool) read.Part {
		return read.Part{Kind: read.PartSegment, Rows: rows, Zones: []read.ZoneMap{{Kind: read.KindInt, HasRange: ranged, MinI: lo, MaxI: hi, Nulls: nulls}}}
	}
	cases := []struct {
		name     string
		parts    []read.Part
		lo, span int64
		ok       bool
	}{
		{"ranged", []read.Part{seg(100, 0, 1, 50, true), seg(100, 3, 40, 120, true)}, 1, 120, true},
		{"anonymous segment", []read.Part{seg(100, 100, 0, 0, false), seg(100, 0, 5, 60, true)}, 5, 56, true},
		{"anonymous segment last", []read.Part{seg(100, 0, 5, 60, true), seg(100, 100, 0, 0, false)}, 5, 56, true},
		{"no range, not all NULL", []read.Part{seg(100, 0, 5, 60, true), seg(100, 0, 0, 0, false)}, 0, 0, false},
		{"write buffer", []read.Part{seg(100, 0, 5, 60, true), {Kind: read.PartBuffer, Rows: 3}}, 0, 0, false},
		{"too sparse", []read.Part{seg(10, 0, 1, 1000, true)}, 0, 0, false},
		{"only anonymous", []read.Part{seg(100, 100, 0, 0, false)}, 0, 0, false},
	}
	for _, c := range cases {
		lo, span, ok := denseRange(c.parts, 0)
		if ok != c.ok || (ok && (lo != c.lo || span != c.span)) {
			t.Errorf("%s: denseRange = %d, %d, %v; want %d, %d, %v", c.name, lo, span, ok, c.lo, c.span, c.ok)
		}
	}
}
