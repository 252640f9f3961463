package storage

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/cockroachdb/pebble/v2"
)

// Compaction rewrites a table's sealed segments: live rows only, in the
// table's sort key when it has one (TableDef.SortKey), in full segments,
// with zone maps, bitmap indexes and primary-key entries rebuilt.
//
// How. The sealed segments are cut into sorted runs: a chain of segments
// compaction wrote before (each sorted, each starting at or after the last
// key of the one before) is one run; any other segment is a run of its
// own, sorted in memory when its turn comes. Runs are merged FanIn at a
// time, streaming: each run contributes one decoded segment at a time, so
// memory is FanIn decoded segments plus the segment being written, never
// the table. When there are more runs than FanIn, intermediate passes
// merge them into longer runs first (segments under numbers no header
// names, deleted at the end). A table without a sort key is one run in
// segment order: compaction then only drops deleted rows and fills
// segments.
//
// Invariants:
//   - the new segments are written unsynced under numbers no header
//     names: until the swap they are invisible, and Open deletes them as
//     orphans after a crash;
//   - the swap is one synced Pebble batch (new headers, old headers and
//     delete bitmaps removed, primary-key entries moved to the new RowIDs,
//     stale ones removed): after a crash at any point the table has the
//     old segments or the new ones, never both or neither;
//   - the swap happens only if the compacted segments are unchanged since
//     compaction began (same segments, same deletes, no drop, truncate or
//     alter, no bulk load in progress on a keyed table); otherwise nothing
//     is published and the error is ErrConflict;
//   - snapshots taken before the swap keep reading the old segments: their
//     chunks are deleted once no snapshot or transaction pins a state
//     that has them (see reclaim.go);
//   - RowIDs of compacted rows change. Transactions that began before the
//     swap and delete such rows fail at commit with ErrConflict, as they
//     would against any concurrent writer.

// DefaultFanIn is the number of runs merged at once when
// CompactOptions.FanIn is 0.
const DefaultFanIn = 16

// CompactOptions tunes one compaction.
type CompactOptions struct {
	// FanIn is the number of sorted runs merged at once, and so the
	// number of decoded input segments in memory. 0 means DefaultFanIn.
	FanIn int
	// Progress, when set, is called after every segment written with the
	// rows written so far and the rows there are to write (intermediate
	// passes count too).
	Progress func(done, total int64)
	// Pause, when set, is called between segments written: background
	// compaction waits there to keep to its rate. An error stops the
	// compaction, leaving the table as it was.
	Pause func() error
	// Memory, when set, is charged with the compaction's buffers before
	// it holds them (compact_memory.go): when the budget refuses FanIn
	// decoded segments the compaction merges fewer runs at once, down to
	// two (more passes, the same result); when it refuses even that, the
	// compaction waits up to MemoryWait for the budget to free up, then
	// fails, leaving the table as it was.
	Memory     Memory
	MemoryWait time.Duration
	// Worker, when set, is called first on every goroutine the
	// compaction starts (its encoder's), so that a caller who lowers its
	// own goroutine's CPU priority can lower theirs too.
	Worker func()
	// Policy, when set, makes the compaction an incremental round: it
	// rewrites only the segments the policy picks (compact_policy.go),
	// not the whole table. Nil (OPTIMIZE TABLE) rewrites every segment.
	Policy *Policy
}

// CompactResult says what a compaction did.
type CompactResult struct {
	SegmentsBefore, SegmentsAfter int
	RowsBefore                    int64 // physical rows of the compacted segments (deleted included)
	RowsAfter                     int64 // rows written: the live ones
	BytesBefore, BytesAfter       int64 // encoded column bytes
	Passes                        int   // merge passes (0: nothing to do)
	Sorted                        bool  // the result is in the table's sort key
}

// Compact compacts the sealed segments of t, if its layout can be
// improved (Layout.Improvable); otherwise it returns a result with zero
// Passes. With opts.Policy it compacts only the segments the policy
// picks (an incremental round), and SegmentsBefore, RowsBefore and
// BytesBefore count those.
func (s *Store) Compact(t *Table, opts CompactOptions) (CompactResult, error) {
	s.Reclaim()
	base, p := t.pinState() // the inputs are read until the swap
	defer p.release()
	if base.desc.Dropped {
		return CompactResult{}, ErrTableNotFound
	}
	inputs := base.segs
	switch {
	case opts.Policy != nil:
		if inputs, _ = opts.Policy.pick(base, s.opts.SegmentRows); len(inputs) == 0 {
			return unchanged(base), nil
		}
	case !layoutOf(base, s.opts.SegmentRows).Improvable():
		return unchanged(base), nil
	}
	if opts.FanIn < 2 {
		opts.FanIn = DefaultFanIn
	}
	c := newCompaction(s, t, base, inputs, opts)
	defer c.close()
	res, err := c.run()
	if err != nil {
		return CompactResult{}, fmt.Errorf("compact table %s: %w", base.desc.Def.Name, err)
	}
	s.counters.Compactions.Add(1)
	p.release()
	s.Reclaim() // the inputs, unless a reader still holds them
	return res, nil
}

