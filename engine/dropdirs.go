package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// Drop directories: the import directory (--import-dir), whose new files
// CALL import_files() loads, and the export directory (--export-dir),
// where CALL export_segment() and export_query() write CSV files. They
// are the only server files scheduled work touches, separate from
// secure_file_priv (which governs LOAD_FILE, INTO OUTFILE and LOAD DATA
// INFILE). Invariants: a procedure reads only inside the import
// directory and writes only inside the export directory, after resolving
// symbolic links; a name that would leave the directory (absolute, "..",
// a link pointing out) is refused with 1290 before the file system is
// touched for it. Both need the FILE privilege.

// DropDirs are the configured directories; "" means not configured (the
// procedures then answer 1290).
type DropDirs struct {
	Import, Export string
}

// SetDropDirs sets the import and export directories. Each must be an
// existing directory; they are kept absolute with links resolved. Call it
// before serving.
func (e *Engine) SetDropDirs(d DropDirs) error {
	var err error
	if d.Import, err = dropDir("import", d.Import); err != nil {
		return err
	}
	if d.Export, err = dropDir("export", d.Export); err != nil {
		return err
	}
	e.dirs = d
	return nil
}

func dropDir(what, dir string) (string, error) {
	if dir == "" {
		return "", nil
	}
	abs, err := filepath.Abs(dir)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return "", fmt.Errorf("%s directory %s: %w", what, dir, err)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("%s directory %s is not a directory", what, dir)
	}
	return abs, nil
}

// dirRefused is MySQL's 1290 for a file outside a drop directory, or for
// a drop directory the server was started without.
func dirRefused(flag string) error {
	return mysql.NewSQLError(erOptionPrevents, "HY000",
		"The cohortdb server is running without %s covering this file, so it cannot execute this statement", flag)
}

// inDir returns the real path of name inside dir: name must be relative,
// stay inside dir, and (once links are resolved, for the parts that
// exist) still be inside dir.
func inDir(dir, flag, name string) (string, error) {
	if dir == "" {
		return "", dirRefused(flag)
	}
	clean := filepath.Clean(name)
	if name == "" || filepath.IsAbs(name) || clean == "." || clean == ".." ||
		strings.HasPrefix(clean, ".."+string(filepath.Separator)) {
		return "", dirRefused(flag)
	}
	full := filepath.Join(dir, clean)
	parent, err := filepath.EvalSymlinks(filepath.Dir(full))
	if err != nil {
		return "", fileNotFound(name)
	}
	real := filepath.Join(parent, filepath.Base(full))
	if fi, err := os.Lstat(real); err == nil && fi.Mode()&os.ModeSymlink != 0 {
		if real, err = filepath.EvalSymlinks(real); err != nil {
			return "", fileNotFound(name)
		}
	}
	if !(FileAccess{Enabled: true, Dir: dir}).inside(real) {
		return "", dirRefused(flag)
	}
	return real, nil
}

// fileNotFound is MySQL's EE_FILENOTFOUND (29), naming the file as the
// caller did (the server's own paths stay private).
func fileNotFound(name string) error {
	return mysql.NewSQLError(29, "HY000", "File '%s' not found (Errcode: 2 - No such file or directory)", name)
}

// needFile checks the FILE privilege every drop-directory procedure needs.
func (e *Engine) needFile(ctx *sql.Context) error {
	priv := e.provider.privileges()
	if !priv.global(ctx, sql.PrivilegeType_File) {
		return priv.fileDenied(ctx)
	}
	return nil
}

// registerDropDirProcedures adds import_files, import_file,
// export_query and export_segment to CALL.
func (e *Engine) registerDropDirProcedures() {
	for _, proc := range []sql.ExternalStoredProcedureDetails{
		{Name: "import_files", Schema: importResult, Function: e.importFiles},
		{Name: "import_file", Schema: importResult, Function: e.importFile},
		{Name: "export_query", Schema: exportResult, Function: e.exportQuery},
		{Name: "export_segment", Schema: exportResult, Function: e.exportSegment},
	} {
		e.provider.procs.Register(proc)
		e.routines.addProcedure(proc.Name)
	}
}
