package storage

import (
	"errors"
	"os"
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

// TestBackoffDoubles: each background failure pauses longer, up to
// maxBackoff; a success resets it.
func TestBackoffDoubles(t *testing.T) {
	g := newDiskGuard(vfs.NewMem(), "x", 1, nil)
	var got []int64
	for range 9 {
		g.mu.Lock()
		g.backoff = min(max(2*g.backoff, 10e6), maxBackoff)
		got = append(got, int64(g.backoff/1e6))
		g.mu.Unlock()
	}
	want := []int64{10, 20, 40, 80, 160, 320, 640, 1000, 1000}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("backoffs %v ms, want %v", got, want)
		}
	}
	g.recovered()
	if g.backoff != 0 {
		t.Fatal("success did not reset the backoff")
	}
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
