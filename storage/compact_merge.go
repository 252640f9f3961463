package storage

import (
	"bytes"
	"container/heap"
	"slices"
)

// cursor walks one sorted run, one decoded segment at a time: order lists
// the live positions of the current segment in sort-key order (load order
// without a sort key), keys their sort keys.
type cursor struct {
	run   []*segment
	next  int  // index in run of the next segment to load
	rank  int  // the run's place: on equal keys the earlier run goes first
	byKey bool // the table has a sort key (else rows keep segment order)
	seg   *segment
	cols  []Vector
	order []uint32
	i     int // next index into order
	keys  []byte
	offs  []uint32 // keys of position p: keys[offs[p]:offs[p+1]]
	ptrs  []*Vector
	buf   []byte
}

func (cu *cursor) key(pos uint32) []byte { return cu.keys[cu.offs[pos]:cu.offs[pos+1]] }

// head is the sort key of the next row.
func (cu *cursor) head() []byte { return cu.key(cu.order[cu.i]) }

// load decodes the next segment of the run that has live rows; false when
// the run is exhausted.
func (c *compaction) load(cu *cursor) (bool, error) {
	for cu.next < len(cu.run) {
		sg := cu.run[cu.next]
		cu.next++
		if err := c.decode(cu, sg); err != nil {
			return false, err
		}
		if len(cu.order) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// decode reads every column of sg into cu and orders its live rows.
func (c *compaction) decode(cu *cursor, sg *segment) error {
	tid := c.base.desc.ID
	if cu.cols == nil {
		cu.cols = make([]Vector, len(c.def.Columns))
	}
	var err error
	for ord, col := range c.def.Columns {
		if cu.buf, err = c.s.readChunk(&cu.cols[ord], tid, sg.Num, col, sg.Rows, cu.buf); err != nil {
			return err
		}
	}
	cu.seg = sg
	del := c.base.deletes[sg.Num] // nil for segments of intermediate passes
	if del != nil && c.pkBatch != nil {
		c.collectStale(cu, sg, del.ToArray())
	}
	cu.order, cu.i = cu.order[:0], 0
	for p := 0; p < sg.Rows; p++ {
		if del == nil || !del.Contains(uint32(p)) {
			cu.order = append(cu.order, uint32(p))
		}
	}
	if len(c.sortBy) == 0 {
		return nil
	}
	cu.ptrs = cu.ptrs[:0]
	for _, o := range c.sortBy {
		cu.ptrs = append(cu.ptrs, &cu.cols[o])
	}
	cu.keys, cu.offs = cu.keys[:0], append(cu.offs[:0], 0)
	for p := 0; p < sg.Rows; p++ {
		cu.keys = appendSortKey(cu.keys, cu.ptrs, p)
		cu.offs = append(cu.offs, uint32(len(cu.keys)))
	}
	if !sg.sortedBy(c.ids) {
		slices.SortStableFunc(cu.order, func(a, b uint32) int { return bytes.Compare(cu.key(a), cu.key(b)) })
	}
	return nil
}

// collectStale records the primary keys of the deleted positions of sg.
func (c *compaction) collectStale(cu *cursor, sg *segment, deleted []uint32) {
	var k []byte
	for _, p := range deleted {
		if int(p) >= sg.Rows {
			continue
		}
		k = c.appendPK(k[:0], cu, p)
		c.stale = append(c.stale, staleKey{key: string(k), id: MakeRowID(sg.Num, uint16(p))})
	}
}

// appendPK appends the primary-key encoding (appendKey) of position p.
func (c *compaction) appendPK(dst []byte, cu *cursor, p uint32) []byte {
	for _, o := range c.def.PrimaryKey {
		dst = vectorKey(dst, &cu.cols[o], int(p))
	}
	return dst
}

// cursorHeap orders cursors by the key of their next row, then by run.
type cursorHeap []*cursor

func (h cursorHeap) Len() int           { return len(h) }
func (h cursorHeap) Less(i, j int) bool { return before(h[i], h[j]) }
func (h cursorHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)        { *h = append(*h, x.(*cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func before(a, b *cursor) bool {
	if !a.byKey {
		return a.rank < b.rank
	}
	if d := bytes.Compare(a.head(), b.head()); d != 0 {
		return d < 0
	}
	return a.rank < b.rank
}

// merge merges runs into one run of new segments. The final pass counts
// exactly live rows and gives the new segments numbers in one block, so
// that they stay one chain whatever loads reserve meanwhile.
func (c *compaction) merge(runs [][]*segment, final bool, live int64) ([]*segment, error) {
	out := c.newOutput(final, live)
	h := make(cursorHeap, 0, len(runs))
	for i, r := range runs {
		cu := &cursor{run: r, rank: i, byKey: len(c.sortBy) > 0}
		ok, err := c.load(cu)
		if err != nil {
			out.abort()
			return nil, err
		}
		if ok {
			h = append(h, cu)
		}
	}
	heap.Init(&h)
	for h.Len() > 0 {
		cu := h[0]
		end := len(cu.order)
		if h.Len() > 1 && cu.byKey {
			other := h[1]
			if h.Len() > 2 && before(h[2], other) {
				other = h[2]
			}
			end = cu.i + 1
			for end < len(cu.order) && c.precedes(cu, cu.order[end], other) {
				end++
			}
		}
		if err := out.add(cu, cu.order[cu.i:end]); err != nil {
			out.abort()
			return nil, err
		}
		cu.i = end
		if cu.i == len(cu.order) {
			ok, err := c.load(cu)
			if err != nil {
				out.abort()
				return nil, err
			}
			if !ok {
				heap.Pop(&h)
				continue
			}
		}
		heap.Fix(&h, 0)
	}
	return out.finish()
}

// precedes reports whether position p of cu comes before other's next row.
func (c *compaction) precedes(cu *cursor, p uint32, other *cursor) bool {
	d := bytes.Compare(cu.key(p), other.head())
	return d < 0 || d == 0 && cu.rank < other.rank
}
