package gmssuite

import (
	"context"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	gmstest "github.com/dolthub/go-mysql-server/enginetest"
	"github.com/dolthub/go-mysql-server/enginetest/scriptgen/setup"
	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/storage"
)

// harness is a gmstest.Harness over a fresh in-memory cohortdb engine
// per NewEngine call.
type harness struct {
	t     *testing.T
	setup []setup.SetupScript
	cur   *engine.Engine
	skip  *skipList
}

var (
	_ gmstest.Harness         = (*harness)(nil)
	_ gmstest.SkippingHarness = (*harness)(nil)
)

func newHarness(t *testing.T) *harness {
	return &harness{t: t, skip: loadSkips(t)}
}

func (h *harness) Setup(s ...[]setup.SetupScript) {
	h.setup = nil
	for _, x := range s {
		h.setup = append(h.setup, x...)
	}
}

// SkipQueryTest skips the statements listed in testdata/skip.txt and
// notes every statement it is asked about, so that a recording run can
// map failed subtests back to statements.
func (h *harness) SkipQueryTest(q string) bool { return h.skip.skips(q) }

func (h *harness) open() *engine.Engine {
	e, err := engine.Open("data", engine.Options{Store: storage.Options{FS: vfs.NewMem(), SegmentRows: 1024}})
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { _ = e.Close() })
	h.cur = e
	return e
}

func (h *harness) NewContext() *sql.Context {
	if h.cur == nil {
		h.open()
	}
	return h.cur.NewContext(context.Background())
}

// NewEngine opens a fresh engine and runs the suite's setup scripts on
// it. A setup statement cohortdb rejects (multi-column or UNIQUE
// secondary indexes, foreign keys) is logged and left out rather than
// failing the whole suite: the statements that need it fail on their own
// and are listed in skip.txt.
func (h *harness) NewEngine(t *testing.T) (gmstest.QueryEngine, error) {
	e := h.open()
	ctx := gmstest.NewContext(h)
	scripts := h.setup
	if len(scripts) == 0 {
		scripts = setup.MydbData
	}
	for _, script := range scripts {
		for _, q := range script {
			_, iter, _, err := e.SQL().Query(ctx.WithQuery(q), q)
			if err == nil {
				_, err = sql.RowIterToRows(ctx, iter)
			}
			if err != nil {
				t.Logf("setup statement left out: %.100s: %v", q, err)
			}
		}
	}
	return e.SQL(), nil
}
