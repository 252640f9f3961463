package storage

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/cockroachdb/pebble/v2"
)

// Segments replaced by a compaction are retired: their headers are gone
// from Pebble at the swap, but their column and index chunks stay until no
// reader can reach them, and are deleted then, while the server runs.
//
// Readers announce what they read by pinning a table state (pin): a
// Table.Snapshot pins the state it reads until Snapshot.Close, a
// transaction pins each table's state at first touch until it commits or
// rolls back (its snapshots read under that pin, so they must not be read
// after the transaction ends), and a compaction pins its input. A pin
// names the state by its swap generation (tableState.swaps, the number of
// compactions behind it); segments retired by swap k can be read only by
// states older than k, so they are deleted once no pin of the table names
// a generation below k. Pinning and retiring happen under the table's pin
// lock, which makes "load the state, then pin it" atomic against the
// reclaimer's check.
//
// A reader that never calls Close is not a hazard: its pin is released by
// a runtime cleanup once the pin is unreachable (after a garbage
// collection), so an unclosed snapshot delays the deletion but never
// makes it premature. A crash before the deletion leaves orphan chunks,
// which Open deletes (removeOrphans); Close deletes whatever is left
// (sweepRetired).
//
// The deletion runs on the store's reclaimer goroutine, woken when a pin
// is released or a compaction retires segments; it also has Pebble
// compact the deleted key ranges, since a range deletion frees no disk
// space until a compaction rewrites the files holding the data.

// tablePins is a table's pins and retired segments.
type tablePins struct {
	mu      sync.Mutex
	held    map[uint64]int // swap generation → pins
	retired []retiredSegs  // in swap order
}

// retiredSegs are the segments retired by one swap.
type retiredSegs struct {
	swap uint64
	nums []uint32
}

// pin keeps the segments of one table state readable. Its cleanup
// releases it if the holder forgets to.
type pin struct{ h *pinHold }

// pinHold is the part of a pin its cleanup needs (a cleanup must not
// reach the object it is attached to).
type pinHold struct {
	t    *Table
	swap uint64
	done atomic.Bool
}

// pinState returns t's current state, pinned.
func (t *Table) pinState() (*tableState, *pin) {
	tp := &t.pins
	tp.mu.Lock()
	st := t.state.Load()
	if tp.held == nil {
		tp.held = map[uint64]int{}
	}
	tp.held[st.swaps]++
	tp.mu.Unlock()
	p := &pin{h: &pinHold{t: t, swap: st.swaps}}
	runtime.AddCleanup(p, (*pinHold).release, p.h)
	return st, p
}

// release ends the pin (again: no-op); a nil pin is none.
func (p *pin) release() {
	if p != nil {
		p.h.release()
	}
}

func (h *pinHold) release() {
	if !h.done.CompareAndSwap(false, true) {
		return
	}
	tp := &h.t.pins
	tp.mu.Lock()
	if tp.held[h.swap]--; tp.held[h.swap] <= 0 {
		delete(tp.held, h.swap)
	}
	wake := tp.freeableLocked()
	tp.mu.Unlock()
	if wake {
		h.t.store.wakeReclaimer()
	}
}

// retire records segments a swap to generation swap replaced; called
// after the swap's state is published.
func (t *Table) retire(swap uint64, segs []*segment) {
	nums := make([]uint32, len(segs))
	for i, sg := range segs {
		nums[i] = sg.Num
	}
	tp := &t.pins
	tp.mu.Lock()
	tp.retired = append(tp.retired, retiredSegs{swap: swap, nums: nums})
	tp.mu.Unlock()
	t.store.wakeReclaimer()
}

// oldestPinnedLocked returns the lowest generation pinned (ok false:
// none).
func (tp *tablePins) oldestPinnedLocked() (uint64, bool) {
	var low uint64
	ok := false
	for g := range tp.held {
		if !ok || g < low {
			low, ok = g, true
		}
	}
	return low, ok
}

// freeableLocked reports whether some retired segments can go now.
func (tp *tablePins) freeableLocked() bool {
	if len(tp.retired) == 0 {
		return false
	}
	low, ok := tp.oldestPinnedLocked()
	return !ok || low >= tp.retired[0].swap
}

// takeFreeable removes and returns the retired segments no pin can read.
func (tp *tablePins) takeFreeable() []uint32 {
	tp.mu.Lock()
	defer tp.mu.Unlock()
	low, pinned := tp.oldestPinnedLocked()
	var out []uint32
	n := 0
	for _, r := range tp.retired {
		if pinned && low < r.swap {
			break
		}
		out = append(out, r.nums...)
		n++
	}
	tp.retired = tp.retired[n:]
	return out
}

// reclaimer is the goroutine that deletes freeable retired segments.
type reclaimer struct {
	wake chan struct{}
	stop chan struct{}
	done chan struct{}
	once sync.Once
	// compactMu serialises range compactions with Close (closing), which
	// must not close the Pebble DB under one.
	compactMu sync.Mutex
	closing   bool

	mu sync.Mutex
	// spans are deleted key ranges waiting for a Pebble compaction.
	spans [][2][]byte
	// freed are the numbers of the segments deleted, per table id
	// (compaction retires runs of numbers, which a bitmap keeps small).
	freed map[uint64]*roaring.Bitmap
}

func (s *Store) startReclaimer() {
	r := &s.reclaimer
	r.wake, r.stop, r.done = make(chan struct{}, 1), make(chan struct{}), make(chan struct{})
	go s.reclaimLoop()
}

func (s *Store) wakeReclaimer() {
	select {
	case s.reclaimer.wake <- struct{}{}:
	default:
	}
}

