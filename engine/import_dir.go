package engine

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// CALL import_files() loads every new file of the import directory into
// the current database, through the same loader as LOAD DATA and
// `cohortdb import` (atomic per file, recorded in load_history). A file
// goes to the table its name or folder names: <dir>/<table>.<anything>
// or <dir>/<table>/<anything>. CSV with a header line (tab-separated for
// .tsv), gzip or zstd compressed or not. Dot-files and names ending in
// .tmp or .part are skipped (write a file under such a name, then rename
// it). The database's imported_files table remembers every file tried:
// a file loads once; a file that failed is tried again only after it
// changed (size or modification time). Every file is tried even when one
// fails; the call then fails with the first failure's MySQL error.

var importResult = sql.Schema{
	{Name: "file", Type: types.LongText},
	{Name: "table", Type: types.LongText},
	{Name: "status", Type: types.LongText},
	{Name: "rows_loaded", Type: types.Int64},
	{Name: "message", Type: types.LongText},
}

const importedFilesDDL = "CREATE TABLE IF NOT EXISTS `%s`.imported_files (" +
	"file VARCHAR(1024) NOT NULL COMMENT 'path inside the import directory', " +
	"size BIGINT NOT NULL, " +
	"modified_at DATETIME(6) NOT NULL COMMENT 'the file''s modification time (UTC)', " +
	"`table` VARCHAR(64) NOT NULL, " +
	"status VARCHAR(16) NOT NULL COMMENT 'loading, loaded or failed', " +
	"rows_loaded BIGINT NOT NULL DEFAULT 0, " +
	"message TEXT, " +
	"tried_at DATETIME(6) NOT NULL COMMENT 'UTC', " +
	"PRIMARY KEY (file)) COMMENT 'files CALL import_files() loaded or tried'"

// dropFile is one candidate file of the import directory.
type dropFile struct {
	rel, real, table string
	size             int64
	mtime            time.Time // UTC, microseconds
}

// ledgerEntry is a row of imported_files.
type ledgerEntry struct {
	size   int64
	mtime  time.Time
	status string
}

// done reports whether f needs no load: it loaded before, or it was
// tried (failed, or interrupted while loading) and has not changed.
func (l ledgerEntry) done(f dropFile) bool {
	return l.status == "loaded" || (l.size == f.size && l.mtime.Equal(f.mtime))
}

func (e *Engine) importFiles(ctx *sql.Context) (sql.RowIter, error) {
	db, err := e.importStart(ctx)
	if err != nil {
		return nil, err
	}
	defer e.importMu.Unlock()
	files, err := listImportFiles(e.dirs.Import)
	if err != nil {
		return nil, err
	}
	return e.importAll(ctx, db, files, false)
}

func (e *Engine) importFile(ctx *sql.Context, name string) (sql.RowIter, error) {
	db, err := e.importStart(ctx)
	if err != nil {
		return nil, err
	}
	defer e.importMu.Unlock()
	real, err := inDir(e.dirs.Import, "--import-dir", name)
	if err != nil {
		return nil, err
	}
	f, err := statDropFile(filepath.ToSlash(filepath.Clean(name)), real)
	if err != nil {
		return nil, fileNotFound(name)
	}
	return e.importAll(ctx, db, []dropFile{f}, true)
}

// importStart checks the call and takes importMu (one import at a time,
// so two calls never load the same file).
func (e *Engine) importStart(ctx *sql.Context) (string, error) {
	if err := e.needFile(ctx); err != nil {
		return "", err
	}
	if e.dirs.Import == "" {
		return "", dirRefused("--import-dir")
	}
	db := ctx.GetCurrentDatabase()
	if db == "" {
		return "", sql.ErrNoDatabaseSelected.New()
	}
	e.importMu.Lock()
	return db, nil
}

