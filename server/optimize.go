package server

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"

	"github.com/cohortdb/cohortdb/engine"
)

// The table-maintenance statements OPTIMIZE, ANALYZE, CHECK and REPAIR
// TABLE are recognised before parsing (compat.go) and answered as MySQL
// does: one
// result set of Table, Op, Msg_type, Msg_text rows, two for a table that
// cannot be opened (its error, then "Operation failed"), the other tables
// of the list done regardless. OPTIMIZE TABLE compacts tables now
// (engine.OptimizeTable): GUI tools send it, but go-mysql-server
// v0.20.0's parser rejects it. ANALYZE TABLE samples them into the
// planner's statistics (engine.AnalyzeTable): GMS's own refuses a
// database-qualified table with no current database (1046), names
// tables without their database, and stops the statement at a missing
// table (1146). CHECK TABLE verifies the tables' segments against their
// primary-key index (engine.CheckTable); REPAIR TABLE answers as MySQL
// does for InnoDB, which does not repair (engine.RepairTable); GMS's
// parser rejects both (1064). The statement runs in the process list
// under its own text, so SHOW PROCESSLIST shows it with its progress and
// KILL QUERY stops it.

// maintainFunc runs a table-maintenance statement on one table:
// engine.Engine.OptimizeTable or engine.Engine.AnalyzeTable.
type maintainFunc func(ctx *sql.Context, db, table string) ([]engine.OptimizeMessage, error)

// optimizeAccessFunc refuses OPTIMIZE or ANALYZE TABLE of one table to a
// caller without the privileges, without looking the table up
// (engine.Engine.OptimizeAccess).
type optimizeAccessFunc func(ctx *sql.Context, db, table string) error

type optimizePath struct {
	sm       *gms.SessionManager
	optimize maintainFunc
	analyze  maintainFunc       // nil: ANALYZE TABLE is left to go-mysql-server
	access   optimizeAccessFunc // nil: optimize and analyze check each table themselves
	// check and repair answer CHECK and REPAIR TABLE (nil: refused as a
	// syntax error, as GMS refuses them); checkAccess checks CHECK
	// TABLE's privileges (REPAIR's are access's).
	check, repair maintainFunc
	checkAccess   optimizeAccessFunc
}

// tableRef is a table named by OPTIMIZE or ANALYZE TABLE; db is empty
// when not given.
type tableRef struct{ db, table string }

// parseOptimize recognises OPTIMIZE [NO_WRITE_TO_BINLOG | LOCAL]
// TABLE[S] t [, t]... with optional database qualifiers and backquotes,
// ANALYZE and REPAIR with the same syntax, and CHECK TABLE without
// NO_WRITE_TO_BINLOG or LOCAL; CHECK and REPAIR take MySQL's options after
// the list (which change nothing here). op is "optimize", "analyze",
// "check" or "repair". ok is false for any other statement; a malformed
// one is ok with an error.
func parseOptimize(q string) (op string, refs []tableRef, ok bool, err error) {
	words := strings.Fields(strings.TrimRight(strings.TrimSpace(q), "; \t\r\n"))
	if len(words) == 0 {
		return "", nil, false, nil
	}
	op = strings.ToLower(words[0])
	switch op {
	case "optimize", "analyze", "check", "repair":
	default:
		return "", nil, false, nil
	}
	words = words[1:]
	if op != "check" && len(words) > 0 && (strings.EqualFold(words[0], "no_write_to_binlog") || strings.EqualFold(words[0], "local")) {
		words = words[1:]
	}
	if len(words) < 2 || !(strings.EqualFold(words[0], "table") || strings.EqualFold(words[0], "tables")) {
		return op, nil, true, errOptimizeSyntax(op, q)
	}
	words = words[1:]
	for len(words) > 1 && maintenanceOption(op, words) {
		words = words[:len(words)-1]
		if op == "check" && strings.EqualFold(words[len(words)-1], "for") {
			words = words[:len(words)-1] // FOR UPGRADE
		}
	}
	refs, err = parseTableList(strings.Join(words, " "))
	if err != nil {
		return op, nil, true, errOptimizeSyntax(op, q)
	}
	return op, refs, true, nil
}

