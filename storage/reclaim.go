package storage

import (
	"context"
	"runtime"
	"sync"

	"github.com/cockroachdb/pebble/v2"
)

// Segments replaced by a compaction are retired: their headers are gone
// from Pebble at the swap, but their column and index chunks stay until no
// reader can reach them. Readers hold no locks and never announce
// themselves; what they hold is a table state, and through it the old
// *segment headers. So the chunks of a retired segment are queued for
// deletion by a cleanup (runtime.AddCleanup) that runs once the header is
// unreachable — once every snapshot, transaction and load that began
// before the swap is gone — and deleted by the next reclaim (each
// compaction starts with one; background compaction calls Reclaim between
// tables). A crash before that leaves orphan chunks, which Open deletes.

// retiredList is the queue of retired segments no state refers to any
// more.
type retiredList struct {
	mu   sync.Mutex
	segs []chunkID // col unused
}

// retire arranges for the chunks of segs to be reclaimed once unreachable.
func (s *Store) retire(tid uint64, segs []*segment) {
	for _, sg := range segs {
		runtime.AddCleanup(sg, s.retired.add, chunkID{tid: tid, seg: sg.Num})
	}
}

func (l *retiredList) add(id chunkID) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.segs = append(l.segs, id)
}

func (l *retiredList) take() []chunkID {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.segs
	l.segs = nil
	return out
}

// Reclaim deletes the chunks of retired segments that no reader can reach
// any more and reports how many segments it freed.
func (s *Store) Reclaim() int { return s.reclaim() }

func (s *Store) reclaim() int {
	ids := s.retired.take()
	if len(ids) == 0 {
		return 0
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return 0 // Open deletes them as orphans
	}
	b := s.db.NewBatch()
	defer b.Close()
	gone := make(map[chunkID]bool, len(ids))
	for _, id := range ids {
		if err := deleteSegmentData(b, id.tid, []uint32{id.seg}); err != nil {
			return 0
		}
		gone[id] = true
	}
	s.cache.forgetSegments(gone)
	s.indexes.forgetSegments(gone)
	if err := b.Commit(pebble.NoSync); err != nil {
		return 0
	}
	s.counters.SegmentsFreed.Add(int64(len(ids)))
	return len(ids)
}

// sweepRetired runs as the store closes, when no reader is left: it
// deletes the chunks of every segment a compaction retired that a
// reclaim has not deleted yet (runtime cleanups run only after a garbage
// collection, so the last compaction's segments usually are still
// there) and compacts those key ranges, so that a data dir after
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
