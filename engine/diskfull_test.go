package engine

import (
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"

	"github.com/cohortdb/cohortdb/engine/ingest"
)

// spaceFS is an in-memory file system whose free space the test sets (of
// 1 TiB, so the store's default reserve is its 256 MiB maximum).
type spaceFS struct {
	vfs.FS
	avail atomic.Uint64
}

func (f *spaceFS) GetDiskUsage(string) (vfs.DiskUsage, error) {
	a := f.avail.Load()
	return vfs.DiskUsage{AvailBytes: a, TotalBytes: 1 << 40, UsedBytes: 1<<40 - a}, nil
}

// TestDiskFullOverSQL: a write that cannot be made durable fails with
// 1021 and leaves the data as it was; reads carry on; a load that fails
// so is recorded in load_history (a small write, which may use half the
// reserve); writes succeed again once space is back.
func TestDiskFullOverSQL(t *testing.T) {
	fs := &spaceFS{FS: vfs.NewMem()}
	fs.avail.Store(1 << 40)
	d := kvOverFS(t, fs)

	fs.avail.Store(0)
	for _, q := range []string{"INSERT INTO kv VALUES (3, 'c')", "UPDATE kv SET v = 'z'", "DELETE FROM kv", "CREATE TABLE kv2 (a INT)"} {
		_, err := d.query(q)
		if got := errCode(err); got != erDiskFull {
			t.Fatalf("%s on a full disk: error %d (%v), want %d", q, got, err, erDiskFull)
		}
	}
	d.check(step{q: "SELECT k, v FROM kv ORDER BY k", want: rows(r(1, "a"), r(2, "b"))})

	fs.avail.Store(200 << 20) // below the reserve, above half of it
	var csv strings.Builder
	for i := range 5000 {
		fmt.Fprintf(&csv, "%d,value-%d\n", 100+i, i)
	}
	_, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: "kv", Source: "kv.csv",
		Options: ingest.Options{Format: ingest.CSV}}, strings.NewReader(csv.String()))
	if got := errCode(loadError(err)); got != erDiskFull {
		t.Fatalf("load on a full disk: error %d (%v), want %d", got, err, erDiskFull)
	}
	d.check(step{q: "SELECT status, message LIKE 'Disk full%' FROM load_history WHERE source = 'kv.csv'", want: rows(r("failed", true))})
	d.check(step{q: "SELECT COUNT(*) FROM kv", want: rows(r(2))})

	fs.avail.Store(1 << 40)
	d.exec("INSERT INTO kv VALUES (3, 'c')")
	if _, err := d.e.Load(d.ctx(), LoadRequest{DB: "shop", Table: "kv", Source: "kv.csv",
		Options: ingest.Options{Format: ingest.CSV}}, strings.NewReader(csv.String())); err != nil {
		t.Fatalf("load once space is back: %v", err)
	}
	d.check(step{q: "SELECT COUNT(*) FROM kv", want: rows(r(5003))})
}

// kvOverFS opens a store on fs with shop.kv holding rows 1 and 2: the
// fault tests' common start.
func kvOverFS(t *testing.T, fs vfs.FS) *testDB {
	d := &testDB{t: t, fs: fs}
	d.open()
	t.Cleanup(func() { d.close() })
	if _, err := d.e.EnsureCanonical(d.ctx()); err != nil {
		t.Fatal(err)
	}
	d.sess.SetCurrentDatabase("shop")
	d.exec("CREATE TABLE kv (k INT PRIMARY KEY, v VARCHAR(20))")
	d.exec("INSERT INTO kv VALUES (1, 'a'), (2, 'b')")
	return d
}
