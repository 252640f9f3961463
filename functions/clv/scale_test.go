package clv_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
	"github.com/cohortdb/cohortdb/engine"
	"github.com/cohortdb/cohortdb/engine/ingest"
)

// TestScale measures CALL clv_fit, clv() and clv_evaluate on a generated
// shop of $CLV_SCALE customers (e.g. 1000000, the S2 scale) in an on-disk
// store. It only reports timings (no assertion on time) and is skipped
// unless CLV_SCALE is set (CLV_SCALE_PARETO=1 adds a Pareto/NBD fit):
//
//	CLV_SCALE=1000000 go test ./functions/clv -run TestScale -v -timeout 30m
func TestScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("CLV_SCALE"))
	if n <= 0 {
		t.Skip("set CLV_SCALE=<customers> to measure")
	}
	e, err := engine.Open(t.TempDir(), engine.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	s := &shop{t: t, e: e, sess: e.NewContext(context.Background()).Session}
	s.sess.SetCurrentDatabase("shop")
	var rates bytes.Buffer
	pr, pw := io.Pipe()
	go func() {
		_, err := gen.WriteTables(gen.Writers{Orders: pw, FxRates: &rates}, gen.Config{Customers: n, Seed: 1})
		pw.CloseWithError(err)
	}()
	start := time.Now()
	res, err := e.Load(s.ctx(), engine.LoadRequest{DB: "shop", Table: "orders", Source: "gen",
		Options: ingest.Options{Format: ingest.CSV, Header: true}}, pr)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated and loaded %d order lines in %v", res.RowsLoaded, time.Since(start))
	if _, err := e.Load(s.ctx(), engine.LoadRequest{DB: "shop", Table: "fx_rates", Source: "gen",
		Options: ingest.Options{Format: ingest.CSV, Header: true}}, &rates); err != nil {
		t.Fatal(err)
	}
	qs := []string{
		"CALL clv_fit()", // the default MBG/NBD, columns read cold
		"CALL clv_fit(NULL, 'mbgnbd')",
		"CALL clv_fit(NULL, 'bgnbd')",
		"CALL clv_fit(NULL, 'bgnbd', 'week')",
		"SELECT COUNT(*), SUM(high_value), AVG(p_alive), SUM(predicted_clv) FROM clv()",
		"SELECT COUNT(*) FROM clv(365, 0)",
		"SELECT * FROM clv_evaluate('2025-12-31', '2026-06-30')",
	}
	if os.Getenv("CLV_SCALE_PARETO") != "" { // minutes at 100 000 customers
		qs = append(qs, "CALL clv_fit(NULL, 'paretonbd')")
	}
	// Wall time depends on what else the machine runs; the process's CPU
	// time (all cores) does much less.
	for _, q := range qs {
		start, cpu := time.Now(), cpuTime()
		rows := s.mustQuery(q)
		if len(rows) > 4 {
			rows = rows[:4]
		}
		t.Logf("%-70s %8v wall %8v cpu  %v", q, time.Since(start).Round(time.Millisecond),
			(cpuTime() - cpu).Round(time.Millisecond), rows)
	}
}
