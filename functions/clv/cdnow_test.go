package clv

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// CDNOW loader for the tests: the data live outside the repository, in
// ../shared/data/cdnow relative to the directory holding go.mod.

// cdnowDir returns the CDNOW data directory, skipping the test if absent.
func cdnowDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	data := filepath.Join(dir, "..", "shared", "data", "cdnow")
	if _, err := os.Stat(data); err != nil {
		t.Skipf("CDNOW data not available: %v", err)
	}
	return data
}

// readFields returns the fields of each non-empty line of a CDNOW file,
// split on sep ("" for whitespace), skipping the first line if header.
func readFields(t testing.TB, name, sep string, header bool) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join(cdnowDir(t), name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text()) // also drops the CR of CRLF
		if header {
			header = false
			continue
		}
		if line == "" {
			continue
		}
		if sep == "" {
			rows = append(rows, strings.Fields(line))
		} else {
			rows = append(rows, strings.Split(line, sep))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return rows
}

func parseFloat(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func parseInt(t testing.TB, s string) int64 {
	t.Helper()
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// publishedCustomer is one row of cdnow_customers_summary_with_transactions.csv.
type publishedCustomer struct {
	ID int64
	Summary
	Zbar float64
}

// loadPublishedSummary reads cdnow_customers_summary.csv (ID, frequency,
// recency, T in weeks).
func loadPublishedSummary(t testing.TB) []publishedCustomer {
	var out []publishedCustomer
	for _, r := range readFields(t, "cdnow_customers_summary.csv", ",", true) {
		out = append(out, publishedCustomer{ID: parseInt(t, r[0]), Summary: Summary{
			X: parseFloat(t, r[1]), Tx: parseFloat(t, r[2]), T: parseFloat(t, r[3]),
		}})
	}
	return out
}

// loadPublishedWithTransactions reads
// cdnow_customers_summary_with_transactions.csv (ID, x, t_x, T, zbar).
func loadPublishedWithTransactions(t testing.TB) []publishedCustomer {
	var out []publishedCustomer
	for _, r := range readFields(t, "cdnow_customers_summary_with_transactions.csv", ",", true) {
		out = append(out, publishedCustomer{ID: parseInt(t, r[0]), Summary: Summary{
			X: parseFloat(t, r[1]), Tx: parseFloat(t, r[2]), T: parseFloat(t, r[3]),
		}, Zbar: parseFloat(t, r[4])})
	}
	return out
}

// cdnowCalibrationEnd is 1997-09-30, the end of the 39-week calibration.
var cdnowCalibrationEnd = dayNumber(1997, time.September, 30)

func dayNumber(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// loadSampleOrders reads CDNOW_sample.txt (customer_id, master_id,
// YYYYMMDD, number_of_cds, dollar_value) as order columns keyed by the
// sample's customer_id (1..2357 in the published summaries), in file order.
func loadSampleOrders(t testing.TB) (ids, days []int64, values []float64) {
	for _, r := range readFields(t, "CDNOW_sample.txt", "", false) {
		date, err := time.Parse("20060102", r[2])
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, parseInt(t, r[1]))
		days = append(days, date.Unix()/86400)
		values = append(values, parseFloat(t, r[4]))
	}
	return ids, days, values
}
