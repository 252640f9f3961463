package server

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unsafe"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/vitess/go/mysql"
)

// The tests of gms_internals.go: each fails, saying what stops working,
// when an upgrade of go-mysql-server or vitess changes what the file
// relies on.

// pinnedGMS are the versions gms_internals.go was written and checked
// against.
var pinnedGMS = map[string]string{
	"github.com/dolthub/go-mysql-server": "v0.20.0",
	"github.com/dolthub/vitess":          "v0.0.0-20250512224608-8fb9c6ea092c",
}

// TestGMSInternalsVersions fails on any other version of the two
// modules: the wrappers, fields and function names gms_internals.go uses
// are not part of their API, so an upgrade must re-check each (the other
// tests here check what can be checked mechanically) and then move the
// pin.
func TestGMSInternalsVersions(t *testing.T) {
	for path, want := range pinnedGMS {
		if got, _ := goModule(t, path); got != want {
			t.Errorf("%s is %s, gms_internals.go was written against %s: re-check every item its comment lists, then update pinnedGMS", path, got, want)
		}
	}
}

// goModule is the version of the module path the build uses and the
// directory of its source, as the go command reports them (a test
// binary's build info lists no dependencies).
func goModule(t *testing.T, path string) (version, dir string) {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to ask for module versions")
	}
	out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Version}} {{.Dir}}", path).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", path, err)
	}
	version, dir, _ = strings.Cut(strings.TrimSpace(string(out)), " ")
	return version, dir
}

// TestGMSIterWrappers: each wrapper GMS v0.20.0 puts around a statement's
// iterator (plan.TrackedRowIter for FOUND_ROWS and the process list,
// rowexec.TransactionCommittingIter, rowexec.ExprCloserIter) is looked
// through to the iterator it wraps, and only the tracking one is
// returned as tracked. TestBatchResultPathMatchesGMS checks that a real
// statement's wrappers are all among them (its batches are read).
func TestGMSIterWrappers(t *testing.T) {
	inner := sql.RowsToRowIter()
	tracked := plan.NewTrackedRowIter(plan.NewResolvedDualTable(), inner, nil, nil)
	cases := []struct {
		name        string
		wrapper     sql.RowIter
		wantTracked bool
	}{
		{"TrackedRowIter", tracked, true},
		{"TransactionCommittingIter", (&rowexec.TransactionCommittingIter{}).WithChildIter(inner), false},
		{"ExprCloserIter", (&rowexec.ExprCloserIter{}).WithChildIter(inner), false},
	}
	for _, c := range cases {
		got, tr, ok := unwrapGMSIter(c.wrapper)
		if !ok || got != inner {
			t.Errorf("%s: unwrapped to %T (ok %v), want the wrapped iterator", c.name, got, ok)
		}
		if (tr != nil) != c.wantTracked {
			t.Errorf("%s: tracked %v, want %v", c.name, tr != nil, c.wantTracked)
		}
	}
	if _, _, ok := unwrapGMSIter(inner); ok {
		t.Error("a plain iterator was unwrapped")
	}
}

// TestGMSConnFields: mysql.Conn still has the unexported sequence number
// and buffered writer gms_internals.go reaches by offset, and the
// accessors address exactly those fields. Without them the
// caching_sha2_password full authentication fails and errors in the
// middle of a result close the connection again.
func TestGMSConnFields(t *testing.T) {
	if connSeqOffset == noField {
		t.Fatal("vitess mysql.Conn lost its uint8 sequence field: caching_sha2_password full authentication cannot work")
	}
	if connBufOffset == noField {
		t.Fatal("vitess mysql.Conn lost its *bufio.Writer bufferedWriter field: errors mid-result close the connection")
	}
	var c mysql.Conn
	*connSeq(&c) = 7
	v := reflect.ValueOf(&c).Elem()
	if got := v.FieldByName("sequence").Uint(); got != 7 {
		t.Errorf("connSeq wrote 7, the sequence field holds %d", got)
	}
	bw := bufio.NewWriter(nil)
	*(**bufio.Writer)(unsafe.Pointer(v.FieldByName("bufferedWriter").UnsafeAddr())) = bw
	if connBufferedWriter(&c) != bw {
		t.Error("connBufferedWriter does not read the bufferedWriter field")
	}
}

// TestGMSConnCommandFn: vitess still runs each command of a connection in
// (*Conn).handleNextCommand, the frame onConnGoroutine looks for (else
// every prepared statement is taken for a cursor's, and an error in the
// middle of its result closes the connection).
func TestGMSConnCommandFn(t *testing.T) {
	_, dir := goModule(t, "github.com/dolthub/vitess")
	src, err := os.ReadFile(filepath.Join(dir, "go", "mysql", "conn.go"))
	if err != nil {
		t.Fatalf("read vitess's conn.go: %v", err)
	}
	pkg, fn, _ := strings.Cut(strings.TrimPrefix(connCommandFn, "github.com/dolthub/vitess/"), ".(*Conn).")
	if pkg != "go/mysql" || !strings.Contains(string(src), "func (c *Conn) "+fn+"(") {
		t.Errorf("vitess's go/mysql/conn.go has no func (c *Conn) %s: onConnGoroutine never finds %s", fn, connCommandFn)
	}
}
