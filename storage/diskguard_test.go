package storage

import (
	"bytes"
	"errors"
	"log/slog"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
)

// faultFS is an in-memory file system whose free space, file creation
// and writes can be made to fail, as a full or read-only disk does.
type faultFS struct {
	vfs.FS
	avail      atomic.Uint64
	createErr  atomic.Pointer[errBox] // error for Create of any file, or nil
	sstErr     atomic.Pointer[errBox] // error for Create of .sst files, or nil
	writeErr   atomic.Pointer[errBox] // error for writes to .log (WAL) files, or nil
	sstCreates atomic.Int64
}

func newFaultFS() *faultFS {
	f := &faultFS{FS: vfs.NewMem()}
	f.avail.Store(1 << 40)
	return f
}

func (f *faultFS) GetDiskUsage(string) (vfs.DiskUsage, error) {
	a := f.avail.Load()
	return vfs.DiskUsage{AvailBytes: a, TotalBytes: 1 << 40, UsedBytes: 1<<40 - a}, nil
}

type errBox struct{ err error }

func loadErr(v *atomic.Pointer[errBox]) error {
	if b := v.Load(); b != nil {
		return b.err
	}
	return nil
}

func setErr(v *atomic.Pointer[errBox], err error) { v.Store(&errBox{err}) }

func (f *faultFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	if err := loadErr(&f.createErr); err != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: err}
	}
	if strings.HasSuffix(name, ".sst") {
		f.sstCreates.Add(1)
		if err := loadErr(&f.sstErr); err != nil {
			return nil, &os.PathError{Op: "open", Path: name, Err: err}
		}
	}
	file, err := f.FS.Create(name, c)
	if err != nil || !strings.HasSuffix(name, ".log") {
		return file, err
	}
	return faultFile{File: file, fs: f}, nil
}

type faultFile struct {
	vfs.File
	fs *faultFS
}

func (w faultFile) Write(p []byte) (int, error) {
	if err := loadErr(&w.fs.writeErr); err != nil {
		return 0, err
	}
	return w.File.Write(p)
}

func openFault(t *testing.T, fs *faultFS) *Store {
	t.Helper()
	s, err := Open("db", Options{FS: fs, CacheBytes: 8 << 20, DiskReserve: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func commitRows(s *Store, tbl *Table, from, to int) error {
	tx := s.Begin()
	for i := from; i < to; i++ {
		if _, err := tx.Insert(tbl, testRow(i)); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// TestDiskFullRefusesWrites: below the reserve a commit fails with
// ErrDiskFull and changes nothing, reads go on, and writes succeed again
// once space is back; a small commit may use half the reserve.
func TestDiskFullRefusesWrites(t *testing.T) {
	fs := newFaultFS()
	s := openFault(t, fs)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 10)

	steps := []struct {
		avail    uint64
		from, to int
		want     error
	}{
		{0, 10, 20, ErrDiskFull},
		{900 << 10, 10, 11, nil},           // small: half the reserve is enough
		{900 << 10, 11, 5000, ErrDiskFull}, // large: not
		{1 << 40, 11, 20, nil},
	}
	for _, st := range steps {
		fs.avail.Store(st.avail)
		err := commitRows(s, tbl, st.from, st.to)
		if !errors.Is(err, st.want) {
			t.Fatalf("avail %d, rows %d..%d: got %v, want %v", st.avail, st.from, st.to, err, st.want)
		}
		if err != nil && !errors.Is(err, syscall.ENOSPC) && !strings.Contains(err.Error(), "free some space") {
			t.Errorf("error does not say what to do: %v", err)
		}
	}
	fs.avail.Store(0)
	if err := s.PutMeta("x", []byte("y")); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("PutMeta on a full disk: %v", err)
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 20))
	fs.avail.Store(1 << 40)
}

// TestUnwritableDirRefusesWrites: a data directory that refuses new files
// (chmod, read-only remount) fails writes with ErrWrite instead of
// letting Pebble panic at its next WAL rotation.
func TestUnwritableDirRefusesWrites(t *testing.T) {
	fs := newFaultFS()
	s := openFault(t, fs)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 5)
	for _, e := range []error{syscall.EACCES, syscall.EROFS} {
		setErr(&fs.createErr, e)
		if err := commitRows(s, tbl, 5, 10); !errors.Is(err, ErrWrite) || !errors.Is(err, e) {
			t.Fatalf("%v: commit error %v, want ErrWrite wrapping it", e, err)
		}
		if _, err := s.CreateTable("d", TableDef{Name: "u", Columns: []ColumnDef{{Name: "a", Kind: KindInt}}}); !errors.Is(err, ErrWrite) {
			t.Fatalf("%v: CREATE TABLE error %v", e, err)
		}
		setErr(&fs.createErr, nil)
	}
	insertRange(t, s, tbl, 5, 10)
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 10))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWALWriteFailureIsSticky: a commit whose WAL write fails reports
// the error; Pebble cannot write again, so the store refuses later writes
// (instead of Pebble panicking) while reads go on, and closes.
func TestWALWriteFailureIsSticky(t *testing.T) {
	fs := newFaultFS()
	s := openFault(t, fs)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 5)
	setErr(&fs.writeErr, syscall.ENOSPC)
	if err := commitRows(s, tbl, 5, 6); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("commit with a failing WAL: %v", err)
	}
	setErr(&fs.writeErr, nil)
	if err := commitRows(s, tbl, 5, 6); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("commit after a WAL failure: %v, want the sticky ErrDiskFull", err)
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 5))
	s.Close() // must return (its error is the WAL's)
}

