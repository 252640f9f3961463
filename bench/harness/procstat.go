package harness

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"time"
)

// A server's CPU time and resident memory, read from Linux's /proc while
// it runs. The machine's cores are shared (other builds and tests run
// beside a benchmark), so wall times are distorted by their load; the
// server's own CPU time is not, or much less.

// ProcStats is what /proc says of a process at one moment.
type ProcStats struct {
	CPU     time.Duration // user + system time since the process started
	RSS     int64         // resident bytes now (VmRSS)
	PeakRSS int64         // the most resident bytes so far (VmHWM)
}

// clockTick is the unit of /proc/<pid>/stat's times: USER_HZ, 100 on
// every Linux the harness runs on.
const clockTick = 10 * time.Millisecond

// ReadProc reads pid's CPU time and memory; an error when there is no
// /proc (not Linux) or the process has exited.
func ReadProc(pid int) (ProcStats, error) {
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return ProcStats{}, err
	}
	status, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return ProcStats{}, err
	}
	var st ProcStats
	if st.CPU, err = parseStatCPU(stat); err != nil {
		return st, fmt.Errorf("/proc/%d/stat: %w", pid, err)
	}
	if st.RSS, st.PeakRSS, err = parseStatusMem(status); err != nil {
		return st, fmt.Errorf("/proc/%d/status: %w", pid, err)
	}
	return st, nil
}

// parseStatCPU returns utime + stime of a /proc/<pid>/stat line (fields
// 14 and 15, counted from the pid; the command name in parentheses may
// hold spaces, so fields are counted after its closing parenthesis).
func parseStatCPU(b []byte) (time.Duration, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, fmt.Errorf("no command name")
	}
	f := bytes.Fields(b[i+1:]) // f[0] is field 3 (state)
	if len(f) < 13 {
		return 0, fmt.Errorf("%d fields after the command name, want at least 13", len(f))
	}
	var ticks int64
	for _, s := range f[11:13] {
		n, err := strconv.ParseInt(string(s), 10, 64)
		if err != nil {
			return 0, err
		}
		ticks += n
	}
	return time.Duration(ticks) * clockTick, nil
}

// parseStatusMem returns VmRSS and VmHWM of /proc/<pid>/status in bytes.
func parseStatusMem(b []byte) (rss, hwm int64, err error) {
	for _, line := range bytes.Split(b, []byte{'\n'}) {
		name, rest, ok := bytes.Cut(line, []byte{':'})
		if !ok {
			continue
		}
		var dst *int64
		switch string(name) {
		case "VmRSS":
			dst = &rss
		case "VmHWM":
			dst = &hwm
		default:
			continue
		}
		f := bytes.Fields(rest)
		if len(f) != 2 || string(f[1]) != "kB" {
			return 0, 0, fmt.Errorf("%s: %q", name, rest)
		}
		kb, err := strconv.ParseInt(string(f[0]), 10, 64)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", name, err)
		}
		*dst = kb << 10
	}
	if rss == 0 || hwm == 0 {
		return 0, 0, fmt.Errorf("no VmRSS or VmHWM")
	}
	return rss, hwm, nil
}
