package engine

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// The tests of gms_internals.go: each fails, saying what stops working,
// when an upgrade of go-mysql-server changes what the engine relies on.

// pinnedGMS is the go-mysql-server version gms_internals.go was written
// and checked against.
const pinnedGMS = "v0.20.0"

// TestGMSInternalsVersions fails on any other version of go-mysql-server:
// what gms_internals.go relies on is not part of its API, so an upgrade
// must re-check each item its comment lists (the other tests here check
// what can be checked mechanically) and then move the pin.
func TestGMSInternalsVersions(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to ask for the module version")
	}
	out, err := exec.Command(goBin, "list", "-m", "-f", "{{.Version}}", "github.com/dolthub/go-mysql-server").Output()
	if err != nil {
		t.Fatalf("go list -m go-mysql-server: %v", err)
	}
	if got := strings.TrimSpace(string(out)); got != pinnedGMS {
		t.Errorf("go-mysql-server is %s, gms_internals.go was written against %s: re-check every item its comment lists, then update pinnedGMS", got, pinnedGMS)
	}
}

// recordingOverride counts the override builder's calls per node; for the
// first call on a *plan.Values it hands the node itself to the base
// builder, as buildCharged and buildAccounted do.
type recordingOverride struct {
	base  sql.NodeExecBuilder
	calls map[sql.Node]int
}

func (r *recordingOverride) Build(ctx *sql.Context, n sql.Node, row sql.Row) (sql.RowIter, error) {
	r.calls[n]++
	if _, ok := n.(*plan.Values); ok && r.calls[n] == 1 {
		return r.base.Build(ctx, n, row)
	}
	return nil, nil
}

func newRecordingBuilder() (*recordingOverride, sql.NodeExecBuilder) {
	r := &recordingOverride{calls: map[sql.Node]int{}}
	r.base = rowexec.NewOverrideBuilder(r)
	return r, r.base
}

func int64Values(vals ...int64) *plan.Values {
	tuples := make([][]sql.Expression, len(vals))
	for i, v := range vals {
		tuples[i] = []sql.Expression{expression.NewLiteral(v, types.Int64)}
	}
	return plan.NewValues(tuples)
}

func drain(t *testing.T, ctx *sql.Context, it sql.RowIter) []sql.Row {
	t.Helper()
	rows, err := sql.RowIterToRows(ctx, it)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestGMSOverrideBuilder: the base builder asks the override first,
// builds the node itself on (nil, nil), and asks the override again for
// a node the override hands to it — the second pass chargedAlready and
// gmsBuildsLookup recognise. If GMS stopped asking again, memory.go's
// wrappers would be skipped (nothing charged); if it stopped building on
// (nil, nil), every statement would fail.
func TestGMSOverrideBuilder(t *testing.T) {
	ctx := sql.NewEmptyContext()
	r, b := newRecordingBuilder()
	v := int64Values(1, 2)
	it, err := b.Build(ctx, v, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rows := drain(t, ctx, it); len(rows) != 2 || rows[0][0] != int64(1) || rows[1][0] != int64(2) {
		t.Errorf("GMS built %v from VALUES (1), (2) after the override's (nil, nil)", rows)
	}
	if r.calls[v] != 2 {
		t.Errorf("the override was asked %d times for the node it handed to the base builder, want 2 (once from outside, once from the base builder)", r.calls[v])
	}
}

// TestGMSHashLookup: a HashLookup's Lookup is nil until its build side
// has been read to the end, and building the node while it is nil reads
// the child again; once set, a build answers the probe row's key from it
// without reading the child.
func TestGMSHashLookup(t *testing.T) {
	ctx := sql.NewEmptyContext()
	r, b := newRecordingBuilder()
	child := int64Values(1, 2, 2)
	key := expression.NewGetField(0, types.Int64, "a", false)
	n := plan.NewHashLookup(child, key, key, plan.JoinTypeInner)
	it, err := b.Build(ctx, n, nil)
	if err != nil {
		t.Fatal(err)
	}
	if lookupBuilt(n) {
		t.Fatal("Lookup set before the build side was read")
	}
	if _, err := it.Next(ctx); err != nil {
		t.Fatal(err)
	}
	if lookupBuilt(n) {
		t.Fatal("Lookup set before the build side was read to its end")
	}
	drain(t, ctx, it)
	if !lookupBuilt(n) {
		t.Fatal("Lookup still nil after the build side was read to its end: memory.go would charge every probe's build")
	}
	reads := r.calls[child]
	it, err = b.Build(ctx, n, sql.Row{int64(2)})
	if err != nil {
		t.Fatal(err)
	}
	if rows := drain(t, ctx, it); len(rows) != 2 {
		t.Errorf("probe of key 2 answered %v, want its two build rows", rows)
	}
	if r.calls[child] != reads {
		t.Error("a built HashLookup read its child again")
	}
}

// TestGMSBuildsLookupMark: gmsBuildsLookup tells GMS's own build of a
// HashLookup (the context whileGMSBuildsLookup marked) from any other,
// for that node only.
func TestGMSBuildsLookupMark(t *testing.T) {
	ctx := sql.NewEmptyContext()
	a := plan.NewHashLookup(int64Values(1), nil, nil, plan.JoinTypeInner)
	b := plan.NewHashLookup(int64Values(1), nil, nil, plan.JoinTypeInner)
	marked := whileGMSBuildsLookup(ctx, a)
	cases := []struct {
		ctx  *sql.Context
		n    *plan.HashLookup
		want bool
	}{{ctx, a, false}, {marked, a, true}, {marked, b, false}}
	for i, c := range cases {
		if got := gmsBuildsLookup(c.ctx, c.n); got != c.want {
			t.Errorf("case %d: gmsBuildsLookup = %v, want %v", i, got, c.want)
		}
	}
}