func (e *Engine) importAll(ctx *sql.Context, db string, files []dropFile, reportSkips bool) (sql.RowIter, error) {
	// A caller without INSERT on a file's table is refused that file
	// before anything is recorded or skipped (as MySQL, whether the table
	// exists or not): were the file marked tried, it would be skipped for
	// the account that may load it. The ledger table is created only for
	// a file the caller may load, so a call refused every file (or given
	// none) changes nothing.
	denied := make([]error, len(files))
	allowed := 0
	for i, f := range files {
		if denied[i] = e.provider.privileges().table(ctx, db, f.table, sql.PrivilegeType_Insert); denied[i] == nil {
			allowed++
		}
	}
	var ledger map[string]ledgerEntry
	if allowed > 0 {
		if _, err := e.internalExec(ctx, fmt.Sprintf(importedFilesDDL, db)); err != nil {
			return nil, fmt.Errorf("create %s.imported_files: %w", db, err)
		}
		var err error
		if ledger, err = e.importLedger(ctx, db); err != nil {
			return nil, err
		}
	}
	var rows []sql.Row
	var firstErr error
	var firstFile string
	failed, loaded := 0, 0
	for i, f := range files {
		if err := denied[i]; err != nil {
			failed++
			if firstErr == nil {
				firstErr, firstFile = err, f.rel
			}
			rows = append(rows, sql.Row{f.rel, f.table, "failed", int64(0), sql.CastSQLError(err).Message})
			continue
		}
		if l, ok := ledger[f.rel]; ok && l.done(f) {
			if reportSkips {
				rows = append(rows, sql.Row{f.rel, f.table, "skipped", int64(0), "tried before (status " + l.status + ")"})
			}
			continue
		}
		n, err := e.importOne(ctx, db, f)
		if err != nil {
			failed++
			if firstErr == nil {
				firstErr, firstFile = err, f.rel
			}
			rows = append(rows, sql.Row{f.rel, f.table, "failed", int64(0), sql.CastSQLError(err).Message})
			continue
		}
		loaded++
		rows = append(rows, sql.Row{f.rel, f.table, "loaded", n, nil})
	}
	if firstErr != nil {
		se := sql.CastSQLError(firstErr)
		return nil, mysql.NewSQLError(int(se.Num), se.State, "import of %s failed: %s (%d file(s) failed, %d loaded; see imported_files and load_history)",
			firstFile, se.Message, failed, loaded)
	}
	return sql.RowsToRowIter(rows...), nil
}

// importOne loads one file, recording it in imported_files before (as
// loading: a crash then leaves it tried, never loaded twice) and after.
func (e *Engine) importOne(ctx *sql.Context, db string, f dropFile) (int64, error) {
	st, err := e.store.Table(db, f.table)
	if err != nil {
		err = mysql.NewSQLError(mysql.ERNoSuchTable, "42S02",
			"Table '%s.%s' doesn't exist: name import files <table>.<anything> or put them in a folder <table>/", db, f.table)
		e.recordImport(ctx, db, f, "failed", 0, err)
		return 0, err
	}
	e.recordImport(ctx, db, f, "loading", 0, nil)
	req := LoadRequest{DB: db, Table: f.table, Source: "import-dir: " + f.rel,
		Options: ingest.Options{Format: importFormat(f.rel), Header: true, Mode: storage.LoadAppend}}
	res, err := e.LoadFrom(ctx, req, func() (io.Reader, func(), error) {
		r, err := os.Open(f.real)
		if err != nil {
			return nil, nil, err
		}
		return r, func() { r.Close() }, nil
	})
	if err != nil {
		err = e.importError(ctx, db, st, err)
		e.recordImport(ctx, db, f, "failed", 0, err)
		return 0, err
	}
	e.recordImport(ctx, db, f, "loaded", res.RowsLoaded, nil)
	return res.RowsLoaded, nil
}

// importError is a failed import's error as LOAD DATA gives it: 1062
// "Duplicate entry …" for a file rejected at a taken primary key, else
// loadError's (1366 for bad values).
func (e *Engine) importError(ctx *sql.Context, db string, st *storage.Table, err error) error {
	if t, terr := newTable(ctx, e.provider.database(db), st); terr == nil {
		if dup := dupEntryRejection(ctx, t, err); dup != nil {
			return dup
		}
	}
	return loadError(err)
}

