package harness

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// cohortPassword is the root password of the benchmark server (loopback
// only, throwaway data dir).
const cohortPassword = "bench"

// Cohort is a `cohortdb serve` process on a free loopback port with a
// fresh data dir, queried over the wire.
type Cohort struct {
	Bin, DataDir, Addr string

	timeout time.Duration
	cmd     *exec.Cmd
	exited  chan struct{}
	log     *tailBuffer
	db      *sql.DB
	hwm     int64 // VmHWM read just before Stop's SIGTERM (0: not read)
}

var readyAddr = regexp.MustCompile(`msg="cohortdb [^"]* ready;.*\baddr=(\S+)`)

// StartCohort runs bin serve with dataDir and waits until it is ready.
func StartCohort(ctx context.Context, bin, dataDir string, timeout time.Duration, extra ...string) (*Cohort, error) {
	c := &Cohort{Bin: bin, DataDir: dataDir, timeout: timeout, log: &tailBuffer{}, exited: make(chan struct{})}
	// Background compaction off: nothing but the measured work runs (the
	// load-order dimension compacts with OPTIMIZE TABLE, timed).
	args := append([]string{"serve", "--data-dir", dataDir, "--listen", "127.0.0.1:0", "--compact-every=0"}, extra...)
	c.cmd = exec.Command(bin, args...)
	c.cmd.Env = append(os.Environ(), "COHORTDB_ROOT_PASSWORD="+cohortPassword)
	stderr, err := c.cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	c.cmd.Stdout = c.log
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	addr := make(chan string, 1)
	go c.watch(stderr, addr)
	select {
	case c.Addr = <-addr:
	case <-c.exited:
		return nil, fmt.Errorf("cohortdb serve exited before ready: %s", c.log.String())
	case <-time.After(2 * time.Minute):
		c.kill()
		return nil, fmt.Errorf("cohortdb serve not ready after 2m: %s", c.log.String())
	case <-ctx.Done():
		c.kill()
		return nil, ctx.Err()
	}
	c.db, err = openWire("root", cohortPassword, c.Addr, "shop")
	if err != nil {
		c.kill()
		return nil, err
	}
	return c, nil
}

// watch copies the server's stderr into the log, reports the address of
// the ready line, and closes exited when the process ends.
func (c *Cohort) watch(stderr io.Reader, addr chan<- string) {
	sc := bufio.NewScanner(stderr)
	for sc.Scan() {
		line := sc.Text()
		c.log.WriteString(line + "\n")
		if m := readyAddr.FindStringSubmatch(line); m != nil {
			select {
			case addr <- m[1]:
			default:
			}
		}
	}
	io.Copy(io.Discard, stderr)
	c.cmd.Wait()
	close(c.exited)
}

func (c *Cohort) Name() string                                   { return "cohortdb" }
func (c *Cohort) Dialect() Dialect                               { return MySQL }
func (c *Cohort) DB() *sql.DB                                    { return c.db }
func (c *Cohort) Timeout() time.Duration                         { return c.timeout }
func (c *Cohort) Cancel(id int64)                                { wireCancel(c.db, id) }
func (c *Cohort) ConnID(ctx context.Context, cn *sql.Conn) int64 { return wireConnID(ctx, cn) }

