package engine

import (
	"fmt"
	"os"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/ingest"
)

// refusingFS is an in-memory file system that can refuse new files, as a
// data directory made read-only (chmod, a read-only remount) does; root
// would not be stopped by chmod, so the suite injects the error.
type refusingFS struct {
	vfs.FS
	refuse atomic.Pointer[syscall.Errno] // nil: files are created
}

func (f *refusingFS) Create(name string, c vfs.DiskWriteCategory) (vfs.File, error) {
	if e := f.refuse.Load(); e != nil {
		return nil, &os.PathError{Op: "open", Path: name, Err: *e}
	}
	return f.FS.Create(name, c)
}

// TestUnwritableDataDirOverSQL: with the data directory refusing new
// files, INSERT and a load (LOAD DATA's path) fail with MySQL's 3
// (EE_WRITE, SQLSTATE HY000) and change nothing — no panic in Pebble's
// log rotation — while SELECT 1, USE and reads answer; writes succeed
// again as soon as the directory accepts files, the store closes while
// it refuses them, and a restart finds every acknowledged row.
func TestUnwritableDataDirOverSQL(t *testing.T) {
	fs := &refusingFS{FS: vfs.NewMem()}
	d := kvOverFS(t, fs)
	load := func(from int) error {
		var csv strings.Builder
		for i := range 500 {
			fmt.Fprintf(&csv, "%d,value-%d\n", from+i, i)
		}
		_, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: "kv", Source: fmt.Sprintf("kv-%d.csv", from),
			Options: ingest.Options{Format: ingest.CSV}}, strings.NewReader(csv.String()))
		return loadError(err)
	}
	wantRefused := func(what string, err error) {
		t.Helper()
		if errCode(err) != erWrite {
			t.Fatalf("%s on an unwritable data directory: error %d (%v), want %d", what, errCode(err), err, erWrite)
		}
		if se := sql.CastSQLError(err); se.State != "HY000" {
			t.Errorf("%s: SQLSTATE of %v, want HY000", what, err)
		}
	}
	readsAnswer := func(count int) {
		t.Helper()
		d.check(step{q: "SELECT 1", want: rows(r(1))})
		d.exec("USE shop")
		d.check(step{q: "SELECT COUNT(*) FROM kv", want: rows(r(count))})
	}

	for _, e := range []syscall.Errno{syscall.EACCES, syscall.EROFS} {
		fs.refuse.Store(&e)
		_, err := d.query("INSERT INTO kv VALUES (3, 'c')")
		wantRefused("INSERT", err)
		wantRefused("a load", load(100))
		readsAnswer(2)
		fs.refuse.Store(nil)
	}
	d.exec("INSERT INTO kv VALUES (3, 'c')")
	if err := load(100); err != nil {
		t.Fatalf("a load once the directory accepts files: %v", err)
	}
	readsAnswer(503)

	e := syscall.EROFS
	fs.refuse.Store(&e)
	d.close() // returns while the directory refuses files
	fs.refuse.Store(nil)
	d.open()
	d.sess.SetCurrentDatabase("shop")
	readsAnswer(503)
}
