package harness

import (
	"os"
	"testing"
	"time"
)

func TestParseStatCPU(t *testing.T) {
	// A real line's shape (Linux proc(5)); utime 1234 and stime 56 ticks
	// of 10 ms are 12.9 s. The command name holds a space and a ')'.
	line := "4242 (cohort db) x) S 1 4242 4242 0 -1 4194560 9000 0 12 0 1234 56 0 0 20 0 9 0 100 200 300"
	cases := []struct {
		in   string
		want time.Duration
		err  bool
	}{
		{line, 12900 * time.Millisecond, false},
		{"4242 (x) S 1 2 3", 0, true},
		{"no parenthesis", 0, true},
	}
	for _, c := range cases {
		got, err := parseStatCPU([]byte(c.in))
		if (err != nil) != c.err || got != c.want {
			t.Errorf("parseStatCPU(%q) = %v, %v; want %v (error %v)", c.in, got, err, c.want, c.err)
		}
	}
}

func TestParseStatusMem(t *testing.T) {
	status := "Name:\tcohortdb\nVmPeak:\t 9000000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"
	rss, hwm, err := parseStatusMem([]byte(status))
	if err != nil || rss != 100<<20 || hwm != 200<<20 {
		t.Errorf("parseStatusMem = %d, %d, %v; want %d, %d", rss, hwm, err, 100<<20, 200<<20)
	}
	if _, _, err := parseStatusMem([]byte("Name:\tkthread\n")); err == nil {
		t.Error("parseStatusMem of a status without memory lines: no error")
	}
}

// TestReadProcSelf reads the test process itself: its peak is at least
// its current resident size, and it has used some CPU.
func TestReadProcSelf(t *testing.T) {
	st, err := ReadProc(os.Getpid())
	if err != nil {
		t.Skip("no /proc:", err)
	}
	if st.RSS <= 0 || st.PeakRSS < st.RSS {
		t.Errorf("RSS %d, peak %d: want 0 < RSS <= peak", st.RSS, st.PeakRSS)
	}
}
