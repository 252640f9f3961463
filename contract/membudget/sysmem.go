package membudget

import (
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Defaults derived from the machine's memory.
const (
	// DefaultServerShare is the share of the machine's memory (or of the
	// cgroup's limit) the server-wide budget takes by default: the rest
	// is for what operators do not declare, Pebble's caches and the OS.
	DefaultServerShare = 0.6
	// DefaultQueryDivisor: by default one statement may hold half the
	// server's budget, so two large analytics run side by side (a quarter
	// refused Q5's self-join of 106M order lines at S3, which needs about
	// 4.5 GiB of a 14 GiB budget; DuckDB lets one query take 80%).
	DefaultQueryDivisor = 2
	// MinLimit is the smallest limit a flag or variable may set.
	MinLimit = 1 << 20
	// fallbackMemory is assumed when the machine's memory is unknown.
	fallbackMemory = 4 << 30
)

// Defaults returns the default server-wide and per-statement limits for a
// machine with mem bytes (0: look it up with SystemMemory).
func Defaults(mem int64) (server, query int64) {
	if mem <= 0 {
		mem = SystemMemory()
	}
	server = int64(float64(mem) * DefaultServerShare)
	return server, server / DefaultQueryDivisor
}

// SystemMemory is the memory this process may use: the machine's
// physical memory, or the cgroup's limit when lower; 4 GiB when neither
// can be read.
func SystemMemory() int64 {
	mem := physicalMemory()
	if lim := cgroupLimit(); lim > 0 && (mem <= 0 || lim < mem) {
		mem = lim
	}
	if mem <= 0 {
		return fallbackMemory
	}
	return mem
}

// physicalMemory reads MemTotal from /proc/meminfo (0 elsewhere).
func physicalMemory() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			if err == nil {
				return kb << 10
			}
		}
	}
	return 0
}

// cgroupLimit reads a cgroup v2 (memory.max) or v1 limit (0 when none).
func cgroupLimit() int64 {
	for _, f := range []string{"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"} {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		n, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
		if err == nil && n > 0 && n < 1<<60 {
			return n
		}
	}
	return 0
}

// ParseBytes reads a size as flags take it: a number of bytes with an
// optional unit K, M, G or T (powers of 1024; "KiB", "KB" and lower case
// are accepted too), or "0" for unlimited.
func ParseBytes(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "IB"), "B")
	mult := int64(1)
	if n := len(t); n > 0 {
		switch t[n-1] {
		case 'K':
			mult = 1 << 10
		case 'M':
			mult = 1 << 20
		case 'G':
			mult = 1 << 30
		case 'T':
			mult = 1 << 40
		}
		if mult > 1 {
			t = strings.TrimSpace(t[:n-1])
		}
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("size %q: want bytes with an optional K, M, G or T", s)
	}
	n := int64(f * float64(mult))
	if n != 0 && n < MinLimit {
		return 0, fmt.Errorf("size %q: below the minimum of %s (0 means unlimited)", s, FormatBytes(MinLimit))
	}
	return n, nil
}
