package engine

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

// Compaction at the SQL level: OPTIMIZE TABLE (the server recognises the
// statement, which GMS v0.20.0 cannot parse, and calls OptimizeTable) and
// the background compactor (compactor.go) both come through compact,
// which shows progress in SHOW PROCESSLIST and records every attempt in
// the database's compaction_history table, when it has one.

// optimizeMemoryWait is how long OPTIMIZE TABLE waits for the memory
// budget to admit even its smallest merge before it fails (1038).
const optimizeMemoryWait = 10 * time.Second

// OptimizeMessage is one row of the result of OPTIMIZE TABLE or ANALYZE
// TABLE: MySQL's Msg_type and Msg_text. MySQL spells the type of an
// error it reports for one table "Error" (the diagnostics level) and its
// own verdicts in lower case (status, note).
type OptimizeMessage struct {
	Type, Text string
}

// failed is MySQL's two rows for a table the statement could not work
// on: the error, then "Operation failed".
func failed(text string) []OptimizeMessage {
	return []OptimizeMessage{{"Error", text}, {"status", "Operation failed"}}
}

// maintained resolves the database of a table-maintenance statement
// (OPTIMIZE, ANALYZE, REPAIR) and checks the caller's privileges: msgs are the
// rows to print instead when there is no database.
func (e *Engine) maintained(ctx *sql.Context, db, table string) (string, []OptimizeMessage, error) {
	return e.maintainedWith(ctx, db, table, e.OptimizeAccess)
}

// maintainedWith is maintained with the privileges access checks.
func (e *Engine) maintainedWith(ctx *sql.Context, db, table string, access func(ctx *sql.Context, db, table string) error) (string, []OptimizeMessage, error) {
	if db == "" {
		db = ctx.GetCurrentDatabase()
	}
	if db == "" {
		return "", failed("No database selected"), nil
	}
	return db, nil, access(ctx, db, table)
}

// OptimizeTable compacts db.table now, write buffer included, as
// OPTIMIZE TABLE does, and
// returns the rows MySQL would print for it. A table that does not exist
// is reported in the rows, as MySQL does; err is for the statement as a
// whole: a caller without the privileges (OptimizeAccess), killed,
// server closing.
func (e *Engine) OptimizeTable(ctx *sql.Context, db, table string) ([]OptimizeMessage, error) {
	db, msgs, err := e.maintained(ctx, db, table)
	if msgs != nil || err != nil {
		return msgs, err
	}
	t, err := e.store.Table(db, table)
	if err != nil {
		return failed(e.missing(ctx, db, table)), nil
	}
	if err := e.store.SealBuffer(t); err != nil {
		return failed(err.Error()), nil
	}
	mem, done := e.statementMemory(ctx)
	defer done()
	res, err := e.compact(ctx, db, t, "optimize", storage.CompactOptions{Pause: ctx.Err, Memory: mem, MemoryWait: optimizeMemoryWait})
	switch {
	case errors.Is(err, storage.ErrConflict):
		return failed("the table changed while it was compacted (" + err.Error() + "); nothing was changed, run OPTIMIZE TABLE again"), nil
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case err != nil:
		return failed(err.Error()), nil
	case res.Passes == 0:
		return []OptimizeMessage{{"status", "Table is already up to date"}}, nil
	}
	return []OptimizeMessage{{"note", describeCompaction(t.Def(), res)}, {"status", "OK"}}, nil
}

// missing is MySQL's message for a table maintenance statement naming
// db.table that does not exist: its database is named when that is what
// is missing.
func (e *Engine) missing(ctx *sql.Context, db, table string) string {
	if _, err := e.provider.Database(ctx, db); sql.ErrDatabaseNotFound.Is(err) {
		return fmt.Sprintf("Unknown database '%s'", db)
	}
	return fmt.Sprintf("Table '%s.%s' doesn't exist", db, table)
}

// AnalyzeTable is ANALYZE TABLE db.table: it samples the table into the
// statistics GMS keeps for the planner and shows in
// information_schema.COLUMN_STATISTICS, and returns the rows MySQL would
// print for it, as OptimizeTable does. The statistics are kept under the
// table's own database: GMS's ANALYZE filed them under the current one.
// The caller needs what OPTIMIZE TABLE needs (OptimizeAccess).
func (e *Engine) AnalyzeTable(ctx *sql.Context, db, table string) ([]OptimizeMessage, error) {
	db, msgs, err := e.maintained(ctx, db, table)
	if msgs != nil || err != nil {
		return msgs, err
	}
	cat := e.sql.Analyzer.Catalog
	t, d, err := cat.Table(ctx, db, table)
	switch {
	case sql.ErrDatabaseNotFound.Is(err):
		return failed(fmt.Sprintf("Unknown database '%s'", db)), nil
	case sql.ErrTableNotFound.Is(err):
		return failed(fmt.Sprintf("Table '%s.%s' doesn't exist", db, table)), nil
	case err != nil:
		return failed(err.Error()), nil
	}
	if err := cat.AnalyzeTable(ctx, t, d.Name()); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return failed(err.Error()), nil
	}
	return []OptimizeMessage{{"status", "OK"}}, nil
}

