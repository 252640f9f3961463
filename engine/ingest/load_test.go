package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/cockroachdb/pebble/v2/vfs"
	"github.com/klauspost/compress/gzip"

	"github.com/cohortdb/cohortdb/storage"
)

func testTable(t *testing.T) (*storage.Store, *storage.Table, []Column) {
	t.Helper()
	s, err := storage.Open("db", storage.Options{FS: vfs.NewMem(), SegmentRows: 1000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	s.CreateDatabase("shop")
	tbl, err := s.CreateTable("shop", storage.TableDef{Name: "orders", PrimaryKey: []int{0},
		Columns: []storage.ColumnDef{
			{Name: "id", Kind: storage.KindInt},
			{Name: "ordered_at", Kind: storage.KindInt, Nullable: true},
			{Name: "amount", Kind: storage.KindInt, Nullable: true},
			{Name: "note", Kind: storage.KindBytes, Nullable: true},
		}})
	if err != nil {
		t.Fatal(err)
	}
	cols := []Column{
		{Name: "id", Parse: Int(64)},
		{Name: "ordered_at", Nullable: true, Parse: DateTime("")},
		{Name: "amount", Nullable: true, Parse: Decimal(10, 2)},
		{Name: "note", Nullable: true, Parse: String(20), Default: "none", HasDefault: true},
	}
	return s, tbl, cols
}

func csvFile(n int, bad map[int]string) string {
	var b strings.Builder
	b.WriteString("amount,id,ordered_at\n")
	for i := 1; i <= n; i++ {
		date := "2024-05-01 10:00:00"
		if s, ok := bad[i+1]; ok { // keyed by file line
			date = s
		}
		fmt.Fprintf(&b, "%d.50,%d,%s\n", i, i, date)
	}
	return b.String()
}

func count(t *testing.T, tbl *storage.Table) int64 { return tbl.Snapshot().RowCount() }

func TestRunLoadsByHeader(t *testing.T) {
	s, tbl, cols := testTable(t)
	res, err := Run(context.Background(), s, tbl, cols, strings.NewReader(csvFile(2500, nil)), Options{Format: CSV, Header: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRead != 2500 || res.RowsLoaded != 2500 || count(t, tbl) != 2500 {
		t.Fatalf("result %+v, table has %d", res, count(t, tbl))
	}
	id, ok, _ := tbl.Snapshot().LookupPK(storage.Row{int64(7)})
	r, _ := tbl.Snapshot().Get(id, nil)
	if !ok || r[2] != int64(750) || r[3] != "none" || r[1] != int64(1714557600000000) {
		t.Fatalf("row 7 = %v", r)
	}
}

func TestRunRejectsWholeFileNamingLine(t *testing.T) {
	s, tbl, cols := testTable(t)
	if _, err := Run(context.Background(), s, tbl, cols, strings.NewReader(csvFile(10, nil)), Options{Format: CSV, Header: true}); err != nil {
		t.Fatal(err)
	}
	in := csvFile(6000, map[int]string{4711: "2024-02-30 10:00:00"})
	_, err := Run(context.Background(), s, tbl, cols, strings.NewReader(in), Options{Format: CSV, Header: true})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("got %v, want RejectedError", err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "line 4711, column ordered_at") || !strings.Contains(msg, "nothing was stored") {
		t.Fatalf("message does not name line 4711: %s", msg)
	}
	if count(t, tbl) != 10 {
		t.Fatalf("table has %d rows after a rejected load, want 10", count(t, tbl))
	}
}

func TestRunIgnoreSkipsBadRows(t *testing.T) {
	s, tbl, cols := testTable(t)
	in := csvFile(100, map[int]string{5: "nope", 50: "2024-01-01 25:00:00"})
	res, err := Run(context.Background(), s, tbl, cols, strings.NewReader(in), Options{Format: CSV, Header: true, Ignore: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.RowsRejected != 2 || res.RowsLoaded != 98 || len(res.Errors) != 2 || res.Errors[0].Line != 5 {
		t.Fatalf("result %+v", res)
	}
}

func TestRunErrors(t *testing.T) {
	tests := []struct {
		name, in string
		opts     Options
		want     string
	}{
		{"unknown header field", "id,colour\n1,red\n", Options{Format: CSV, Header: true}, `field "colour" is not a column`},
		{"missing not null column", "amount\n1\n", Options{Format: CSV, Header: true}, "no field for column id"},
		{"field count", "id,amount\n1,2,3\n", Options{Format: CSV, Header: true}, "line 2: has 3 fields, expected 2"},
		{"null in not null", "id,amount\n,2\n", Options{Format: CSV, Header: true}, "line 2, column id: NULL"},
		{"duplicate key in file", "id\n1\n1\n", Options{Format: CSV, Header: true}, "line 3: duplicate primary key"},
		{"bad quoting", "id\n\"1\n", Options{Format: CSV, Header: true}, "unterminated quoted field"},
		{"empty file", "", Options{Format: CSV, Header: true}, "no header line"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, tbl, cols := testTable(t)
			_, err := Run(context.Background(), s, tbl, cols, strings.NewReader(tc.in), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want an error containing %q", err, tc.want)
			}
			if count(t, tbl) != 0 {
				t.Fatal("rows stored by a failed load")
			}
		})
	}
}

func TestDecompressSniffsGzip(t *testing.T) {
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(csvFile(3, nil)))
	zw.Close()
	r, done, err := Decompress(&b)
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	s, tbl, cols := testTable(t)
	if _, err := Run(context.Background(), s, tbl, cols, r, Options{Format: CSV, Header: true}); err != nil || count(t, tbl) != 3 {
		t.Fatalf("gzip load: %v, %d rows", err, count(t, tbl))
	}
}