// maintenanceOption reports whether the last of words is one of the
// options MySQL's CHECK or REPAIR TABLE (op) takes after its list.
func maintenanceOption(op string, words []string) bool {
	w := strings.ToLower(words[len(words)-1])
	switch op {
	case "check":
		switch w {
		case "quick", "fast", "medium", "extended", "changed":
			return true
		case "upgrade":
			return len(words) > 2 && strings.EqualFold(words[len(words)-2], "for")
		}
	case "repair":
		switch w {
		case "quick", "extended", "use_frm":
			return true
		}
	}
	return false
}

// analyzeTable is the ANALYZE TABLE the server answers: a plain list of
// tables (the names as parseTableList reads them). ANALYZE TABLE ...
// UPDATE|DROP HISTOGRAM is go-mysql-server's.
var analyzeTable = func() *regexp.Regexp {
	const ident = "(?:`(?:[^`]|``)+`|[0-9A-Za-z_$\\x{80}-\\x{10FFFF}]+)"
	const name = ident + `(?:\s*\.\s*` + ident + `)?`
	return regexp.MustCompile(`(?is)^ANALYZE\s+(?:(?:NO_WRITE_TO_BINLOG|LOCAL)\s+)?TABLES?\s+` + name + `(?:\s*,\s*` + name + `)*$`)
}()

// parseTableList parses "name [, name]..." where a name is ident or
// ident.ident and an ident is bare (letters, digits, _ and $) or in
// backquotes (a doubled backquote stands for one).
func parseTableList(s string) ([]tableRef, error) {
	var refs []tableRef
	for {
		var parts []string
		for {
			id, rest, err := parseIdent(strings.TrimLeft(s, " \t"))
			if err != nil {
				return nil, err
			}
			parts, s = append(parts, id), strings.TrimLeft(rest, " \t")
			if !strings.HasPrefix(s, ".") || len(parts) == 2 {
				break
			}
			s = s[1:]
		}
		ref := tableRef{table: parts[0]}
		if len(parts) == 2 {
			ref = tableRef{db: parts[0], table: parts[1]}
		}
		refs = append(refs, ref)
		if s == "" {
			return refs, nil
		}
		if s[0] != ',' {
			return nil, errors.New("expected a comma")
		}
		s = s[1:]
	}
}

func parseIdent(s string) (id, rest string, err error) {
	if strings.HasPrefix(s, "`") {
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			if s[i] != '`' {
				b.WriteByte(s[i])
				continue
			}
			if i+1 < len(s) && s[i+1] == '`' {
				b.WriteByte('`')
				i++
				continue
			}
			if b.Len() == 0 {
				break
			}
			return b.String(), s[i+1:], nil
		}
		return "", "", errors.New("bad quoted name")
	}
	n := 0
	for n < len(s) && (s[n] == '_' || s[n] == '$' || s[n] >= '0' && s[n] <= '9' || s[n]|0x20 >= 'a' && s[n]|0x20 <= 'z' || s[n] >= 0x80) {
		n++
	}
	if n == 0 {
		return "", "", errors.New("expected a name")
	}
	return s[:n], s[n:], nil
}

func errOptimizeSyntax(op, q string) error {
	return mysql.NewSQLError(mysql.ERParseError, "42000",
		"You have an error in your SQL syntax; %s takes TABLE and a list of table names, near '%.40s'", strings.ToUpper(op), q)
}

// optimizeTables is the compat statement OPTIMIZE (compat.go).
func (d *handler) optimizeTables(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	p := d.optimize.Load()
	if p == nil {
		return mysql.NewSQLError(mysql.ERNotSupportedYet, "42000", "OPTIMIZE TABLE is not supported by this backend")
	}
	return p.run(ctx, c, m[0], cb)
}

