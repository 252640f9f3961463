package harness

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// writeUpserts renders the upserts-and-deletes step (upserts.go).
func (r *Run) writeUpserts(b *strings.Builder) {
	u := r.Upserts
	if u == nil || len(u.Days) == 0 {
		return
	}
	fmt.Fprintf(b, "\nUpserts and deletes (issue 22 item 3; `-queries 'U*'` runs only this): a fresh cohortdb loads orders, customers, products and events (%d bytes of CSV), then %d daily files of changed contacts — a tenth of them each, chosen at random: new e-mail, opt-in flipped, updated_at that day — each one `LOAD DATA LOCAL INFILE ... REPLACE INTO TABLE customers` (an upsert by primary key: the replaced row stays stored, deleted, until compaction); then deletes %d random contacts' rows (`DELETE FROM events|orders|customers WHERE customer_id = ?`, three autocommit statements a contact); then `OPTIMIZE TABLE customers, orders, events` one at a time. The data dir is measured after a clean shutdown at each stage.\n\n",
		u.CSVBytes, len(u.Days), GDPRDeletes)
	b.WriteString("| upsert day | customers rows stored before (live + replaced) | contacts upserted | time | contacts/s |\n|---:|---:|---:|---:|---:|\n")
	for i, d := range u.Days {
		fmt.Fprintf(b, "| U1 %d | %d | %d | %s | %.0f |\n", i+1, d.StoredRows, d.Lines, ms(d.Duration), float64(d.Lines)/d.Duration.Seconds())
	}
	first, last := u.Days[0], u.Days[len(u.Days)-1]
	fmt.Fprintf(b, "\nThe last day's load took %.2f× the first's with %.2f× the rows stored: its cost follows the day, not the table, when this stays near 1.\n",
		last.Duration.Seconds()/first.Duration.Seconds(), float64(last.StoredRows)/float64(first.StoredRows))
	if len(u.Deletes) > 0 {
		fmt.Fprintf(b, "\nU2 GDPR deletes: %d contacts, %d rows in all; per contact median %s, slowest %s.\n",
			len(u.Deletes), u.DeletedRows, ms(median(u.Deletes)), ms(slices.Max(u.Deletes)))
	}
	r.writeUpsertDisk(b, u)
}

func (r *Run) writeUpsertDisk(b *strings.Builder, u *UpsertRun) {
	if u.DiskCompacted == 0 {
		return
	}
	ratio := func(n int64) string { return fmt.Sprintf("%.2f", float64(n)/float64(u.CSVBytes)) }
	b.WriteString("\n| U3 stage | bytes on disk | × the CSVs |\n|---|---:|---:|\n")
	fmt.Fprintf(b, "| loaded | %d | %s |\n", u.DiskLoaded, ratio(u.DiskLoaded))
	fmt.Fprintf(b, "| after the upserts and deletes | %d | %s |\n", u.DiskChanged, ratio(u.DiskChanged))
	fmt.Fprintf(b, "| after OPTIMIZE TABLE (%s for the three) | %d | %s |\n", u.Optimize.Round(time.Millisecond), u.DiskCompacted, ratio(u.DiskCompacted))
	if u.DiskReopened > 0 {
		fmt.Fprintf(b, "| after one more start and stop | %d | %s |\n", u.DiskReopened, ratio(u.DiskReopened))
	}
	met := float64(u.DiskCompacted) <= diskTarget*float64(u.CSVBytes)
	fmt.Fprintf(b, "\nIssue 22's target, on disk ≤ %.2f× the CSV after compaction (the clean shutdown after OPTIMIZE TABLE): %s.\n", diskTarget, yesNo(true, met))
	if len(u.Tables) == 0 {
		return
	}
	b.WriteString("\n| table | rows stored before | rows after | encoded bytes before | after |\n|---|---:|---:|---:|---:|\n")
	for _, t := range u.Tables {
		fmt.Fprintf(b, "| %s | %d | %d | %d | %d |\n", t.Table, t.RowsBefore, t.RowsAfter, t.BytesBefore, t.BytesAfter)
	}
	b.WriteString("\n(encoded bytes: compaction_history's, the table's segments as stored; the data dir adds Pebble's keys, indexes and metadata.)\n")
}
