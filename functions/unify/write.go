package unify

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// batchRows bounds the rows of one INSERT or the keys of one DELETE.
const batchRows = 500

// target is one table unify writes: its columns, the key first; only
// the first compared columns decide whether a row changed (customer_links
// keeps linked_at of an unchanged link).
type target struct {
	table    string
	cols     []string
	compared int
}

// literal formats a value as a SQL literal; the same text compares a
// wanted row with the stored one.
func literal(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case string:
		return sqlString(x)
	case time.Time:
		return "'" + x.UTC().Format(time.DateTime) + "'"
	}
	return literal(fmt.Sprint(v))
}

// signature is the compared part of a row as text.
func signature(row []any, n int) string {
	var b strings.Builder
	for _, v := range row[:n] {
		b.WriteString(literal(normalise(v)))
		b.WriteByte(0)
	}
	return b.String()
}

// normalise brings a value read back from a table to the Go type unify
// writes (BIGINT int64, DOUBLE float64, text string, DATETIME time.Time).
func normalise(v any) any {
	switch x := v.(type) {
	case int8, int16, int32, int, uint8, uint16, uint32, uint64:
		return integer(x)
	case float32:
		return float64(x)
	case []byte:
		return string(x)
	}
	return v
}

// syncTable makes the table hold exactly want (rows keyed by the literal
// of their first column), deleting and inserting only rows that differ.
func syncTable(env sqlfn.Env, db string, t target, want map[string][]any) (added, removed int64, err error) {
	q := fmt.Sprintf("SELECT %s FROM %s.%s", strings.Join(t.cols, ", "), quoteIdent(db), t.table)
	_, rows, err := env.ExecIn(db, q)
	if err != nil {
		return 0, 0, err
	}
	var drop []string
	keep := map[string]bool{}
	for _, r := range rows {
		k := literal(normalise(r[0]))
		if w, ok := want[k]; ok && signature(w, t.compared) == signature(r, t.compared) {
			keep[k] = true
			continue
		}
		drop = append(drop, k)
	}
	var add []string
	for k, w := range want {
		if !keep[k] {
			lits := make([]string, len(w))
			for i, v := range w {
				lits[i] = literal(v)
			}
			add = append(add, "("+strings.Join(lits, ", ")+")")
		}
	}
	sort.Strings(drop)
	sort.Strings(add)
	table := quoteIdent(db) + "." + t.table
	for i := 0; i < len(drop); i += batchRows {
		part := drop[i:min(i+batchRows, len(drop))]
		if _, _, err := env.ExecIn(db, fmt.Sprintf("DELETE FROM %s WHERE %s IN (%s)", table, t.cols[0], strings.Join(part, ", "))); err != nil {
			return 0, 0, fmt.Errorf("update %s: %w", t.table, err)
		}
	}
	for i := 0; i < len(add); i += batchRows {
		part := add[i:min(i+batchRows, len(add))]
		if _, _, err := env.ExecIn(db, fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", table, strings.Join(t.cols, ", "), strings.Join(part, ", "))); err != nil {
			return 0, 0, fmt.Errorf("update %s: %w", t.table, err)
		}
	}
	return int64(len(add)), int64(len(drop)), nil
}

// timeOf converts a stored time (µs since the epoch) for writing; 0 is
// NULL.
func timeOf(us int64) any {
	if us == 0 {
		return nil
	}
	return time.UnixMicro(us).UTC().Truncate(time.Second)
}

// round4 keeps scores to four decimals, so a rerun writes the same text.
func round4(x float64) float64 { return math.Round(x*10000) / 10000 }

// nullable turns "" into NULL.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