// importFormat is CSV, or tab-separated for .tsv and .tab files.
func importFormat(name string) ingest.Format {
	base := strings.ToLower(name)
	for _, ext := range []string{".gz", ".zst", ".zstd"} {
		base = strings.TrimSuffix(base, ext)
	}
	f := ingest.CSV
	if strings.HasSuffix(base, ".tsv") || strings.HasSuffix(base, ".tab") {
		f.FieldSep = "\t"
	}
	return f
}

func (e *Engine) importLedger(ctx *sql.Context, db string) (map[string]ledgerEntry, error) {
	rows, err := e.internalExec(ctx, fmt.Sprintf("SELECT file, size, modified_at, status FROM `%s`.imported_files", db))
	if err != nil {
		return nil, fmt.Errorf("read %s.imported_files: %w", db, err)
	}
	out := make(map[string]ledgerEntry, len(rows))
	for _, r := range rows {
		name, _ := r[0].(string)
		size, _ := r[1].(int64)
		mtime, _ := r[2].(time.Time)
		status, _ := r[3].(string)
		out[name] = ledgerEntry{size: size, mtime: mtime.UTC(), status: status}
	}
	return out, nil
}

// recordImport writes f's row of imported_files. A failure to record is
// returned by nothing: the load's own outcome is what the caller sees,
// and load_history has it too.
func (e *Engine) recordImport(ctx *sql.Context, db string, f dropFile, status string, n int64, loadErr error) {
	msg := "NULL"
	if loadErr != nil {
		msg = sqlString(sql.CastSQLError(loadErr).Message)
	}
	q := fmt.Sprintf("REPLACE INTO `%s`.imported_files (file, size, modified_at, `table`, status, rows_loaded, message, tried_at) "+
		"VALUES (%s, %d, '%s', %s, '%s', %d, %s, '%s')", db, sqlString(f.rel), f.size, f.mtime.Format(runTimeLayout),
		sqlString(f.table), status, n, msg, time.Now().UTC().Format(runTimeLayout))
	if _, err := e.internalExec(ctx, q); err != nil {
		ctx.GetLogger().Errorf("record import of %s in %s.imported_files: %v", f.rel, db, err)
	}
}

// listImportFiles lists the candidate files: regular files (or links to
// files inside dir) at the top level and one folder down, sorted by path
// so files load in name order (date-stamped names load oldest first).
func listImportFiles(dir string) ([]dropFile, error) {
	var out []dropFile
	top, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("read the import directory: %w", err)
	}
	for _, ent := range top {
		if skipImportName(ent.Name()) {
			continue
		}
		if ent.IsDir() {
			sub, err := os.ReadDir(filepath.Join(dir, ent.Name()))
			if err != nil {
				return nil, fmt.Errorf("read the import directory: %w", err)
			}
			for _, s := range sub {
				out = appendDropFile(out, dir, ent.Name()+"/"+s.Name(), s.Name())
			}
			continue
		}
		out = appendDropFile(out, dir, ent.Name(), ent.Name())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].rel < out[j].rel })
	return out, nil
}

func appendDropFile(out []dropFile, dir, rel, base string) []dropFile {
	if skipImportName(base) {
		return out
	}
	real, err := inDir(dir, "--import-dir", filepath.FromSlash(rel))
	if err != nil {
		return out // a link pointing outside: never read
	}
	f, err := statDropFile(rel, real)
	if err != nil {
		return out // a folder two levels down, a vanished file
	}
	return append(out, f)
}

func statDropFile(rel, real string) (dropFile, error) {
	fi, err := os.Stat(real)
	if err != nil {
		return dropFile{}, err
	}
	if !fi.Mode().IsRegular() {
		return dropFile{}, fmt.Errorf("%s is not a regular file", rel)
	}
	table := rel
	if d, _, ok := strings.Cut(rel, "/"); ok {
		table = d
	} else {
		table, _, _ = strings.Cut(rel, ".")
	}
	return dropFile{rel: rel, real: real, table: table, size: fi.Size(),
		mtime: fi.ModTime().UTC().Truncate(time.Microsecond)}, nil
}

// skipImportName: hidden files and names of files still being written.
func skipImportName(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, ".") || strings.HasSuffix(n, ".tmp") || strings.HasSuffix(n, ".part")
}
