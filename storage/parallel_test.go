package storage

import (
	"errors"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// TestScanParallel checks that every live row is handed out once, each
// part to one worker only, every call with a worker number below Workers.
func TestScanParallel(t *testing.T) {
	s := openMem(t, vfs.NewMem(), 100)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 1050) // 10 segments and a write buffer
	sn := tbl.Snapshot()
	n := sn.Workers()
	if n < 1 || n > len(sn.Parts()) {
		t.Fatalf("Workers() = %d for %d parts", n, len(sn.Parts()))
	}
	sums := make([]int64, n)
	owner := map[*Part]int{}
	seen := make(chan struct {
		p *Part
		w int
	}, len(sn.Parts()))
	err := sn.ScanParallel(ScanRequest{Columns: []int{0}}, func(w int, b *Batch) error {
		if w < 0 || w >= n {
			return errors.New("worker out of range")
		}
		b.Each(func(i int) { sums[w] += b.Cols[0].Ints[i] })
		seen <- struct {
			p *Part
			w int
		}{b.Part, w}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	close(seen)
	for s := range seen {
		if w, ok := owner[s.p]; ok {
			t.Errorf("part %d scanned twice (workers %d and %d)", s.p.Seg, w, s.w)
		}
		owner[s.p] = s.w
	}
	var total int64
	for _, x := range sums {
		total += x
	}
	if want := int64(1049 * 1050 / 2); total != want || len(owner) != len(sn.Parts()) {
		t.Errorf("sum %d over %d parts, want %d over %d", total, len(owner), want, len(sn.Parts()))
	}
	stop := errors.New("stop")
	if err := sn.ScanParallel(ScanRequest{}, func(int, *Batch) error { return stop }); !errors.Is(err, stop) {
		t.Errorf("ScanParallel returned %v, want the callback's error", err)
	}
}
