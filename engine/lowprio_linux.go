package engine

import (
	"runtime"
	"syscall"
)

// compactionNice is the nice value of compaction's threads: under
// contention the kernel gives them about a tenth of what a query's
// thread gets (CFS weights 110 against 1024), yet they still progress
// on a busy machine (at 19, a twentieth of that: a compaction under a
// steady query load barely moved). A free core they use in full.
const compactionNice = 10

// lowerThreadPriority gives the calling goroutine a thread of its own at
// low CPU priority (compactionNice: Linux's nice is per thread). The
// thread is never unlocked: when the goroutine ends, Go ends the thread,
// so no other goroutine ever runs at that priority. Failure is harmless
// (the work then runs at normal priority, throttled all the same).
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), compactionNice)
}
