package server

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// performance_schema and sys. cohortdb has neither database, and GMS
// answered every query GUI tools send to them (MySQL Workbench, DBeaver,
// monitoring agents) with 1049 "database not found". Here, a statement
// that names one of their tables (performance_schema.x or sys.x) is:
//
//   - run with performance_schema's global_variables, session_variables,
//     global_status and session_status replaced by a derived table of
//     the server's variables (VARIABLE_NAME, VARIABLE_VALUE), as MySQL
//     answers them;
//   - refused with MySQL's 1146 (42S02) "Table '…' doesn't exist" for any
//     other of their tables, which tools take as "not available".

// perfTable finds a table of performance_schema or sys named in a
// statement, with the alias that may follow it.
var perfTable = regexp.MustCompile("(?i)`?\\b(performance_schema|sys)`?\\s*\\.\\s*`?(\\w+)`?(\\s+(?:AS\\s+)?`?(\\w+)`?)?")

// aliasKeywords are words that can follow a table name and are not its
// alias.
var aliasKeywords = map[string]bool{"WHERE": true, "ORDER": true, "GROUP": true, "LIMIT": true, "JOIN": true,
	"LEFT": true, "RIGHT": true, "INNER": true, "CROSS": true, "ON": true, "USING": true, "HAVING": true,
	"UNION": true, "FOR": true, "NATURAL": true, "STRAIGHT_JOIN": true, "WINDOW": true, "INTO": true, "LOCK": true}

// perfSchema rewrites or refuses query when it names a table of
// performance_schema or sys; handled is false when it names none.
func (d *handler) perfSchema(ctx context.Context, c *mysql.Conn, query string, cb mysql.ResultSpoolFn) (handled bool, err error) {
	if !perfTable.MatchString(query) {
		return false, nil
	}
	var missing string
	rewritten := perfTable.ReplaceAllStringFunc(query, func(ref string) string {
		m := perfTable.FindStringSubmatch(ref)
		schema, table := strings.ToLower(m[1]), strings.ToLower(m[2])
		rows := d.variableRows(c, schema, table)
		if rows == "" {
			if missing == "" {
				missing = schema + "." + table
			}
			return ref
		}
		alias, rest := table, m[3]
		if m[4] != "" && !aliasKeywords[strings.ToUpper(m[4])] {
			alias, rest = m[4], ""
		}
		// Named in the select list: GMS lower-cases a VALUES table's
		// column aliases when it expands SELECT *.
		return "(SELECT _v.column_0 AS VARIABLE_NAME, _v.column_1 AS VARIABLE_VALUE FROM (VALUES " + rows +
			") AS _v) AS " + quoteIdent(alias) + rest
	})
	if missing != "" {
		return true, mysql.NewSQLError(mysql.ERNoSuchTable, "42S02", "Table '%s' doesn't exist", missing)
	}
	return true, d.Handler.ComQuery(ctx, c, rewritten, d.fixText(cb))
}

// variableRows are the rows of performance_schema.table as a VALUES
// list, or "" when it is not a table of variables.
func (d *handler) variableRows(c *mysql.Conn, schema, table string) string {
	if schema != "performance_schema" {
		return ""
	}
	vals := map[string]any{}
	sess := d.sessions.get(c)
	switch table {
	case "global_variables":
		vals = sql.SystemVariables.GetAllGlobalVariables()
	case "session_variables":
		if sess == nil {
			return ""
		}
		vals = sess.GetAllSessionVariables()
	case "global_status", "session_status":
		for name, v := range sql.StatusVariables.NewGlobalMap() {
			vals[name] = v.Value()
		}
		if table == "session_status" && sess != nil {
			for name, v := range sess.GetAllStatusVariables(readCtx) {
				vals[name] = v.Value()
			}
		}
	default:
		return ""
	}
	names := make([]string, 0, len(vals))
	for name := range vals {
		names = append(names, name)
	}
	sort.Strings(names)
	var b strings.Builder
	for i, name := range names {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "ROW(%s, %s)", quoteSQL(name), quoteSQL(variableText(vals[name])))
	}
	return b.String()
}

// variableText is a variable's value as SHOW VARIABLES prints it.
func variableText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "ON"
		}
		return "OFF"
	case int8:
		if x == 1 {
			return "ON"
		} else if x == 0 {
			return "OFF"
		}
	}
	return fmt.Sprint(v)
}

// quoteSQL is s as a single-quoted SQL string literal.
func quoteSQL(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}
