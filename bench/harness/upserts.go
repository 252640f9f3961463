package harness

import (
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/cmd/cohortdb/gen"
)

// Upserts and deletes at scale (issue 22 item 3). A shop's CRM exports
// the contacts that changed each day — a tenth of them — and the feed
// loads them with LOAD DATA ... REPLACE INTO TABLE customers, an upsert by
// primary key that leaves each replaced row behind as a deleted one; a
// GDPR request deletes one contact's rows from events, orders and
// customers. Both must stay cheap as the table grows, and compaction must
// reclaim the replaced and deleted rows' space: on disk at most 0.3× the
// CSV afterwards.
//
// A fresh cohortdb loads orders, customers, products and events, then
// UpsertDays daily upsert files, then deletes GDPRDeletes contacts, then
// compacts the three tables with OPTIMIZE TABLE. The data dir is measured
// after a clean shutdown at each stage, so the write-ahead log does not
// count and every byte is one the store keeps.

// upsertIDs select the step in -queries: U1 the daily upsert loads, U2
// the GDPR deletes, U3 the bytes on disk after compaction.
var upsertIDs = []string{"U1", "U2", "U3"}

const (
	// UpsertDays is the number of daily upsert files loaded.
	UpsertDays = 7
	// upsertEvery: one contact in upsertEvery is in a day's file.
	upsertEvery = 10
	// GDPRDeletes is the number of contacts deleted.
	GDPRDeletes = 20
	// diskTarget is issue 22's bound on bytes on disk after compaction
	// over the loaded CSVs' bytes.
	diskTarget = 0.30
)

// UpsertRun is what the step measured.
type UpsertRun struct {
	Days []UpsertDay
	// Deletes is the time to delete each contact's rows (events, orders,
	// customers: three autocommit DELETEs), in the order run.
	Deletes     []time.Duration
	DeletedRows int64
	// CSVBytes are the loaded CSVs' bytes (orders, customers, products,
	// events): the data kept is that, less the deleted contacts, with
	// the upserted contacts' changes.
	CSVBytes int64
	// Data dir bytes after a clean shutdown: after the loads, after the
	// upserts and deletes, after OPTIMIZE TABLE of the three tables, and
	// after the server was started and stopped once more (opening a
	// store deletes the chunks no segment names any more).
	DiskLoaded, DiskChanged, DiskCompacted, DiskReopened int64
	Optimize                                             time.Duration // the three OPTIMIZE TABLEs
	// Tables are the encoded bytes compaction_history reports per table.
	Tables []TableCompaction
}

// UpsertDay is one daily upsert load.
type UpsertDay struct {
	StoredRows int64 // customers rows stored before the load: live and replaced
	Lines      int64 // contacts in the file
	Duration   time.Duration
}

// TableCompaction is one table's row of compaction_history.
type TableCompaction struct {
	Table                   string
	RowsBefore, RowsAfter   int64
	BytesBefore, BytesAfter int64
}

// upserts reports whether this run measures upserts and deletes (they
// need cohortdb and the customers and events tables).
func (r *Run) upserts() bool {
	return !r.Config.SkipUpserts && r.extraTablesAllowed() && slices.ContainsFunc(upsertIDs, r.selected)
}

// runUpserts measures upserts, deletes and compaction on a fresh
// cohortdb; a failure is listed and the run goes on.
func (r *Run) runUpserts(ctx context.Context) {
	dir, err := os.MkdirTemp(r.workDir(), "cohortdb-upserts-")
	if err == nil {
		defer os.RemoveAll(dir)
		r.Upserts = &UpsertRun{}
		err = r.measureUpserts(ctx, r.Upserts, dir)
	}
	if err != nil {
		r.Failures = append(r.Failures, "upserts and deletes: "+err.Error())
	}
}

