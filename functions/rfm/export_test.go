package rfm

// ParallelOrderScans counts the orders scans split between workers.
func ParallelOrderScans() int64 { return parallelScans.Load() }