// stopReclaimer ends the goroutine, waits for it and stops range
// compactions (Close).
func (s *Store) stopReclaimer() {
	r := &s.reclaimer
	r.once.Do(func() { close(r.stop) })
	<-r.done
	r.compactMu.Lock()
	r.closing = true
	r.compactMu.Unlock()
}

func (s *Store) reclaimLoop() {
	r := &s.reclaimer
	defer close(r.done)
	for {
		select {
		case <-r.stop:
			return
		case <-r.wake:
		}
		s.Reclaim()
	}
}

// Reclaim deletes the chunks of retired segments that no reader can reach
// any more, has Pebble compact their key ranges (so that the disk space
// is free when it returns), and reports how many segments it freed. The
// reclaimer goroutine does this by itself when readers let go; Compact
// calls it before and after its work, so that OPTIMIZE TABLE with no
// reader left holding the old segments returns with them gone.
func (s *Store) Reclaim() int {
	n := s.reclaim()
	s.compactSpans()
	return n
}

// compactSpans has Pebble compact the key ranges reclaim deleted.
func (s *Store) compactSpans() {
	r := &s.reclaimer
	r.compactMu.Lock()
	defer r.compactMu.Unlock()
	r.mu.Lock()
	spans := r.spans
	r.spans = nil
	r.mu.Unlock()
	for _, sp := range spans {
		if r.closing {
			return // Close sweeps the ranges
		}
		// Best effort: the data is deleted either way; a failed
		// compaction only leaves its space to Pebble's own.
		_ = s.db.Compact(context.Background(), sp[0], sp[1], false)
	}
}

func (s *Store) reclaim() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0 // Close sweeps them
	}
	b := s.db.NewBatch()
	defer b.Close()
	gone := map[chunkID]bool{}
	var spans [][2][]byte
	for _, t := range s.tables {
		nums := t.pins.takeFreeable()
		if len(nums) == 0 {
			continue
		}
		if err := deleteSegmentData(b, t.id, nums); err != nil {
			return 0
		}
		for _, n := range nums {
			gone[chunkID{tid: t.id, seg: n}] = true
		}
		spans = append(spans, segmentSpans(t.id, nums)...)
	}
	if len(gone) == 0 {
		return 0
	}
	if err := s.commitBatch(b, pebble.NoSync); err != nil {
		return 0 // Close or the next Open deletes them
	}
	s.cache.forgetSegments(gone)
	s.indexes.forgetSegments(gone)
	s.counters.SegmentsFreed.Add(int64(len(gone)))
	s.reclaimer.noteFreed(gone, spans)
	return len(gone)
}

func (r *reclaimer) noteFreed(gone map[chunkID]bool, spans [][2][]byte) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.spans = append(r.spans, spans...)
	if r.freed == nil {
		r.freed = map[uint64]*roaring.Bitmap{}
	}
	for id := range gone {
		f := r.freed[id.tid]
		if f == nil {
			f = roaring.New()
			r.freed[id.tid] = f
		}
		f.Add(id.seg)
	}
}

// segmentSpans returns the key ranges of the chunks and indexes of
// segments nums, runs of consecutive numbers as one range (compaction
// retires runs of segments).
func segmentSpans(tid uint64, nums []uint32) [][2][]byte {
	var out [][2][]byte
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		for _, p := range []byte{prefixChunk, prefixIndex} {
			out = append(out, [2][]byte{appendU32(tablePrefix(p, tid), nums[i]), appendU32(tablePrefix(p, tid), nums[j-1]+1)})
		}
		i = j
	}
	return out
}

// errRetiredRead is a read of a segment whose chunks the reclaimer deleted:
// a reader that went on after closing its snapshot or ending its
// transaction. Without the check it would read NULLs.
var errRetiredRead = errors.New("segment was compacted away while being read (snapshot read after Close or after its transaction ended)")

// checkNotRetired tells a chunk missing because its column was added
// after the segment was sealed from one missing because the reclaimer
// deleted the segment.
func (s *Store) checkNotRetired(tid uint64, seg uint32) error {
	r := &s.reclaimer
	r.mu.Lock()
	defer r.mu.Unlock()
	if f := r.freed[tid]; f != nil && f.Contains(seg) {
		return errRetiredRead
	}
	return nil
}

// sweepRetired runs as the store closes, when no reader is left: it
// deletes the chunks of every segment a compaction retired that the
// reclaimer has not deleted yet (a reader that never closed its snapshot
// held them) and compacts those key ranges, so that a data dir after
// OPTIMIZE TABLE and a clean shutdown holds the compacted table only:
// Pebble keeps deleted data on disk until a compaction rewrites its
// files. The ranges are the gaps between a table's live segment numbers
// (compaction numbers its output above the segments it replaces);
// numbers above the last live segment are left to Open (a load's, never
// published). Called with s.mu held.
func (s *Store) sweepRetired() error {
	b := s.db.NewBatch()
	defer b.Close()
	var spans [][2][]byte
	for _, t := range s.tables {
		next := uint32(0)
		for _, sg := range t.state.Load().segs { // ordered by number
			for _, p := range []byte{prefixChunk, prefixIndex} {
				if sg.Num == next {
					continue
				}
				start, end := appendU32(tablePrefix(p, t.id), next), appendU32(tablePrefix(p, t.id), sg.Num)
				if err := b.DeleteRange(start, end, nil); err != nil {
					return err
				}
				spans = append(spans, [2][]byte{start, end})
			}
			next = sg.Num + 1
		}
	}
	if b.Empty() {
		return nil
	}
	if err := b.Commit(pebble.NoSync); err != nil {
		return err
	}
	for _, sp := range spans {
		if err := s.db.Compact(context.Background(), sp[0], sp[1], false); err != nil {
			return err
		}
	}
	return nil
}
