package harness

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// TestSplitByDay: the daily files hold every line of orders.csv once, each
// file in ordered_at order and every file's lines no later than the next
// file's.
func TestSplitByDay(t *testing.T) {
	dir := t.TempDir()
	out, err := os.Create(filepath.Join(dir, "orders.csv"))
	if err != nil {
		t.Fatal(err)
	}
	st, err := gen.WriteTables(gen.Writers{Orders: out}, gen.Config{Customers: 300, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	out.Close()
	files, err := SplitByDay(filepath.Join(dir, "orders.csv"), filepath.Join(dir, "days"), 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 5 || len(files) > 7 {
		t.Fatalf("%d files", len(files))
	}
	var all []string
	prev := ""
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil {
			t.Fatal(err)
		}
		at := slices.Index(recs[0], "ordered_at")
		for _, rec := range recs[1:] {
			if rec[at] < prev {
				t.Fatalf("%s: %s after %s", f, rec[at], prev)
			}
			prev = rec[at]
			all = append(all, strings.Join(rec, ","))
		}
	}
	if int64(len(all)) != st.OrderLines {
		t.Fatalf("%d lines in the daily files, orders.csv has %d", len(all), st.OrderLines)
	}
	slices.Sort(all)
	if len(slices.Compact(all)) != len(all) {
		t.Fatal("a line was written twice")
	}
}
