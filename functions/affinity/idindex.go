package affinity

import "github.com/cohortdb/cohortdb/contract/read"

// idIndex maps ids (order_id, customer_id) to dense indexes. When the
// table's zone maps bound the ids to a range not much larger than the
// number of rows — the usual case of sequential ids — it is a slice
// indexed by id-lo, else a map. Ids outside the known range (rows of the
// write buffer have no zone maps) go to the map, so it is always exact.
type idIndex struct {
	lo    int64
	dense []int32 // index+1; 0: absent
	m     map[int64]int32
}

// maxSpanPerRow bounds the slice: at most this many slots per row.
const maxSpanPerRow = 4

func newIDIndex(sn read.Table, col int) *idIndex {
	x := &idIndex{m: map[int64]int32{}}
	var lo, hi, rows int64
	found := false
	for _, p := range sn.Parts() {
		rows += int64(p.Rows)
		if p.Kind != read.PartSegment || !p.Zones[col].HasRange {
			continue
		}
		z := p.Zones[col]
		if !found || z.MinI < lo {
			lo = z.MinI
		}
		if !found || z.MaxI > hi {
			hi = z.MaxI
		}
		found = true
	}
	if found && hi-lo < maxSpanPerRow*rows+1024 {
		x.lo, x.dense = lo, make([]int32, hi-lo+1)
	}
	return x
}

// get returns the index of id.
func (x *idIndex) get(id int64) (int32, bool) {
	if d := id - x.lo; x.dense != nil && d >= 0 && d < int64(len(x.dense)) {
		v := x.dense[d]
		return v - 1, v > 0
	}
	v, ok := x.m[id]
	return v, ok
}

// set records the index of id.
func (x *idIndex) set(id int64, v int32) {
	if d := id - x.lo; x.dense != nil && d >= 0 && d < int64(len(x.dense)) {
		x.dense[d] = v + 1
		return
	}
	x.m[id] = v
}
