package engine

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/information_schema"
)

// SHOW PROCESSLIST and information_schema.PROCESSLIST are rendered here,
// not by GMS, because GMS prints every progress entry a statement
// registers into the State column as a tree ("(3/? partitions)", raw
// partition key bytes for our scans). MySQL's State is one short phrase,
// so a statement's State is GMS's "running" (MySQL: "executing") and an
// idle connection's is empty, except for a compaction (OPTIMIZE TABLE
// or the background compactor), whose State says how far it is, as
// MySQL's long operations do ("compacting shop.orders: 37% (60000 of
// 162000 rows written)"). MySQL 8 has no PROGRESS column (MariaDB's is
// not in MySQL's protocol or schema), so the State text carries it.

// compactingPrefix starts the progress entry compact registers.
const compactingPrefix = "compacting "

// compactRowsWritten names compact's partition progress: rows written of
// rows to write.
const compactRowsWritten = "rows written"

// processState is the State column of process p.
func processState(p sql.Process) string {
	names := make([]string, 0, len(p.Progress))
	for name := range p.Progress {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.HasPrefix(name, compactingPrefix) {
			return compactionState(p.Progress[name])
		}
	}
	if p.Command == sql.ProcessCommandQuery {
		return "running"
	}
	return ""
}

// compactionState phrases a compaction's progress; before its first
// segment is written it has no count yet.
func compactionState(tp sql.TableProgress) string {
	rows, ok := tp.PartitionsProgress[compactRowsWritten]
	if !ok || rows.Total <= 0 {
		return tp.Name
	}
	done := min(rows.Done, rows.Total)
	return fmt.Sprintf("%s: %d%% (%d of %d rows written)", tp.Name, done*100/rows.Total, done, rows.Total)
}

// processRows returns the process list as SHOW PROCESSLIST's rows (Id,
// User, Host, db, Command, Time, State, Info), ordered by Id; info
// turns the Id and Time into the column types information_schema's
// table declares.
func processRows(ctx *sql.Context, infoSchema bool) []sql.Row {
	procs := ctx.ProcessList.Processes()
	slices.SortFunc(procs, func(a, b sql.Process) int { return cmp.Compare(a.Connection, b.Connection) })
	rows := make([]sql.Row, 0, len(procs))
	for _, p := range procs {
		var db any
		if p.Database != "" {
			db = p.Database
		}
		var id, secs any = int64(p.Connection), int64(p.Seconds())
		if infoSchema {
			id, secs = uint64(p.Connection), int32(p.Seconds())
		}
		rows = append(rows, sql.NewRow(id, p.User, p.Host, db, string(p.Command), secs, processState(p), p.Query))
	}
	return rows
}

// showProcessList builds SHOW [FULL] PROCESSLIST.
func showProcessList(ctx *sql.Context) sql.RowIter {
	return sql.RowsToRowIter(processRows(ctx, false)...)
}

// installProcessListTable makes the catalog's information_schema.PROCESSLIST
// read processRows. The table is the catalog's own (each catalog builds
// its information_schema tables afresh), so no other engine is touched.
func installProcessListTable(cat sql.Catalog) {
	is, err := cat.Database(sql.NewEmptyContext(), "information_schema")
	if err != nil {
		return
	}
	tbl, ok, err := is.GetTableInsensitive(sql.NewEmptyContext(), information_schema.ProcessListTableName)
	if err != nil || !ok {
		return
	}
	if ist, ok := tbl.(*information_schema.InformationSchemaTable); ok {
		ist.Reader = func(ctx *sql.Context, _ sql.Catalog) (sql.RowIter, error) {
			return sql.RowsToRowIter(processRows(ctx, true)...), nil
		}
	}
}