// TestWALWriteFailureRecoverable: after a commit failed in Pebble's log
// because the disk filled faster than the reserve, the store says it can
// be recovered only once the disk has room again; then a store opened
// anew on the directory accepts writes and holds every acknowledged one,
// not the failed one.
func TestWALWriteFailureRecoverable(t *testing.T) {
	fs := newFaultFS()
	s := openFault(t, fs)
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 5)
	if s.Recoverable() {
		t.Fatal("recoverable before any failure")
	}
	setErr(&fs.writeErr, syscall.ENOSPC)
	if err := commitRows(s, tbl, 5, 6); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("commit with a failing WAL: %v", err)
	}
	fs.avail.Store(1 << 10) // the disk is full
	if s.Recoverable() {
		t.Fatal("recoverable while the disk is full")
	}
	setErr(&fs.writeErr, nil)
	fs.avail.Store(1 << 40) // space freed
	if !s.Recoverable() {
		t.Fatal("not recoverable once space is back")
	}
	s.Close() // its error is the WAL's
	s = openFault(t, fs)
	defer s.Close()
	tbl, err := s.Table("d", testDef().Name)
	if err != nil {
		t.Fatal(err)
	}
	if s.Recoverable() {
		t.Fatal("a store opened anew is recoverable")
	}
	insertRange(t, s, tbl, 5, 10)
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 10))
}

// TestFailedFlushPausesWritesAndRecovers: while Pebble's background
// flush fails, writes are refused (so Pebble's write stall can never hold
// a commit) and retries back off; once the flush succeeds, writes go on.
func TestFailedFlushPausesWritesAndRecovers(t *testing.T) {
	fs := newFaultFS()
	s := openFault(t, fs)
	defer s.Close()
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 5)
	setErr(&fs.sstErr, syscall.ENOSPC)
	if _, err := s.db.AsyncFlush(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool { return s.guard.bgFailed.Load() })
	if err := commitRows(s, tbl, 5, 10); !errors.Is(err, ErrWrite) {
		t.Fatalf("commit while flushes fail: %v", err)
	}
	setErr(&fs.sstErr, nil)
	waitFor(t, func() bool { return !s.guard.bgFailed.Load() })
	insertRange(t, s, tbl, 5, 10)
	checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 10))
}

// logBuffer collects a store's log records (slog's text format).
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

// count is the number of records containing text.
func (l *logBuffer) count(text string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), text)
}

func (l *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(l, nil)) }

// TestBackgroundErrorBacksOffAndLogs drives the guard's own handler of
// Pebble's background errors (with its clock and sleep replaced): each
// failure pauses the failing job twice as long as the one before, from
// 10 ms up to maxBackoff; a success resets the pause; the failure is
// logged at once, then at most once a minute with the failures between.
func TestBackgroundErrorBacksOffAndLogs(t *testing.T) {
	var logs logBuffer
	g := newDiskGuard(vfs.NewMem(), "x", 1, logs.logger())
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var pauses []time.Duration
	g.now = func() time.Time { return now }
	g.sleep = func(d time.Duration) { pauses = append(pauses, d) }
	fail := &os.PathError{Op: "open", Path: "000012.sst", Err: syscall.ENOSPC}

	for range 9 {
		g.backgroundError(fail)
	}
	want := []time.Duration{10, 20, 40, 80, 160, 320, 640, 1000, 1000}
	for i := range want {
		want[i] *= time.Millisecond
	}
	if !slices.Equal(pauses, want) {
		t.Fatalf("pauses %v, want %v", pauses, want)
	}
	if !g.bgFailed.Load() {
		t.Fatal("a background failure did not refuse writes")
	}
	const failed = "background write failed"
	if n := logs.count(failed); n != 1 {
		t.Fatalf("9 failures within a minute logged %d times, want once:\n%s", n, logs.buf.String())
	}
	if logs.count("disk_full=true") != 1 {
		t.Errorf("the log does not say the disk is full:\n%s", logs.buf.String())
	}
	now = now.Add(time.Minute)
	g.backgroundError(fail)
	if n := logs.count(failed); n != 2 || logs.count("failures_since_last_log=8") != 1 {
		t.Fatalf("a failure a minute later: %d records, want 2 counting the 8 unlogged:\n%s", n, logs.buf.String())
	}
	g.recovered()
	if g.bgFailed.Load() || logs.count("succeed again") != 1 {
		t.Fatalf("a success did not reopen writes and say so:\n%s", logs.buf.String())
	}
	pauses = nil
	g.backgroundError(fail)
	if !slices.Equal(pauses, []time.Duration{10 * time.Millisecond}) {
		t.Fatalf("after a success the pause is %v, want 10ms again", pauses)
	}
}

