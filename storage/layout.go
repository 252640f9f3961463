package storage

// Layout describes how a table's sealed segments lie, from their headers
// and delete bitmaps only (nothing is read): what compaction would
// improve. The write buffer is not part of it.
type Layout struct {
	Segments      int   // sealed segments
	SmallSegments int   // of those, with fewer live rows than half a full segment
	Rows          int64 // physical rows of the sealed segments
	Deleted       int64 // of those, deleted
	// SortKey is set when the table declares one. Runs is then the number
	// of runs the segments form (a chain of segments compaction wrote in
	// key order, or one segment in load order) and Unsorted the rows
	// outside the longest sorted run (0: the table is in sort-key order).
	SortKey  bool
	Runs     int
	Unsorted int64
}

// Layout returns the layout of the table's latest committed state.
func (t *Table) Layout() Layout { return layoutOf(t.state.Load(), t.store.opts.SegmentRows) }

func layoutOf(st *tableState, segRows int) Layout {
	ids := sortColIDs(&st.desc.Def)
	l := Layout{Segments: len(st.segs), SortKey: len(ids) > 0}
	var runRows, longest int64
	for i, sg := range st.segs {
		del := st.deletedCount(sg.Num)
		l.Rows += int64(sg.Rows)
		l.Deleted += del
		if int64(sg.Rows)-del < int64(segRows/2) {
			l.SmallSegments++
		}
		if !l.SortKey {
			continue
		}
		if i == 0 || !chained(st.segs[i-1], sg, ids) {
			l.Runs++
			runRows = 0
		}
		if sg.sortedBy(ids) { // a segment in load order is out of order
			runRows += int64(sg.Rows)
			longest = max(longest, runRows)
		}
	}
	if l.SortKey {
		l.Unsorted = l.Rows - longest
	}
	return l
}

// Improvable reports whether compaction would change anything: deleted
// rows to drop, small segments to fill, or more than one sorted run (or an
// unsorted segment) to merge.
func (l Layout) Improvable() bool {
	if l.Segments == 0 {
		return false
	}
	return l.Deleted > 0 || l.SmallSegments > 1 || l.Runs > 1 || l.SortKey && l.Unsorted > 0
}

// Policy says when background compaction takes a table.
type Policy struct {
	// UnsortedFraction: compact when at least this fraction of the rows
	// lies outside the table's longest sorted run.
	UnsortedFraction float64
	// DeletedFraction: compact when at least this fraction of the rows is
	// deleted.
	DeletedFraction float64
	// SmallSegments: compact when at least this many segments are less
	// than half full.
	SmallSegments int
	// Runs: an incremental round (CompactOptions.Policy) merges the
	// table's newest runs when it has at least this many sorted runs; 0
	// means DefaultRuns.
	Runs int
}

// DefaultPolicy compacts a table once a tenth of it is out of order, a
// fifth of it deleted, or eight of its segments small (or, incrementally,
// eight sorted runs).
var DefaultPolicy = Policy{UnsortedFraction: 0.1, DeletedFraction: 0.2, SmallSegments: 8, Runs: DefaultRuns}

// Wants reports whether the policy picks a table of this layout for a
// whole-table compaction, and why (see Table.PlanRound for incremental
// rounds).
func (p Policy) Wants(l Layout) (bool, string) {
	if !l.Improvable() || l.Rows == 0 {
		return false, ""
	}
	rows := float64(l.Rows)
	switch {
	case l.SortKey && float64(l.Unsorted) >= p.UnsortedFraction*rows:
		return true, "unsorted"
	case float64(l.Deleted) >= p.DeletedFraction*rows:
		return true, "deleted rows"
	case l.SmallSegments >= p.SmallSegments:
		return true, "small segments"
	}
	return false, ""
}

// Round is what one incremental round of a policy would rewrite
// (compact_policy.go).
type Round struct {
	Why      string
	Segments int   // segments to rewrite (0: none)
	Rows     int64 // their physical rows
	Whole    bool  // all of the table's segments
}

// PlanRound returns the round policy p would run on the table's latest
// committed state, from headers and delete bitmaps only.
func (t *Table) PlanRound(p Policy) Round {
	st := t.state.Load()
	segs, why := p.pick(st, t.store.opts.SegmentRows)
	r := Round{Why: why, Segments: len(segs), Whole: len(segs) > 0 && len(segs) == len(st.segs)}
	for _, sg := range segs {
		r.Rows += int64(sg.Rows)
	}
	return r
}