// checkTables is the compat statements CHECK TABLE and REPAIR TABLE
// (compat.go).
func (d *handler) checkTables(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	p := d.optimize.Load()
	if p == nil || p.check == nil {
		return d.Handler.ComQuery(ctx, c, m[0], d.fixText(cb))
	}
	return p.run(ctx, c, m[0], cb)
}

// analyzeTables is the compat statement ANALYZE TABLE (compat.go).
func (d *handler) analyzeTables(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	p := d.optimize.Load()
	if p == nil || p.analyze == nil {
		return d.Handler.ComQuery(ctx, c, m[0], d.fixText(cb))
	}
	return p.run(ctx, c, m[0], cb)
}

// run runs OPTIMIZE TABLE or ANALYZE TABLE q.
func (p *optimizePath) run(ctx context.Context, c *mysql.Conn, q string, cb mysql.ResultSpoolFn) error {
	op, refs, ok, err := parseOptimize(q)
	if err != nil {
		return err
	}
	if !ok {
		return errOptimizeSyntax("OPTIMIZE", q)
	}
	maintain, access := p.optimize, p.access
	switch op {
	case "analyze":
		maintain = p.analyze
	case "check":
		maintain, access = p.check, p.checkAccess
	case "repair":
		maintain = p.repair
	}
	if maintain == nil {
		return errOptimizeSyntax(op, q)
	}
	sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, q)
	if err != nil {
		return err
	}
	sqlCtx, err = sqlCtx.ProcessList.BeginQuery(sqlCtx, q)
	if err != nil {
		return err
	}
	defer sqlCtx.ProcessList.EndQuery(sqlCtx)
	if err := sql.SessionCommandBegin(sqlCtx.Session); err != nil {
		return err
	}
	defer sql.SessionCommandEnd(sqlCtx.Session)
	// The list is checked as MySQL's parser checks it, before anything
	// runs: an unqualified name with no current database, or a table
	// named twice, refuses the whole statement.
	cur := sqlCtx.GetCurrentDatabase()
	seen := map[tableRef]bool{}
	for i, ref := range refs {
		if ref.db == "" {
			if cur == "" {
				return mysql.NewSQLError(mysql.ERNoDb, mysql.SSNoDB, "No database selected")
			}
			refs[i].db = cur
		}
		key := tableRef{strings.ToLower(refs[i].db), strings.ToLower(ref.table)}
		if seen[key] {
			return mysql.NewSQLError(mysql.ERNonUniqTable, mysql.SSClientError, "Not unique table/alias: '%s'", ref.table)
		}
		seen[key] = true
	}
	if err := implicitCommit(sqlCtx); err != nil { // implicit_commit.go
		return err
	}
	// Every table is checked before the first is worked on, as MySQL
	// does: a refused statement changes nothing.
	if access != nil {
		for _, ref := range refs {
			if err := access(sqlCtx, ref.db, ref.table); err != nil {
				return err
			}
		}
	}
	r := &sqltypes.Result{Fields: optimizeFields()}
	for _, ref := range refs {
		msgs, err := maintain(sqlCtx, ref.db, ref.table)
		if err != nil {
			if sqlCtx.Err() != nil {
				return mysql.NewSQLError(erQueryInterrupted, "70100", "Query execution was interrupted")
			}
			return err
		}
		for _, m := range msgs {
			r.Rows = append(r.Rows, []sqltypes.Value{
				sqltypes.NewVarChar(fmt.Sprintf("%s.%s", ref.db, ref.table)), sqltypes.NewVarChar(op),
				sqltypes.NewVarChar(m.Type), sqltypes.NewVarChar(m.Text)})
		}
	}
	return cb(r, false)
}

func optimizeFields() []*querypb.Field {
	f := func(name string) *querypb.Field {
		return &querypb.Field{Name: name, Type: sqltypes.VarChar, Charset: mysql.CharacterSetUtf8mb4, ColumnLength: 1024}
	}
	return []*querypb.Field{f("Table"), f("Op"), f("Msg_type"), f("Msg_text")}
}
