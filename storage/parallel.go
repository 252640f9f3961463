package storage

import (
	"runtime"
	"sync"
)

// Workers is how many goroutines scan n parts in parallel: one per core,
// at most one per part, at least one. The engine's operators and the
// analytics (through contract/read) share parts among this many workers.
func Workers(n int) int { return max(1, min(runtime.GOMAXPROCS(0), n)) }

// Workers is Workers(len(sn.Parts())).
func (sn *Snapshot) Workers() int { return Workers(len(sn.Parts())) }

// ScanParallel visits every part once on sn.Workers() goroutines: worker
// w scans parts w, w+Workers, … in order and calls fn(w, b), so state a
// caller keeps per worker needs no lock. It returns the first error; a
// worker stops at its own first error, the others run to their end.
func (sn *Snapshot) ScanParallel(req ScanRequest, fn func(w int, b *Batch) error) error {
	parts := sn.Parts()
	n := Workers(len(parts))
	errs := make([]error, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			visit := func(b *Batch) error { return fn(w, b) }
			for p := w; p < len(parts) && errs[w] == nil; p += n {
				errs[w] = sn.ScanPart(&parts[p], req, visit)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