// OptimizeAccess returns MySQL's refusal of OPTIMIZE TABLE (or ANALYZE
// or REPAIR TABLE) db.table to the caller, or nil: it needs SELECT and
// INSERT on the table. The table is not looked up first, so a caller
// without the privileges gets the same 1142 (also when it holds nothing
// in db) whether the table exists or not; MySQL too checks before it
// opens anything, and refuses the whole statement.
func (e *Engine) OptimizeAccess(ctx *sql.Context, db, table string) error {
	if db == "" {
		db = ctx.GetCurrentDatabase()
	}
	if db == "" {
		return nil // OptimizeTable answers "No database selected"
	}
	return e.provider.privileges().table(ctx, db, table, sql.PrivilegeType_Select, sql.PrivilegeType_Insert)
}

func describeCompaction(def *storage.TableDef, r storage.CompactResult) string {
	order := "in load order (the table has no sort key)"
	if r.Sorted {
		var cols []string
		for _, o := range def.SortKey {
			cols = append(cols, def.Columns[o].Name)
		}
		order = "sorted by (" + strings.Join(cols, ", ") + ")"
	}
	return fmt.Sprintf("%d segments (%d rows) compacted into %d (%d rows), %s",
		r.SegmentsBefore, r.RowsBefore, r.SegmentsAfter, r.RowsAfter, order)
}

// compact runs one compaction of t with progress in the process list and
// a row in compaction_history.
func (e *Engine) compact(ctx *sql.Context, db string, t *storage.Table, reason string, opts storage.CompactOptions) (storage.CompactResult, error) {
	name := db + "." + t.Name()
	hist := e.beginCompactionHistory(ctx, db, t.Name(), reason)
	pl, pid := ctx.ProcessList, ctx.Pid()
	if pl != nil {
		// SHOW PROCESSLIST phrases these as its State (processlist.go).
		entry := compactingPrefix + name
		pl.AddTableProgress(pid, entry, -1)
		defer pl.RemoveTableProgress(pid, entry)
		var last int64
		opts.Progress = func(done, total int64) {
			if last == 0 {
				pl.AddPartitionProgress(pid, entry, compactRowsWritten, total)
			}
			pl.UpdatePartitionProgress(pid, entry, compactRowsWritten, done-last)
			last = done
		}
	}
	res, err := e.store.Compact(t, opts)
	e.endCompactionHistory(ctx, db, hist, res, err)
	return res, err
}

func (e *Engine) hasHistory(db, table string) bool {
	_, err := e.store.Table(db, "compaction_history")
	return err == nil && !strings.EqualFold(table, "compaction_history")
}

func (e *Engine) beginCompactionHistory(ctx *sql.Context, db, table, reason string) int64 {
	if !e.hasHistory(db, table) {
		return 0
	}
	q := fmt.Sprintf("INSERT INTO `%s`.compaction_history (started_at, `table`, reason, status) VALUES ('%s', %s, %s, 'running')",
		db, time.Now().UTC().Format("2006-01-02 15:04:05.000000"), sqlString(table), sqlString(reason))
	hctx := e.NewContext(ctx)
	_, iter, _, err := e.sql.Query(hctx, q)
	if err != nil {
		return 0
	}
	rows, err := sql.RowIterToRows(hctx, iter)
	if err != nil || len(rows) == 0 {
		return 0
	}
	if ok, isOK := rows[0][0].(types.OkResult); isOK {
		return int64(ok.InsertID)
	}
	return 0
}

func (e *Engine) endCompactionHistory(ctx *sql.Context, db string, id int64, r storage.CompactResult, cerr error) {
	if id == 0 {
		return
	}
	status, msg := "ok", ""
	switch {
	case errors.Is(cerr, storage.ErrConflict):
		status, msg = "conflict", cerr.Error()
	case cerr != nil:
		status, msg = "failed", cerr.Error()
	case r.Passes == 0:
		status = "nothing to do"
	}
	q := fmt.Sprintf("UPDATE `%s`.compaction_history SET finished_at = '%s', segments_before = %d, segments_after = %d, "+
		"rows_before = %d, rows_after = %d, bytes_before = %d, bytes_after = %d, status = '%s', message = %s WHERE id = %d",
		db, time.Now().UTC().Format("2006-01-02 15:04:05.000000"), r.SegmentsBefore, r.SegmentsAfter,
		r.RowsBefore, r.RowsAfter, r.BytesBefore, r.BytesAfter, status, sqlString(msg), id)
	// The history must be written even when the statement was killed.
	hctx := e.NewContext(sql.NewEmptyContext())
	if _, iter, _, err := e.sql.Query(hctx, q); err == nil {
		_, _ = sql.RowIterToRows(hctx, iter)
	}
}

// MarkInterruptedCompactions marks compactions still "running" in
// compaction_history (the server stopped during them: the table kept its
// old segments) as interrupted; called at startup.
func (e *Engine) MarkInterruptedCompactions(ctx *sql.Context) {
	for _, db := range e.store.Databases() {
		if !e.hasHistory(db, "") {
			continue
		}
		q := fmt.Sprintf("UPDATE `%s`.compaction_history SET status = 'interrupted', message = 'the server stopped during the compaction; the table kept its old segments' WHERE status = 'running'", db)
		hctx := e.NewContext(ctx)
		if _, iter, _, err := e.sql.Query(hctx, q); err == nil {
			_, _ = sql.RowIterToRows(hctx, iter)
		}
	}
}
