package rfm

import "github.com/cohortdb/cohortdb/functions/sqlfn"

// ParallelOrderScans counts the orders scans split between workers.
func ParallelOrderScans() int64 { return parallelScans.Load() }

// Shared is where concurrent rfm() statements meet.
func Shared() *sqlfn.Flights { return &shared }

// HoldLeader makes the statement that computes shared scores wait for
// release before it does (nil: no more waiting).
func HoldLeader(release chan struct{}) {
	if release == nil {
		leading = nil
		return
	}
	leading = func() { <-release }
}
