package exec

import (
	"fmt"
	"runtime/debug"
)

// panicError turns a worker's panic into the statement's error, so one
// bad row never takes the server down.
func panicError(r any) error {
	return fmt.Errorf("exec: internal error: %v\n%s", r, debug.Stack())
}
