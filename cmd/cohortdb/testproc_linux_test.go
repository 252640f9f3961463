package main

import (
	"os/exec"
	"syscall"
)

// dieWithTest has the kernel kill a server the test process started when
// that process dies: a test binary killed by its -timeout otherwise
// leaves its servers running (and busy compacting) after it.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
