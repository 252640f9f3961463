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
// prefix, which DupEntryText drops.
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

// DupEntryText is the MySQL text of a duplicate-key error's or
// warning's message msg: GMS's prefix dropped. ok is false for other
// messages.
func DupEntryText(msg string) (text string, ok bool) {
	m := dupEntryPrefix.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	return m[1], true
}