func (r *Run) measureUpserts(ctx context.Context, u *UpsertRun, dir string) error {
	dataDir := filepath.Join(dir, "data")
	stage := func(work func(c *Cohort) error) (int64, error) {
		c, err := StartCohort(ctx, r.Config.CohortBin, dataDir, r.Config.Timeout)
		if err != nil {
			return 0, err
		}
		err = work(c)
		if stopErr := c.Stop(); err == nil {
			err = stopErr
		}
		if err != nil {
			return 0, err
		}
		return dirBytes(dataDir)
	}
	var err error
	if u.DiskLoaded, err = stage(func(c *Cohort) error { return r.loadAllTables(ctx, c, u) }); err != nil {
		return err
	}
	u.DiskChanged, err = stage(func(c *Cohort) error {
		if err := r.loadUpserts(ctx, c, u, filepath.Join(dir, "days")); err != nil {
			return err
		}
		return r.deleteContacts(ctx, c, u)
	})
	if err != nil {
		return err
	}
	if u.DiskCompacted, err = stage(func(c *Cohort) error { return r.compactAll(ctx, c, u) }); err != nil {
		return err
	}
	if u.DiskReopened, err = stage(func(*Cohort) error { return nil }); err != nil {
		return err
	}
	r.logf("%-10s on disk: %d bytes loaded, %d after upserts and deletes, %d after OPTIMIZE TABLE, %d after a restart (%.2f× the CSVs' %d)",
		"cohortdb", u.DiskLoaded, u.DiskChanged, u.DiskCompacted, u.DiskReopened, float64(u.DiskReopened)/float64(u.CSVBytes), u.CSVBytes)
	return nil
}

// loadAllTables loads orders (with the exchange rates) and the extra
// tables, adding up their CSVs' bytes.
func (r *Run) loadAllTables(ctx context.Context, c *Cohort, u *UpsertRun) error {
	if _, err := c.Load(ctx, r.Data.OrdersCSV()); err != nil {
		return err
	}
	if err := r.loadExtraCohort(ctx, c); err != nil {
		return err
	}
	for _, f := range []string{gen.OrdersFile, gen.CustomersFile, gen.ProductsFile, gen.EventsFile} {
		fi, err := os.Stat(filepath.Join(r.Data.Dir, f))
		if err != nil {
			return err
		}
		u.CSVBytes += fi.Size()
	}
	return nil
}

// loadUpserts writes and loads the daily upsert files, timing each load.
func (r *Run) loadUpserts(ctx context.Context, c *Cohort, u *UpsertRun, dir string) error {
	src := filepath.Join(r.Data.Dir, gen.CustomersFile)
	cols, err := csvHeader(src)
	if err != nil {
		return err
	}
	stored := int64(r.Data.Customers)
	for day := 1; day <= UpsertDays; day++ {
		path := filepath.Join(dir, fmt.Sprintf("customers-%02d.csv", day))
		n, err := WriteUpsertFile(src, path, day, r.Config.Seed)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		start := time.Now()
		if _, err := c.DB().ExecContext(ctx, replaceDataTable(path, "customers", cols)); err != nil {
			return fmt.Errorf("upsert %s: %w", path, err)
		}
		d := UpsertDay{StoredRows: stored, Lines: n, Duration: time.Since(start)}
		u.Days = append(u.Days, d)
		stored += n
		os.Remove(path)
		r.logf("%-10s U1  day %d: %d contacts upserted into %d stored rows in %v", "cohortdb", day, n, d.StoredRows, d.Duration.Round(time.Millisecond))
	}
	return nil
}

// replaceDataTable is the upsert LOAD DATA of a generated CSV.
func replaceDataTable(path, table string, cols []string) string {
	return strings.Replace(loadDataTable(path, table, cols), "' INTO TABLE ", "' REPLACE INTO TABLE ", 1)
}

// WriteUpsertFile writes dst: the contacts of the customers CSV src that
// change on day (one in upsertEvery, chosen at random, seeded by seed and
// day), each with a new e-mail address, the opt-in flipped and updated_at
// on that day. It returns the number of contacts written.
func WriteUpsertFile(src, dst string, day int, seed uint64) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return 0, err
	}
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	rd, w := csv.NewReader(in), csv.NewWriter(out)
	rd.ReuseRecord = true
	n, err := copyUpserts(rd, w, day, rand.New(rand.NewPCG(seed, uint64(day))))
	w.Flush()
	if err == nil {
		err = w.Error()
	}
	if closeErr := out.Close(); err == nil {
		err = closeErr
	}
	return n, err
}

