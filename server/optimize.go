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

type optimizePath struct {
	sm       *gms.SessionManager
	optimize optimizeFunc
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
	for _, name := range strings.Split(strings.Join(words[1:], " "), ",") {
		ref, err := parseTableName(strings.TrimSpace(name))
		if err != nil {
			return nil, true, errOptimizeSyntax(q)
		}
		refs = append(refs, ref)
	}
	return refs, true, nil
}

func parseTableName(s string) (tableRef, error) {
	parts := strings.Split(s, ".")
	if len(parts) > 2 || s == "" {
		return tableRef{}, errors.New("bad name")
	}
	for i, p := range parts {
		p = strings.TrimSpace(p)
		if len(p) >= 2 && p[0] == '`' && p[len(p)-1] == '`' {
			p = strings.ReplaceAll(p[1:len(p)-1], "``", "`")
		}
		if p == "" || strings.ContainsAny(p, "` \t") {
			return tableRef{}, errors.New("bad name")
		}
		parts[i] = p
	}
	if len(parts) == 1 {
		return tableRef{table: parts[0]}, nil
	}
	return tableRef{db: parts[0], table: parts[1]}, nil
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
	r := &sqltypes.Result{Fields: optimizeFields()}
	for _, ref := range refs {
		db := ref.db
		if db == "" {
			db = sqlCtx.GetCurrentDatabase()
		}
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