// pauseGate replaces the guard's sleep: while shut, each pause announces
// itself and waits for the test to release it, so the test sees every
// retry of a failing flush; open, it sleeps as the guard does.
type pauseGate struct {
	shut    atomic.Bool
	paused  chan time.Duration
	release chan struct{}
}

func newPauseGate() *pauseGate {
	g := &pauseGate{paused: make(chan time.Duration), release: make(chan struct{})}
	g.shut.Store(true)
	return g
}

func (g *pauseGate) sleep(d time.Duration) {
	if !g.shut.Load() {
		time.Sleep(d)
		return
	}
	g.paused <- d
	<-g.release
}

// TestFailedFlushNoRetryStorm: a flush that keeps failing (ENOSPC on
// every new table file) is retried only after the guard's pause — one
// file creation per pause, never a loop (Pebble v2 alone created about
// 75,000 empty .sst files in 30 s) — and the failure is logged once.
// Meanwhile writes are refused at once rather than stalled, reads from
// other goroutines answer, and Close completes with the flush still
// failing.
func TestFailedFlushNoRetryStorm(t *testing.T) {
	fs := newFaultFS()
	var logs logBuffer
	s, err := Open("db", Options{FS: fs, CacheBytes: 8 << 20, DiskReserve: 1 << 20, Logger: logs.logger()})
	if err != nil {
		t.Fatal(err)
	}
	gate := newPauseGate()
	s.guard.sleep = gate.sleep
	tbl := mustTable(t, s)
	insertRange(t, s, tbl, 0, 5)
	setErr(&fs.sstErr, syscall.ENOSPC)
	before := fs.sstCreates.Load()
	if _, err := s.db.AsyncFlush(); err != nil {
		t.Fatal(err)
	}
	const retries = 6
	for k := range int64(retries) {
		// Wait for the next pause; a retry that skipped it would show as
		// table files created faster than pauses.
		var d time.Duration
		for got := false; !got; {
			select {
			case d = <-gate.paused:
				got = true
			default:
				if n := fs.sstCreates.Load() - before; n > k+2 {
					t.Fatalf("%d table files created by %d pauses: the failing flush is retried in a loop", n, k)
				}
				runtimeGosched()
			}
		}
		if n := fs.sstCreates.Load() - before; n > k+1 {
			t.Fatalf("pause %d (%v): %d table files created, want at most one per pause", k+1, d, n)
		}
		// The flush is held in its pause: a write is refused, not stalled,
		// and reads answer.
		if err := commitRows(s, tbl, 5, 10); !errors.Is(err, ErrWrite) && !errors.Is(err, ErrDiskFull) {
			t.Fatalf("commit while the flush fails: %v", err)
		}
		checkRows(t, collect(t, tbl.Snapshot()), testRow, seq(0, 5))
		gate.release <- struct{}{}
	}
	if n := logs.count("background write failed"); n != 1 {
		t.Errorf("%d failed flushes logged %d times, want once (rate limited):\n%s", retries, n, logs.buf.String())
	}
	gate.shut.Store(false)
	// A pause may have started before the gate opened.
	select {
	case <-gate.paused:
		gate.release <- struct{}{}
	default:
	}
	s.Close() // must return while the flush still fails; its error is the flush's
	checkRowsAfterReopen(t, fs, seq(0, 5))
}

// checkRowsAfterReopen opens the store on fs again, once the disk
// accepts files, and checks the table holds exactly rows.
func checkRowsAfterReopen(t *testing.T, fs *faultFS, rows []int) {
	t.Helper()
	setErr(&fs.sstErr, nil)
	s := openFault(t, fs)
	defer s.Close()
	tbl, err := s.Table("d", testDef().Name)
	if err != nil {
		t.Fatal(err)
	}
	checkRows(t, collect(t, tbl.Snapshot()), testRow, rows)
}

var waitMu sync.Mutex

// waitFor polls cond; a hang is caught by the test binary's timeout.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	waitMu.Lock()
	defer waitMu.Unlock()
	for !cond() {
		runtimeGosched()
	}
}

func runtimeGosched() { time.Sleep(time.Millisecond) }
