package harness

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestWriteUpsertFile: a day's file holds about a tenth of the contacts,
// each the original row but for a new e-mail address (prefixed with the
// day), the opt-in flipped and updated_at on that day; another day
// changes another tenth, and the same day and seed the same one.
func TestWriteUpsertFile(t *testing.T) {
	dir := t.TempDir()
	src := filepath.Join(dir, "customers.csv")
	var b strings.Builder
	b.WriteString("customer_id,email,email_opt_in,updated_at,city\n")
	orig := map[string][]string{}
	for i := 1; i <= 2000; i++ {
		id := itoa(i)
		email, opt := "c"+id+"@example.com", itoa(i%2)
		if i%100 == 0 {
			email = "" // no address: stays empty
		}
		b.WriteString(id + "," + email + "," + opt + ",2025-01-02 03:04:05,\"Den Haag, NL\"\n")
		orig[id] = []string{id, email, opt, "2025-01-02 03:04:05", "Den Haag, NL"}
	}
	if err := os.WriteFile(src, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	day := func(d int, seed uint64) map[string][]string {
		t.Helper()
		dst := filepath.Join(dir, "days", itoa(d)+".csv")
		n, err := WriteUpsertFile(src, dst, d, seed)
		if err != nil {
			t.Fatal(err)
		}
		recs := readAllCSV(t, dst)
		if !slices.Equal(recs[0], []string{"customer_id", "email", "email_opt_in", "updated_at", "city"}) {
			t.Fatalf("header %v", recs[0])
		}
		if int64(len(recs)-1) != n {
			t.Fatalf("day %d: %d records, WriteUpsertFile says %d", d, len(recs)-1, n)
		}
		if n < 150 || n > 250 { // 2000 / 10 = 200; binomial sd ≈ 13.4
			t.Errorf("day %d: %d of 2000 contacts, want about 200", d, n)
		}
		out := map[string][]string{}
		for _, rec := range recs[1:] {
			o := orig[rec[0]]
			want := []string{o[0], "", map[string]string{"0": "1", "1": "0"}[o[2]], "2026-07-0" + itoa(d) + " 08:00:00", o[4]}
			if o[1] != "" {
				want[1] = "d" + itoa(d) + "." + o[1]
			}
			if !slices.Equal(rec, want) {
				t.Errorf("day %d: %v, want %v", d, rec, want)
			}
			out[rec[0]] = rec
		}
		return out
	}
	d1, d2, again := day(1, 1), day(2, 1), day(1, 1)
	if len(again) != len(d1) {
		t.Errorf("day 1 twice: %d and %d contacts", len(d1), len(again))
	}
	for id := range d1 {
		if _, ok := again[id]; !ok {
			t.Errorf("day 1 twice: contact %s only once", id)
		}
	}
	same := 0
	for id := range d2 {
		if _, ok := d1[id]; ok {
			same++
		}
	}
	if same > len(d1)/4 { // independent tenths share about a tenth
		t.Errorf("days 1 and 2 share %d of %d contacts", same, len(d1))
	}
}

var itoa = strconv.Itoa

func readAllCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
