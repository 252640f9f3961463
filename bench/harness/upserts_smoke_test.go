package harness_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cohortdb/cohortdb/bench/harness"
)

// TestUpsertsStep runs only the upserts-and-deletes step (-queries 'U*')
// on a tiny shop: every daily upsert load and GDPR delete is timed, the
// customers table stores the loaded contacts plus one row per upserted
// contact before compaction and the live contacts (the loaded ones less
// at most the deleted) after it, and the data dir is measured at each
// stage. It asserts nothing about time or size.
func TestUpsertsStep(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and starts cohortdb")
	}
	t.Parallel()
	dir := t.TempDir()
	var log strings.Builder
	const customers = 2000
	cfg := harness.Config{
		Scale: "upserts", Customers: customers, Seed: 1,
		DataDir: filepath.Join(dir, "data"), CohortBin: buildCohort(t),
		Systems: []string{"cohortdb"}, Queries: []string{"U*"}, SkipLoadOrder: true,
		Timeout: 30 * time.Second, WorkDir: dir, Log: &log,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	run, err := harness.Bench(ctx, cfg)
	t.Logf("harness log:\n%s", log.String())
	if err != nil {
		t.Fatal(err)
	}
	u := run.Upserts
	if u == nil || len(u.Days) != harness.UpsertDays || len(u.Deletes) != harness.GDPRDeletes {
		t.Fatalf("upserts step: %+v", u)
	}
	upserted := int64(0)
	for i, d := range u.Days {
		if d.Lines < customers/20 || d.Lines > customers/5 || d.Duration <= 0 {
			t.Errorf("day %d: %+v; want about a tenth of %d contacts, timed", i+1, d, customers)
		}
		if d.StoredRows != customers+upserted {
			t.Errorf("day %d: %d rows stored before, want %d", i+1, d.StoredRows, customers+upserted)
		}
		upserted += d.Lines
	}
	if u.DeletedRows == 0 || u.DiskLoaded <= 0 || u.DiskChanged <= 0 || u.DiskCompacted <= 0 || u.CSVBytes <= 0 {
		t.Errorf("deletes or disk not measured: %+v", u)
	}
	if len(u.Tables) != 3 || u.Tables[0].Table != "customers" {
		t.Fatalf("compaction_history rows: %+v", u.Tables)
	}
	c := u.Tables[0]
	if c.RowsBefore != customers+upserted || c.RowsAfter > customers || c.RowsAfter < customers-harness.GDPRDeletes {
		t.Errorf("customers compacted from %d to %d rows; want %d stored before, %d less at most %d deleted after",
			c.RowsBefore, c.RowsAfter, customers+upserted, customers, harness.GDPRDeletes)
	}
	if section := harness.Report(run, "test"); !strings.Contains(section, "| U1 7 |") || !strings.Contains(section, "U3 stage") {
		t.Errorf("report lacks the upserts tables:\n%s", section)
	}
}
