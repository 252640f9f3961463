package server

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/go-sql-driver/mysql"
)

// fullFS is an in-memory file system whose free space the test sets and
// whose log (WAL) writes it can make fail, as a disk filled by another
// process between the store's free-space check and its write does.
type fullFS struct {
	vfs.FS
	avail  atomic.Uint64
	walErr atomic.Bool // writes to .log files fail with ENOSPC
}

func (f *fullFS) GetDiskUsage(string) (vfs.DiskUsage, error) {
	a := f.avail.Load()
	return vfs.DiskUsage{AvailBytes: a, TotalBytes: 1 << 40, UsedBytes: 1<<40 - a}, nil
}

func (f *fullFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	file, err := f.FS.Create(name, c)
	if err != nil || !strings.HasSuffix(name, ".log") {
		return file, err
	}
	return fullFile{File: file, fs: f}, nil
}

type fullFile struct {
	vfs.File
	fs *fullFS
}

func (w fullFile) Write(p []byte) (int, error) {
	if w.fs.walErr.Load() {
		return 0, syscall.ENOSPC
	}
	return w.File.Write(p)
}

// When the disk fills faster than the reserve keeps space free, a commit
// fails inside the store's log and the store refuses every write after
// it (1021) while reads go on; once the disk has room again the server
// restarts by itself, on the same address: writes work again, every
// acknowledged row is there and the failed ones are not.
func TestRestartsAfterFailedCommit(t *testing.T) {
	fs := &fullFS{FS: vfs.NewMem()}
	fs.avail.Store(1 << 40)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	cfg := Config{DataDir: t.TempDir(), Listen: addr, RootPassword: "pw", DiskReserve: 1 << 20,
		ShutdownGrace: 5 * time.Second, CompactEvery: -1, storeFS: fs}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ran := make(chan error, 1)
	go func() { ran <- Run(ctx, cfg, slog.New(slog.NewTextHandler(io.Discard, nil))) }()

	mc := mysql.NewConfig()
	mc.User, mc.Passwd, mc.Net, mc.Addr, mc.DBName = "root", "pw", "tcp", addr, "shop"
	db, err := sql.Open("mysql", mc.FormatDSN())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	retry(t, "the server to answer", func() error { return db.Ping() })
	mustExec(t, db, "CREATE TABLE kv (k INT PRIMARY KEY)")
	mustExec(t, db, "INSERT INTO kv VALUES (1), (2), (3)")

	fs.walErr.Store(true) // the disk fills between the check and the write
	_, err = db.Exec("INSERT INTO kv VALUES (4)")
	wantErrNum(t, err, 1021, "INSERT whose log write fails")
	fs.avail.Store(1 << 10) // and stays full
	_, err = db.Exec("INSERT INTO kv VALUES (5)")
	wantErrNum(t, err, 1021, "INSERT after the failed commit")
	var n int
	if err := db.QueryRow("SELECT COUNT(*) FROM kv").Scan(&n); err != nil || n != 3 {
		t.Fatalf("reads on the full disk: %d, %v", n, err)
	}

	fs.walErr.Store(false) // space is freed
	fs.avail.Store(1 << 40)
	retry(t, "writes to work again", func() error {
		_, err := db.Exec("INSERT INTO kv VALUES (6)")
		return err
	})
	var got []string
	rows, err := db.Query("SELECT k FROM kv ORDER BY k")
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		got = append(got, k)
	}
	rows.Close()
	if strings.Join(got, ",") != "1,2,3,6" {
		t.Fatalf("rows after the restart: %v, want 1,2,3,6", got)
	}
	cancel()
	select {
	case err := <-ran:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(time.Minute): // a hang, not a speed bound
		t.Fatal("Run did not return after its context ended")
	}
}

// retry calls f until it succeeds; a minute without success (a hang)
// fails the test.
func retry(t *testing.T, what string, f func() error) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		err := f()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