func copyUpserts(rd *csv.Reader, w *csv.Writer, day int, rng *rand.Rand) (int64, error) {
	header, err := rd.Read()
	if err != nil {
		return 0, err
	}
	header = slices.Clone(header)
	email, optIn, updated := slices.Index(header, "email"), slices.Index(header, "email_opt_in"), slices.Index(header, "updated_at")
	if email < 0 || optIn < 0 || updated < 0 {
		return 0, fmt.Errorf("customers header %v lacks email, email_opt_in or updated_at", header)
	}
	if err := w.Write(header); err != nil {
		return 0, err
	}
	at := time.Date(2026, 7, day, 8, 0, 0, 0, time.UTC).Format(time.DateTime)
	var n int64
	for {
		rec, err := rd.Read()
		if err == io.EOF {
			return n, nil
		}
		if err != nil {
			return n, err
		}
		if rng.IntN(upsertEvery) != 0 {
			continue
		}
		if rec[email] != "" {
			rec[email] = "d" + strconv.Itoa(day) + "." + rec[email]
		}
		rec[optIn] = map[string]string{"0": "1", "1": "0"}[rec[optIn]]
		rec[updated] = at
		if err := w.Write(rec); err != nil {
			return n, err
		}
		n++
	}
}

// deleteContacts deletes GDPRDeletes contacts' rows (chosen at random,
// seeded), timing each contact.
func (r *Run) deleteContacts(ctx context.Context, c *Cohort, u *UpsertRun) error {
	rng := rand.New(rand.NewPCG(r.Config.Seed, 22))
	for i := 0; i < GDPRDeletes; i++ {
		id := 1 + rng.Int64N(int64(r.Data.Customers))
		start := time.Now()
		for _, t := range []string{"events", "orders", "customers"} {
			res, err := c.DB().ExecContext(ctx, "DELETE FROM "+t+" WHERE customer_id = ?", id)
			if err != nil {
				return fmt.Errorf("GDPR delete of customer %d from %s: %w", id, t, err)
			}
			n, _ := res.RowsAffected()
			u.DeletedRows += n
		}
		u.Deletes = append(u.Deletes, time.Since(start))
	}
	r.logf("%-10s U2  %d contacts deleted (%d rows): median %v, slowest %v", "cohortdb", len(u.Deletes), u.DeletedRows,
		median(u.Deletes).Round(time.Microsecond), slices.Max(u.Deletes).Round(time.Microsecond))
	return nil
}

// compactAll runs OPTIMIZE TABLE on the changed tables and reads their
// compaction_history rows.
func (r *Run) compactAll(ctx context.Context, c *Cohort, u *UpsertRun) error {
	tables := []string{"customers", "orders", "events"}
	start := time.Now()
	for _, t := range tables {
		if err := optimize(ctx, c.DB(), t); err != nil {
			return err
		}
	}
	u.Optimize = time.Since(start)
	for _, t := range tables {
		tc, err := lastCompaction(ctx, c.DB(), t)
		if err != nil {
			return err
		}
		u.Tables = append(u.Tables, tc)
	}
	return nil
}

// lastCompaction reads table's newest compaction_history row.
func lastCompaction(ctx context.Context, db *sql.DB, table string) (TableCompaction, error) {
	tc := TableCompaction{Table: table}
	err := db.QueryRowContext(ctx, "SELECT rows_before, rows_after, bytes_before, bytes_after FROM compaction_history "+
		"WHERE `table` = ? AND status = 'ok' ORDER BY id DESC LIMIT 1", table).
		Scan(&tc.RowsBefore, &tc.RowsAfter, &tc.BytesBefore, &tc.BytesAfter)
	if err != nil {
		return tc, fmt.Errorf("compaction_history of %s: %w", table, err)
	}
	return tc, nil
}
