package engine

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// dupEntryErr is MySQL's ER_DUP_ENTRY (1062) for row, whose key (the
// columns cols of sch, the index named key) is taken in table: GMS's
// error kind, which INSERT IGNORE, REPLACE and ON DUPLICATE KEY UPDATE
// recognise and take the existing row from, carrying MySQL 8's text
// "Duplicate entry '1-x' for key 't.PRIMARY'" after the kind's own
// prefix, which MySQLText drops.
func dupEntryErr(ctx *sql.Context, table, key string, sch sql.Schema, cols []int, row, existing sql.Row, pk bool) error {
	vals := make([]string, len(cols))
	for i, c := range cols {
		vals[i] = valueText(ctx, sch[c].Type, row[c])
	}
	// MySQL names the key with its table since 8.0.19; MariaDB names the
	// key alone ('PRIMARY'). MySQL 8's is followed.
	msg := fmt.Sprintf("Duplicate entry '%s' for key '%s.%s'", strings.Join(vals, "-"), table, key)
	return sql.NewUniqueKeyErr(msg, pk, existing)
}

// valueText is v as MySQL shows it in a message (as the text protocol
// sends it), "NULL" for NULL.
func valueText(ctx *sql.Context, typ sql.Type, v any) string {
	if v == nil {
		return "NULL"
	}
	if sv, err := typ.SQL(ctx, nil, v); err == nil {
		return sv.ToString()
	}
	return fmt.Sprint(v)
}

// dupEntryPrefix is the prefix GMS's duplicate-key kinds put before the
// text dupEntryErr gives them.
var dupEntryPrefix = regexp.MustCompile(`(?s)^duplicate (?:primary|unique) key given: (Duplicate entry .*)$`)

// nullColumn is GMS's text for a NULL in a NOT NULL column.
var nullColumn = regexp.MustCompile(`(?s)^column name '(.*)' is non-nullable but attempted to set a value of null$`)

// MySQLText is MySQL's text for the message msg of an error or warning
// GMS words its own way: a duplicate key's (GMS's prefix dropped, see
// dupEntryErr) and a NULL in a NOT NULL column's ("Column 'c' cannot be
// null", ER_BAD_NULL_ERROR). ok is false for other messages.
func MySQLText(msg string) (text string, ok bool) {
	if m := dupEntryPrefix.FindStringSubmatch(msg); m != nil {
		return m[1], true
	}
	if m := nullColumn.FindStringSubmatch(msg); m != nil {
		return fmt.Sprintf("Column '%s' cannot be null", m[1]), true
	}
	return "", false
}
