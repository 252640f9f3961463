package server

import (
	"context"
	"regexp"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// Plain EXPLAIN of a query: GMS v0.20.0 answers one row of NULLs. MySQL's
// traditional format is one row per table access; here those rows are
// read off GMS's plan tree (planTree): each table read whole is type ALL,
// each read through an index (primary key or bitmap index) type ref with
// the index's columns as key, a table function as a table read whole,
// "Using where" when a filter sits on or above it. Columns the plan does not know (key_len, ref, rows) are NULL;
// a query without tables has MySQL's single "No tables used" row.

var explainQuery = regexp.MustCompile(`(?is)^(?:EXPLAIN|DESCRIBE|DESC)(?:\s+FORMAT\s*=\s*TRADITIONAL)?\s+(\(*\s*(?:SELECT|WITH|TABLE)\b.+)$`)

// explainAccess is one table access of a plan tree.
type explainAccess struct {
	table, key string
	indexed    bool
	where      bool
}

var (
	planAlias   = regexp.MustCompile(`^TableAlias\((.+)\)$`)
	planIndexed = regexp.MustCompile(`^IndexedTableAccess\((.+)\)$`)
	planName    = regexp.MustCompile(`^name: (.+)$`)
	planIndex   = regexp.MustCompile(`^index: \[(.+)\]$`)
	// planFunc is a table function's node (GMS's own nodes are CamelCase).
	planFunc = regexp.MustCompile(`^([a-z_][a-z0-9_]*)\(.*\)$`)
)

// explainAccesses reads the table accesses of a plan tree, in plan order.
func explainAccesses(lines []string) []explainAccess {
	var out []explainAccess
	alias, filtered := "", false
	for i, raw := range lines {
		line := strings.TrimLeft(raw, " │├└─")
		switch {
		case line == "Filter": // applies to the next table access
			filtered = true
		case strings.HasPrefix(line, "filters: ") && len(out) > 0: // of the access just read
			out[len(out)-1].where = true
		case planFunc.MatchString(line): // a table function: read whole
			a := explainAccess{table: alias, where: filtered}
			if a.table == "" {
				a.table = planFunc.FindStringSubmatch(line)[1]
			}
			out = append(out, a)
			alias, filtered = "", false
		case planAlias.MatchString(line):
			alias = planAlias.FindStringSubmatch(line)[1]
		case line == "Table" || planIndexed.MatchString(line):
			a := explainAccess{table: alias, where: filtered, indexed: line != "Table"}
			for _, child := range lines[i+1 : min(len(lines), i+6)] {
				c := strings.TrimLeft(child, " │├└─")
				if m := planName.FindStringSubmatch(c); m != nil && a.table == "" {
					a.table = m[1]
				}
				if m := planIndex.FindStringSubmatch(c); m != nil {
					a.key = m[1]
				}
			}
			if m := planIndexed.FindStringSubmatch(line); m != nil && a.table == "" {
				a.table = m[1]
			}
			if a.table != "" {
				out = append(out, a)
			}
			alias, filtered = "", false
		}
	}
	return out
}

// explainTraditional answers EXPLAIN of a query with a row per table.
func (d *handler) explainTraditional(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	lines, err := d.planTree(ctx, c, m[1])
	if err != nil {
		return err
	}
	r := &sqltypes.Result{}
	for _, name := range []string{"id", "select_type", "table", "partitions", "type", "possible_keys",
		"key", "key_len", "ref", "rows", "filtered", "Extra"} {
		f := &querypb.Field{Name: name, Type: sqltypes.VarChar, Charset: 255, ColumnLength: 1024}
		switch name {
		case "id", "rows":
			f = &querypb.Field{Name: name, Type: sqltypes.Int64, Charset: 63, ColumnLength: 21}
		case "filtered":
			f = &querypb.Field{Name: name, Type: sqltypes.Float64, Charset: 63, ColumnLength: 22, Decimals: 2}
		}
		r.Fields = append(r.Fields, f)
	}
	str := func(s string) sqltypes.Value {
		if s == "" {
			return sqltypes.NULL
		}
		return sqltypes.MakeTrusted(sqltypes.VarChar, []byte(s))
	}
	one := sqltypes.MakeTrusted(sqltypes.Int64, []byte("1"))
	accesses := explainAccesses(lines)
	if len(accesses) == 0 {
		r.Rows = append(r.Rows, []sqltypes.Value{one, str("SIMPLE"), sqltypes.NULL, sqltypes.NULL, sqltypes.NULL,
			sqltypes.NULL, sqltypes.NULL, sqltypes.NULL, sqltypes.NULL, sqltypes.NULL, sqltypes.NULL, str("No tables used")})
	}
	for _, a := range accesses {
		typ, extra := "ALL", ""
		if a.indexed {
			typ = "ref"
		}
		if a.where {
			extra = "Using where"
		}
		r.Rows = append(r.Rows, []sqltypes.Value{one, str("SIMPLE"), str(a.table), sqltypes.NULL, str(typ),
			str(a.key), str(a.key), sqltypes.NULL, sqltypes.NULL, sqltypes.NULL,
			sqltypes.MakeTrusted(sqltypes.Float64, []byte("100.00")), str(extra)})
	}
	return cb(r, false)
}