// Load bulk-loads orders.csv with LOAD DATA LOCAL INFILE (cohortdb's
// loader) into the canonical shop.orders and measures the data dir.
func (c *Cohort) Load(ctx context.Context, ordersCSV string) (LoadInfo, error) {
	cpu := c.ServerCPU()
	start := time.Now()
	res, err := c.db.ExecContext(ctx, loadDataLocal(ordersCSV))
	if err != nil {
		return LoadInfo{}, fmt.Errorf("cohortdb: load %s: %w", ordersCSV, err)
	}
	info := LoadInfo{Duration: time.Since(start), CPU: c.ServerCPU() - cpu}
	info.Rows, _ = res.RowsAffected()
	// The exchange rates beside orders.csv (untimed): analytics convert
	// every amount into the reporting currency and refuse unknown ones.
	if fx := filepath.Join(filepath.Dir(ordersCSV), gen.FxRatesFile); fileExists(fx) {
		q := fmt.Sprintf("LOAD DATA LOCAL INFILE '%s' INTO TABLE fx_rates FIELDS TERMINATED BY ',' LINES TERMINATED BY '\\n' IGNORE 1 LINES (currency, valid_from, rate)", fx)
		if _, err := c.db.ExecContext(ctx, q); err != nil {
			return LoadInfo{}, fmt.Errorf("cohortdb: load %s: %w", fx, err)
		}
	}
	info.DiskBytes, err = dirBytes(c.DataDir)
	return info, err
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// Stop shuts the server down with SIGTERM and waits for it.
func (c *Cohort) Stop() error {
	select {
	case <-c.exited:
		return fmt.Errorf("cohortdb serve exited during the benchmark (%v): %s", c.cmd.ProcessState, c.log.String())
	default:
	}
	if st, err := c.Stats(); err == nil {
		c.hwm = st.PeakRSS
	}
	if c.db != nil {
		c.db.Close()
	}
	c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
	case <-time.After(time.Minute):
		c.kill()
		return fmt.Errorf("cohortdb serve did not stop within 1m")
	}
	if st := c.cmd.ProcessState; st != nil && !st.Success() {
		return fmt.Errorf("cohortdb serve: %v: %s", st, c.log.String())
	}
	return nil
}

// Stats reads the running server's CPU time and memory from /proc.
func (c *Cohort) Stats() (ProcStats, error) { return ReadProc(c.cmd.Process.Pid) }

// ServerCPU is the server's CPU time so far (0 when it cannot be read).
func (c *Cohort) ServerCPU() time.Duration {
	st, err := c.Stats()
	if err != nil {
		return 0
	}
	return st.CPU
}

// Usage is the CPU time of the whole server process, start-up and
// shutdown included (the kernel's rusage of the child), and its peak
// resident size (VmHWM read by Stop just before shutdown), once it has
// exited (zero before). The rusage's own peak is not used: Linux gives a
// child the peak of the process it was forked from (the harness, with
// DuckDB in it) as its starting peak, so it reported the harness's
// 14.8 GiB for a server that never held a third of it.
func (c *Cohort) Usage() ProcStats {
	ps := c.cmd.ProcessState
	if ps == nil {
		return ProcStats{}
	}
	st := ProcStats{CPU: ps.UserTime() + ps.SystemTime(), PeakRSS: c.hwm}
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok && c.hwm == 0 {
		st.PeakRSS = ru.Maxrss << 10 // kilobytes on Linux; the parent's peak at fork at least
	}
	return st
}

// MemoryLimit is the server's memory budget in effect
// (cohortdb_memory_limit; 0 unlimited).
func (c *Cohort) MemoryLimit(ctx context.Context) (int64, error) {
	var n int64
	err := c.db.QueryRowContext(ctx, "SELECT @@GLOBAL.cohortdb_memory_limit").Scan(&n)
	return n, err
}

// Close is Stop for the System interface.
func (c *Cohort) Close() error { return c.Stop() }

func (c *Cohort) kill() {
	c.cmd.Process.Kill()
	<-c.exited
}

// dirBytes sums the sizes of the regular files under dir. A running
// server's Pebble deletes the files its compactions made obsolete in the
// background (after OPTIMIZE TABLE, those of the old segments), so a file
// listed may be gone when its size is asked for: it no longer counts.
func dirBytes(dir string) (int64, error) {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		fi, err := d.Info()
		switch {
		case err == nil:
			n += fi.Size()
		case errors.Is(err, fs.ErrNotExist):
			err = nil
		}
		return err
	})
	return n, err
}

// tailBuffer keeps the last 16 KiB written to it (server logs for error
// messages).
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - 16<<10; over > 0 {
		t.b = append(t.b[:0], t.b[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) WriteString(s string) { t.Write([]byte(s)) }

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}
