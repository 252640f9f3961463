//go:build !linux

package engine

// lowerThreadPriority does nothing where thread priorities are not per
// thread: background compaction is throttled all the same.
func lowerThreadPriority() {}
