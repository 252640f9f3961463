package rfm

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Orders are stored sorted by customer, so the segments of a table loaded
// in order hold ascending, at most touching, customer ranges. Then the
// parts can be split between workers at customer boundaries, each worker
// building the facts of its own customers; concatenated, they are what
// one pass would have built.

// parallelScans counts scans that took the parallel path (tests check it
// is taken).
var parallelScans atomic.Int64

// errStop ends a worker's scan once it has read past its last customer.
var errStop = errors.New("stop")

// split is where worker ranges of parts begin: starts[w] is worker w's
// first part. A boundary part's first customer may continue from the part
// before (shared): the worker before reads those lines, the worker after
// skips them.
type split struct {
	starts []int
	shared []bool
}

// splitParts finds up to workers ranges of whole parts whose customer
// ranges follow each other; ok is false when the parts are not sorted by
// customer (several loads, buffered rows) or too few to share.
func splitParts(parts []read.Part, col, workers int) (split, bool) {
	if workers < 2 || len(parts) < 2*workers {
		return split{}, false
	}
	for i := range parts {
		p := &parts[i]
		if p.Kind != read.PartSegment || p.Zones == nil || !p.Zones[col].HasRange || p.Zones[col].Nulls > 0 {
			return split{}, false
		}
		if i > 0 && parts[i-1].Zones[col].MaxI > p.Zones[col].MinI {
			return split{}, false
		}
	}
	s := split{starts: []int{0}, shared: []bool{false}}
	for w := 1; w < workers; w++ {
		for b := w * len(parts) / workers; b < len(parts); b++ {
			prev, cur := parts[b-1].Zones[col], parts[b].Zones[col]
			touching := prev.MaxI == cur.MinI
			// A customer filling a whole part next to the boundary would be
			// skipped twice or read twice: not a boundary to cut at.
			if b > s.starts[len(s.starts)-1] && (!touching || prev.MinI < prev.MaxI && cur.MinI < cur.MaxI) {
				s.starts, s.shared = append(s.starts, b), append(s.shared, touching)
				break
			}
		}
	}
	return s, len(s.starts) > 1
}

// scanOrdersParallel builds b's facts from the parts in parallel.
func scanOrdersParallel(sn read.Table, parts []read.Part, s split, req read.Request, b *builder, perDay int64) error {
	n := len(s.starts)
	bs := make([]*builder, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := 0; w < n; w++ {
		bs[w] = newBuilder(b.g.Fork(), b.asOf, b.wantDays)
		bs[w].from, bs[w].keepHist, bs[w].fx = b.from, b.keepHist, b.fx
		end := len(parts)
		if w+1 < n {
			end = s.starts[w+1]
		}
		col := req.Columns[0]
		if err := bs[w].reserveCustomers(min(parts[end-1].Zones[col].MaxI-parts[s.starts[w]].Zones[col].MinI+1, int64(rowsOf(parts[s.starts[w]:end])))); err != nil {
			wg.Wait()
			return err
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[w] = scanRange(sn, parts, s.starts[w], end, w > 0 && s.shared[w], w+1 < n && s.shared[w+1], req, bs[w], perDay)
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	total, days, hist := 0, 0, 0
	for _, x := range bs {
		total, days, hist = total+len(x.cs), days+len(x.days), hist+len(x.hist)
	}
	if err := b.reserveCustomers(int64(total)); err != nil {
		return err
	}
	oldDays, oldHist := cap(b.days), cap(b.hist)
	b.days, b.hist = slices.Grow(b.days, days), slices.Grow(b.hist, hist)
	sqlfn.GrowSlice(b.g, b.days, oldDays)
	if err := sqlfn.GrowSlice(b.g, b.hist, oldHist); err != nil {
		return err
	}
	for _, x := range bs {
		off := uint64(len(b.cs))
		b.cs = append(b.cs, x.cs...)
		oldDays, oldHist := cap(b.days), cap(b.hist)
		for _, d := range x.days {
			b.days = append(b.days, d+off<<32)
		}
		b.hist = append(b.hist, x.hist...)
		sqlfn.GrowSlice(b.g, b.days, oldDays)
		if err := sqlfn.GrowSlice(b.g, b.hist, oldHist); err != nil {
			return err
		}
	}
	b.sortedN = len(b.cs)
	parallelScans.Add(1)
	return nil
}

// scanRange feeds parts[start:end] into b. skipFirst: the lines of the
// first part's first customer belong to the worker before. extend: after
// end, read on while the lines are of the last part's last customer.
func scanRange(sn read.Table, parts []read.Part, start, end int, skipFirst, extend bool, req read.Request, b *builder, perDay int64) error {
	skipID, skipping := int64(0), skipFirst
	if skipFirst {
		skipID = parts[start].Zones[req.Columns[0]].MinI
	}
	extID := parts[end-1].Zones[req.Columns[0]].MaxI
	for p := start; p < len(parts) && (p < end || extend); p++ {
		past := p >= end
		err := sn.ScanPart(&parts[p], req, func(bt *read.Batch) error {
			n := live(bt)
			k0, k1 := 0, n
			if skipping {
				for k0 < n && custAt(bt, k0) == skipID {
					k0++
				}
				skipping = k0 == n
			}
			stop := false
			if past {
				for k1 = k0; k1 < n && custAt(bt, k1) == extID; k1++ {
				}
				stop = k1 < n
			}
			if err := orderRange(bt, b, perDay, k0, k1); err != nil {
				return err
			}
			if stop {
				return errStop
			}
			return nil
		})
		if errors.Is(err, errStop) {
			break
		}
		if err != nil {
			return err
		}
	}
	return b.finish()
}

func rowsOf(parts []read.Part) int {
	n := 0
	for i := range parts {
		n += parts[i].Rows
	}
	return n
}

// live is the number of live positions of a batch.
func live(bt *read.Batch) int {
	if bt.Sel != nil {
		return len(bt.Sel)
	}
	return bt.N
}

// custAt is the customer id at live position k (split parts have no NULL
// customer).
func custAt(bt *read.Batch, k int) int64 {
	i := k
	if bt.Sel != nil {
		i = int(bt.Sel[k])
	}
	return bt.Cols[0].Ints[i]
}