// unchanged is the result of a compaction with nothing to do: the
// segments as they are, zero passes.
func unchanged(st *tableState) CompactResult {
	r := CompactResult{SegmentsBefore: len(st.segs), SegmentsAfter: len(st.segs)}
	for _, sg := range st.segs {
		r.RowsBefore += int64(sg.Rows)
		r.RowsAfter += int64(sg.Rows) - st.deletedCount(sg.Num)
		r.BytesBefore += sg.bytes()
	}
	r.BytesAfter = r.BytesBefore
	return r
}

// compaction is one run of Compact.
type compaction struct {
	s      *Store
	t      *Table
	base   *tableState
	def    *TableDef
	opts   CompactOptions
	sortBy []int    // sort key ordinals
	ids    []uint32 // sort key column ids
	inputs []*segment

	reserved int64    // bytes charged to opts.Memory
	temps    []uint32 // segment numbers of intermediate passes
	outs     []uint32 // segment numbers of the final pass
	swapped  bool
	stale    []staleKey    // primary-key entries of deleted rows
	pkBatch  *pebble.Batch // primary-key entries of the rows written
	done     int64         // rows written
	total    int64         // rows to write
	hook     func(string)  // test hook: called at named points
}

// staleKey is the primary key of a deleted row, whose entry goes if it
// still names that row at the swap (a later insert may have taken it).
type staleKey struct {
	key string
	id  RowID
}

// newCompaction prepares the compaction of inputs, segments of base in
// number order (all of them, or an incremental round's pick).
func newCompaction(s *Store, t *Table, base *tableState, inputs []*segment, opts CompactOptions) *compaction {
	c := &compaction{s: s, t: t, base: base, def: &base.desc.Def, opts: opts,
		sortBy: base.desc.Def.SortKey, ids: sortColIDs(&base.desc.Def),
		inputs: inputs, hook: s.compactHook}
	if len(c.def.PrimaryKey) > 0 {
		c.pkBatch = s.db.NewBatch()
	}
	return c
}

func (c *compaction) close() {
	c.releaseMemory()
	if c.pkBatch != nil {
		c.pkBatch.Close()
	}
	nums := c.temps
	if !c.swapped {
		nums = append(nums, c.outs...)
	}
	if len(nums) > 0 {
		// Unpublished segments of intermediate passes, or of a compaction
		// that failed: nobody can read them.
		b := c.s.db.NewBatch()
		defer b.Close()
		if deleteSegmentData(b, c.base.desc.ID, nums) == nil {
			_ = b.Commit(pebble.NoSync)
		}
	}
}

func (c *compaction) at(point string) {
	if c.hook != nil {
		c.hook(point)
	}
}

// run merges the runs pass by pass and swaps the result in.
func (c *compaction) run() (CompactResult, error) {
	res := CompactResult{SegmentsBefore: len(c.inputs), Sorted: len(c.ids) > 0}
	live := int64(0)
	for _, sg := range c.inputs {
		res.RowsBefore += int64(sg.Rows)
		res.BytesBefore += sg.bytes()
		live += int64(sg.Rows) - c.base.deletedCount(sg.Num)
	}
	runs := c.initialRuns()
	if err := c.reserveMemory(len(runs)); err != nil {
		return res, err
	}
	passes := 1
	for n := len(runs); n > c.opts.FanIn; n = (n + c.opts.FanIn - 1) / c.opts.FanIn {
		passes++
	}
	c.total = live * int64(passes)
	for len(runs) > c.opts.FanIn {
		next := make([][]*segment, 0, (len(runs)+c.opts.FanIn-1)/c.opts.FanIn)
		for i := 0; i < len(runs); i += c.opts.FanIn {
			out, err := c.merge(runs[i:min(i+c.opts.FanIn, len(runs))], false, 0)
			if err != nil {
				return res, err
			}
			next = append(next, out)
		}
		runs = next
	}
	final, err := c.merge(runs, true, live)
	if err != nil {
		return res, err
	}
	if err := c.swap(final); err != nil {
		return res, err
	}
	res.SegmentsAfter, res.RowsAfter, res.Passes = len(final), live, passes
	for _, sg := range final {
		res.BytesAfter += sg.bytes()
	}
	return res, nil
}

// initialRuns cuts the input segments into sorted runs (see Compaction).
func (c *compaction) initialRuns() [][]*segment {
	if len(c.ids) == 0 {
		return [][]*segment{c.inputs}
	}
	return cutRuns(c.inputs, c.ids)
}

