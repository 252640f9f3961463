package engine

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// CHECK TABLE and REPAIR TABLE, which the server recognises (GMS v0.20.0
// cannot parse them) and answers with the rows these return, as for
// OPTIMIZE TABLE (compact.go).

// CheckTable verifies db.table as CHECK TABLE does (storage.Table.Check:
// every segment's key columns read and looked up in the primary-key
// index) and returns the rows MySQL prints: "status OK", or an "error"
// row saying what is wrong and "error Corrupt". A missing table is
// reported in the rows, as MySQL does; err is for the statement as a
// whole (privileges, KILL).
func (e *Engine) CheckTable(ctx *sql.Context, db, table string) ([]OptimizeMessage, error) {
	db, msgs, err := e.maintainedWith(ctx, db, table, e.CheckAccess)
	if msgs != nil || err != nil {
		return msgs, err
	}
	if tempTable(ctx, db, table) != nil {
		// A TEMPORARY table (which hides a stored one of its name, as in
		// MySQL) is the session's rows in memory: nothing on disk to check.
		return []OptimizeMessage{{"status", "OK"}}, nil
	}
	t, err := e.store.Table(db, table)
	if err != nil {
		if view, ok := e.view(ctx, db, table); ok {
			return e.checkView(ctx, db, view), nil
		}
		return failed(e.missing(ctx, db, table)), nil
	}
	problem, err := t.Check(ctx.Err)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		problem = err.Error()
	case problem == "":
		return []OptimizeMessage{{"status", "OK"}}, nil
	}
	return []OptimizeMessage{{"error", problem}, {"error", "Corrupt"}}, nil
}

// RepairTable is REPAIR TABLE db.table, answered as MySQL answers it for
// InnoDB, whose tables it does not repair: cohortdb's segments are
// written whole or not at all and checksummed, and CHECK TABLE reports
// what could be wrong.
func (e *Engine) RepairTable(ctx *sql.Context, db, table string) ([]OptimizeMessage, error) {
	db, msgs, err := e.maintained(ctx, db, table)
	if msgs != nil || err != nil {
		return msgs, err
	}
	if tempTable(ctx, db, table) != nil {
		return []OptimizeMessage{{"note", "The storage engine for the table doesn't support repair"}}, nil
	}
	if _, err := e.store.Table(db, table); err != nil {
		if _, ok := e.view(ctx, db, table); ok {
			// MySQL opens REPAIR's tables as base tables: a view is its
			// ER_WRONG_OBJECT, and the operation fails.
			return failed(fmt.Sprintf("'%s.%s' is not BASE TABLE", db, table)), nil
		}
		return failed(e.missing(ctx, db, table)), nil
	}
	return []OptimizeMessage{{"note", "The storage engine for the table doesn't support repair"}}, nil
}

// view is the view db.name, if there is one.
func (e *Engine) view(ctx *sql.Context, db, name string) (sql.ViewDefinition, bool) {
	if !e.store.HasDatabase(db) {
		return sql.ViewDefinition{}, false
	}
	v, ok, err := e.provider.database(db).GetViewDefinition(ctx, name)
	return v, ok && err == nil
}

// checkView is CHECK TABLE of a view, as MySQL checks one: its definition
// is resolved (as its definer would, so as root here: the caller's
// SELECT on the view is what CHECK TABLE needs), and "status OK" when
// every table and column it reads is there. Otherwise MySQL's rows for a
// broken view: ER_VIEW_INVALID (1356), and "error Corrupt".
func (e *Engine) checkView(ctx *sql.Context, db string, v sql.ViewDefinition) []OptimizeMessage {
	// In the view's database: GMS resolves a view's unqualified names in
	// the current one.
	ictx := e.NewContext(ctx)
	ictx.SetCurrentDatabase(db)
	_, iter, _, err := e.sql.Query(ictx, fmt.Sprintf("SELECT * FROM `%s`.`%s` LIMIT 0",
		strings.ReplaceAll(db, "`", "``"), strings.ReplaceAll(v.Name, "`", "``")))
	if err == nil {
		_, err = sql.RowIterToRows(ictx, iter)
	}
	if err == nil {
		return []OptimizeMessage{{"status", "OK"}}
	}
	return []OptimizeMessage{
		{"Error", fmt.Sprintf("View '%s.%s' references invalid table(s) or column(s) or function(s) or definer/invoker of view lack rights to use them", db, v.Name)},
		{"error", "Corrupt"}}
}

// CheckAccess returns MySQL's refusal of CHECK TABLE db.table to the
// caller, or nil: it needs SELECT on the table (see OptimizeAccess).
func (e *Engine) CheckAccess(ctx *sql.Context, db, table string) error {
	if db == "" {
		db = ctx.GetCurrentDatabase()
	}
	if db == "" {
		return nil // CheckTable answers "No database selected"
	}
	return e.provider.privileges().table(ctx, db, table, sql.PrivilegeType_Select)
}
