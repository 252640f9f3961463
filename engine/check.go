package engine

import (
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
	t, err := e.store.Table(db, table)
	if err != nil {
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
	if _, err := e.store.Table(db, table); err != nil {
		return failed(e.missing(ctx, db, table)), nil
	}
	return []OptimizeMessage{{"note", "The storage engine for the table doesn't support repair"}}, nil
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
