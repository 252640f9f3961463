package engine

import (
	"runtime"
	"syscall"
)

// lowerThreadPriority gives the calling goroutine a thread of its own at
// the lowest CPU priority (nice 19: Linux's nice is per thread). The
// thread is never unlocked: when the goroutine ends, Go ends the thread,
// so no other goroutine ever runs at that priority. Failure is harmless
// (the work then runs at normal priority, throttled all the same).
func lowerThreadPriority() {
	runtime.LockOSThread()
	_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), 19)
}