// stillValid reports whether the compacted segments are unchanged in cur.
func (c *compaction) stillValid(cur *tableState) error {
	if cur.desc.Dropped || cur.desc.Gen != c.base.desc.Gen {
		return fmt.Errorf("table was altered, truncated or dropped meanwhile: %w", ErrConflict)
	}
	if c.pkBatch != nil && c.t.keyedLoads.Load() > 0 {
		return fmt.Errorf("a bulk load into the table is in progress: %w", ErrConflict)
	}
	for _, sg := range c.inputs {
		i := cur.segIndex(sg.Num)
		if i < 0 || cur.segs[i] != sg || cur.deletes[sg.Num] != c.base.deletes[sg.Num] {
			return fmt.Errorf("rows of segment %d were deleted or replaced meanwhile: %w", sg.Num, ErrConflict)
		}
	}
	return nil
}

// swap publishes the new segments in place of the inputs, atomically.
func (c *compaction) swap(final []*segment) error {
	s := c.s
	c.at("before-swap")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	cur := c.t.state.Load()
	if err := c.stillValid(cur); err != nil {
		return err
	}
	b := c.pkBatch
	if b == nil {
		b = s.db.NewBatch()
		defer b.Close()
	}
	st, err := c.nextState(b, cur, final)
	if err != nil {
		return err
	}
	if err := deleteSegmentData(b, st.desc.ID, c.temps); err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("publish compacted segments: %w", err)
	}
	c.temps, c.swapped = nil, true
	c.t.state.Store(st)
	c.t.retire(st.swaps, c.inputs)
	c.at("after-swap")
	return nil
}

// nextState adds the swap's writes to b and returns the state to publish.
func (c *compaction) nextState(b *pebble.Batch, cur *tableState, final []*segment) (*tableState, error) {
	st := cur.clone()
	st.swaps++ // states before this one may read the inputs (reclaim.go)
	tid := st.desc.ID
	gone := make(map[uint32]bool, len(c.inputs))
	for _, sg := range c.inputs {
		gone[sg.Num] = true
		if err := b.Delete(segmentKey(tid, sg.Num), nil); err != nil {
			return nil, err
		}
		if err := b.Delete(deletesKey(tid, sg.Num), nil); err != nil {
			return nil, err
		}
		delete(st.deletes, sg.Num)
	}
	kept := make([]*segment, 0, len(st.segs)-len(c.inputs)+len(final))
	for _, sg := range st.segs {
		if !gone[sg.Num] {
			kept = append(kept, sg)
		}
	}
	st.segs = kept
	for _, sg := range final {
		hdr, err := json.Marshal(sg)
		if err != nil {
			return nil, err
		}
		if err := b.Set(segmentKey(tid, sg.Num), hdr, nil); err != nil {
			return nil, err
		}
		st.addSegment(sg)
	}
	if err := c.dropStaleKeys(b); err != nil {
		return nil, err
	}
	return st, putDescriptor(b, c.t, &st.desc)
}

// dropStaleKeys removes the primary-key entries that still name deleted
// rows of the compacted segments (called under Store.mu, so no commit
// can move an entry meanwhile).
func (c *compaction) dropStaleKeys(b *pebble.Batch) error {
	for _, sk := range c.stale {
		id, ok, err := c.s.getPK(c.base.desc.ID, []byte(sk.key))
		if err != nil {
			return err
		}
		if ok && id == sk.id {
			if err := b.Delete(pkKey(c.base.desc.ID, []byte(sk.key)), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// SealBuffer turns the rows of t's write buffer into a sealed segment now,
// so that a compaction includes them (OPTIMIZE TABLE). Their RowIDs do
// not change.
func (s *Store) SealBuffer(t *Table) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	cur := t.state.Load()
	if cur.desc.Dropped || cur.bufLen == 0 {
		return nil
	}
	b := s.db.NewBatch()
	defer b.Close()
	st := cur.clone()
	if err := seal(b, t, st); err != nil {
		return err
	}
	if err := b.Commit(pebble.Sync); err != nil {
		return fmt.Errorf("seal write buffer: %w", err)
	}
	t.state.Store(st)
	return nil
}

// deleteSegmentData adds the removal of segments' column and index
// chunks to b.
func deleteSegmentData(b *pebble.Batch, tid uint64, nums []uint32) error {
	for _, num := range nums {
		for _, p := range []byte{prefixChunk, prefixIndex} {
			start := appendU32(tablePrefix(p, tid), num)
			if err := b.DeleteRange(start, prefixEnd(start), nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// deletedCount returns the number of deleted rows of segment seg.
func (st *tableState) deletedCount(seg uint32) int64 {
	if d := st.deletes[seg]; d != nil {
		return int64(d.GetCardinality())
	}
	return 0
}
