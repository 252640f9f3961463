package server

import (
	"context"
	"errors"
	"fmt"
	"strings"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"

	"github.com/cohortdb/cohortdb/engine"
)

// OPTIMIZE TABLE compacts tables now (engine.OptimizeTable). GUI tools
// send it, but go-mysql-server v0.20.0's parser rejects it, so the
// handler recognises it before parsing (compat.go) and answers as MySQL
// does: one
// result set of Table, Op, Msg_type, Msg_text rows. The statement runs
// in the process list under its own text, so SHOW PROCESSLIST shows it
// with its progress and KILL QUERY stops it.

// optimizeFunc compacts one table (engine.Engine.OptimizeTable).
type optimizeFunc func(ctx *sql.Context, db, table string) ([]engine.OptimizeMessage, error)

// optimizeAccessFunc refuses OPTIMIZE TABLE of one table to a caller
// without the privileges, without looking the table up
// (engine.Engine.OptimizeAccess).
type optimizeAccessFunc func(ctx *sql.Context, db, table string) error

type optimizePath struct {
	sm       *gms.SessionManager
	optimize optimizeFunc
	access   optimizeAccessFunc // nil: optimize checks each table itself
}

// tableRef is a table named by OPTIMIZE TABLE; db is empty when not given.
type tableRef struct{ db, table string }

// parseOptimize recognises OPTIMIZE [NO_WRITE_TO_BINLOG | LOCAL]
// TABLE[S] t [, t]... with optional database qualifiers and backquotes.
// ok is false for any other statement; a malformed OPTIMIZE is ok with
// an error.
func parseOptimize(q string) (refs []tableRef, ok bool, err error) {
	words := strings.Fields(strings.TrimRight(strings.TrimSpace(q), "; \t\r\n"))
	if len(words) == 0 || !strings.EqualFold(words[0], "optimize") {
		return nil, false, nil
	}
	words = words[1:]
	if len(words) > 0 && (strings.EqualFold(words[0], "no_write_to_binlog") || strings.EqualFold(words[0], "local")) {
		words = words[1:]
	}
	if len(words) < 2 || !(strings.EqualFold(words[0], "table") || strings.EqualFold(words[0], "tables")) {
		return nil, true, errOptimizeSyntax(q)
	}
	refs, err = parseTableList(strings.Join(words[1:], " "))
	if err != nil {
		return nil, true, errOptimizeSyntax(q)
	}
	return refs, true, nil
}

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

func errOptimizeSyntax(q string) error {
	return mysql.NewSQLError(mysql.ERParseError, "42000",
		"You have an error in your SQL syntax; OPTIMIZE takes TABLE and a list of table names, near '%.40s'", q)
}

// optimizeTables is the compat statement OPTIMIZE (compat.go).
func (d *handler) optimizeTables(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	p := d.optimize.Load()
	if p == nil {
		return mysql.NewSQLError(mysql.ERNotSupportedYet, "42000", "OPTIMIZE TABLE is not supported by this backend")
	}
	return p.run(ctx, c, m[0], cb)
}

// run runs OPTIMIZE TABLE q.
func (p *optimizePath) run(ctx context.Context, c *mysql.Conn, q string, cb mysql.ResultSpoolFn) error {
	refs, ok, err := parseOptimize(q)
	if err != nil {
		return err
	}
	if !ok {
		return errOptimizeSyntax(q)
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
	dbOf := func(ref tableRef) string {
		if ref.db != "" {
			return ref.db
		}
		return sqlCtx.GetCurrentDatabase()
	}
	// Every table is checked before the first is compacted, as MySQL
	// does: a refused statement compacts nothing.
	if p.access != nil {
		for _, ref := range refs {
			if err := p.access(sqlCtx, dbOf(ref), ref.table); err != nil {
				return err
			}
		}
	}
	r := &sqltypes.Result{Fields: optimizeFields()}
	for _, ref := range refs {
		db := dbOf(ref)
		msgs, err := p.optimize(sqlCtx, db, ref.table)
		if err != nil {
			if sqlCtx.Err() != nil {
				return mysql.NewSQLError(erQueryInterrupted, "70100", "Query execution was interrupted")
			}
			return err
		}
		for _, m := range msgs {
			r.Rows = append(r.Rows, []sqltypes.Value{
				sqltypes.NewVarChar(fmt.Sprintf("%s.%s", db, ref.table)), sqltypes.NewVarChar("optimize"),
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
