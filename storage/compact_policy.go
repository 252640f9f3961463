package storage

import "strings"

// Incremental compaction (background rounds, CompactOptions.Policy).
//
// A whole-table rewrite costs the table: at S3, 78 s to drop 2 rows.
// With one small segment per daily load, the small-segments trigger would
// rewrite a two-year table about weekly, so a day's data would cost the
// table, not the day. A background round therefore rewrites only:
//
//   - the tail: the newest sorted runs (segments are numbered, and
//     scanned, in the order they were written), picked size-tiered from
//     the newest backwards: a run joins while it holds no more live rows
//     than the runs after it together. Daily loads then merge like a
//     binary counter (8 days into one run, two such runs into one, ...),
//     so each row is rewritten about log2(tail / day) times, and the
//     big sorted run the table mostly is stays as it is. The merged tail
//     is written after everything else, so the order of segments stays
//     the order of runs;
//   - segments whose own deleted fraction passes DeletedFraction (their
//     live rows join the tail's merge);
//   - the whole table only when the rows outside its longest sorted run
//     pass UnsortedFraction: merging the tail into the big run costs the
//     table, but happens once per UnsortedFraction of new data (a tenth
//     of a two-year table: every ~73 days of daily loads), which keeps
//     the per-customer scans the sort key is for from degrading further.
//
// OPTIMIZE TABLE still rebuilds the whole table (MySQL's semantics).

// tierRatio: an older run joins the tail's merge while it holds at most
// tierRatio times the live rows of the newer runs picked so far.
const tierRatio = 1

// DefaultRuns is Policy.Runs when it is 0.
const DefaultRuns = 8

// pick returns the segments (in number order) one incremental round of p
// rewrites in st, and why; nil when there is nothing worth doing.
func (p Policy) pick(st *tableState, segRows int) ([]*segment, string) {
	l := layoutOf(st, segRows)
	if !l.Improvable() || l.Rows == 0 {
		return nil, ""
	}
	if l.SortKey && float64(l.Unsorted) >= p.UnsortedFraction*float64(l.Rows) {
		return st.segs, "unsorted"
	}
	chosen := map[uint32]bool{}
	var why []string
	for _, sg := range p.deletedSegments(st) {
		chosen[sg.Num] = true
	}
	if len(chosen) > 0 {
		why = append(why, "deleted rows")
	}
	runs := p.Runs
	if runs <= 0 {
		runs = DefaultRuns
	}
	tailWhy := ""
	switch {
	case l.SmallSegments >= p.SmallSegments:
		tailWhy = "small segments"
	case l.SortKey && l.Runs >= runs:
		tailWhy = "sorted runs"
	}
	if tail := tailSegments(st, segRows); tailWhy != "" && len(tail) > 0 {
		for _, sg := range tail {
			chosen[sg.Num] = true
		}
		why = append(why, tailWhy)
	}
	if len(chosen) == 0 {
		return nil, ""
	}
	if len(why) > 1 {
		// compaction_history.reason holds 32 characters, "background: "
		// included.
		why = []string{"tail and deletes"}
	}
	out := make([]*segment, 0, len(chosen))
	for _, sg := range st.segs {
		if chosen[sg.Num] {
			out = append(out, sg)
		}
	}
	return out, strings.Join(why, ", ")
}

// deletedSegments returns the segments whose deleted fraction passes
// p.DeletedFraction.
func (p Policy) deletedSegments(st *tableState) []*segment {
	var out []*segment
	for _, sg := range st.segs {
		del := st.deletedCount(sg.Num)
		if del > 0 && float64(del) >= p.DeletedFraction*float64(sg.Rows) {
			out = append(out, sg)
		}
	}
	return out
}

// tailSegments returns the segments of the tail worth merging (see
// above): for a table with a sort key, the newest runs picked
// size-tiered; without one, the small segments. Nil when merging them
// would change nothing (one sorted run with at most one small segment).
func tailSegments(st *tableState, segRows int) []*segment {
	ids := sortColIDs(&st.desc.Def)
	small := func(sg *segment) bool { return int64(sg.Rows)-st.deletedCount(sg.Num) < int64(segRows/2) }
	if len(ids) == 0 {
		var out []*segment
		for _, sg := range st.segs {
			if small(sg) {
				out = append(out, sg)
			}
		}
		if len(out) < 2 {
			return nil
		}
		return out
	}
	runs := cutRuns(st.segs, ids)
	if len(runs) == 0 {
		return nil
	}
	live := func(run []*segment) (n int64) {
		for _, sg := range run {
			n += int64(sg.Rows) - st.deletedCount(sg.Num)
		}
		return n
	}
	j := len(runs) - 1
	acc := live(runs[j])
	for j > 0 && live(runs[j-1]) <= tierRatio*acc {
		j--
		acc += live(runs[j])
	}
	var out []*segment
	for _, run := range runs[j:] {
		out = append(out, run...)
	}
	if j == len(runs)-1 {
		last := runs[j]
		smalls := 0
		for _, sg := range last {
			if small(sg) {
				smalls++
			}
		}
		if last[0].sortedBy(ids) && smalls <= 1 {
			return nil // one sorted run already
		}
	}
	return out
}

// cutRuns cuts segments into sorted runs: a chain of sorted segments is
// one run, any other segment a run of its own.
func cutRuns(segs []*segment, ids []uint32) [][]*segment {
	var runs [][]*segment
	for i, sg := range segs {
		if i > 0 && chained(segs[i-1], sg, ids) {
			runs[len(runs)-1] = append(runs[len(runs)-1], sg)
			continue
		}
		runs = append(runs, []*segment{sg})
	}
	return runs
}
