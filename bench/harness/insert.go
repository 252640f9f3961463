package harness

import (
	"context"
	"database/sql"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// ordersQuoted says which orders.csv columns are SQL strings (quoted in
// an INSERT); the others are numbers written as they are.
var ordersQuoted = [15]bool{3: true, 8: true, 9: true, 10: true, 12: true, 13: true, 14: true}

// insertCSV loads orders.csv with multi-row INSERT statements of batch
// rows each: go-mysql-server v0.20.0's LOAD DATA parses about 2k lines/s,
// its INSERT path is much faster. Empty fields are NULL (as DuckDB reads
// them); none of Q1-Q7 reads a column that can be empty.
func insertCSV(ctx context.Context, db *sql.DB, path string, batch int) (int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	if _, err := r.Read(); err != nil { // header
		return 0, fmt.Errorf("%s: header: %w", path, err)
	}
	var b strings.Builder
	var total int64
	n := 0
	flush := func() error {
		if n == 0 {
			return nil
		}
		if _, err := db.ExecContext(ctx, b.String()); err != nil {
			return fmt.Errorf("insert rows %d-%d: %w", total+1, total+int64(n), err)
		}
		total += int64(n)
		b.Reset()
		n = 0
		return nil
	}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return total, fmt.Errorf("%s: %w", path, err)
		}
		if len(rec) != len(ordersQuoted) {
			return total, fmt.Errorf("%s: %d fields, want %d", path, len(rec), len(ordersQuoted))
		}
		if n == 0 {
			b.WriteString("INSERT INTO orders VALUES ")
		} else {
			b.WriteByte(',')
		}
		appendValues(&b, rec)
		if n++; n == batch {
			if err := flush(); err != nil {
				return total, err
			}
		}
	}
	return total, flush()
}

var sqlEscaper = strings.NewReplacer(`\`, `\\`, `'`, `''`)

func appendValues(b *strings.Builder, rec []string) {
	b.WriteByte('(')
	for i, v := range rec {
		if i > 0 {
			b.WriteByte(',')
		}
		switch {
		case v == "":
			b.WriteString("NULL")
		case ordersQuoted[i]:
			b.WriteByte('\'')
			b.WriteString(sqlEscaper.Replace(v))
			b.WriteByte('\'')
		default:
			b.WriteString(v)
		}
	}
	b.WriteByte(')')
}
