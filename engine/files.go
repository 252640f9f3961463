package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// FileAccess says which server files SQL may read and write: LOAD_FILE(),
// SELECT … INTO OUTFILE/DUMPFILE and LOAD DATA INFILE without LOCAL.
// It is MySQL's secure_file_priv: disabled (the zero value, MySQL's
// NULL) refuses them all; enabled with Dir "" allows any file the server
// process can reach; enabled with a Dir allows only files inside it
// (symbolic links resolved, so a link inside cannot lead outside). Each of
// them also needs the FILE privilege. LOAD DATA LOCAL reads the client's
// file and needs neither.
type FileAccess struct {
	Enabled bool
	Dir     string
}

// String is the value of @@secure_file_priv: NULL, "" or the directory.
func (f FileAccess) String() string {
	if !f.Enabled {
		return "NULL"
	}
	return f.Dir
}

// ParseFileAccess reads a --secure-file-priv value as MySQL does: "NULL"
// disables file access, "" allows any file, anything else is a directory,
// which must exist.
func ParseFileAccess(v string) (FileAccess, error) {
	switch {
	case strings.EqualFold(v, "NULL"):
		return FileAccess{}, nil
	case v == "":
		return FileAccess{Enabled: true}, nil
	}
	abs, err := filepath.Abs(v)
	if err == nil {
		abs, err = filepath.EvalSymlinks(abs)
	}
	if err != nil {
		return FileAccess{}, fmt.Errorf("secure_file_priv directory %s: %w", v, err)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.IsDir() {
		return FileAccess{}, fmt.Errorf("secure_file_priv %s is not a directory", v)
	}
	return FileAccess{Enabled: true, Dir: abs}, nil
}

// SetFileAccess sets where SQL may read and write server files. Call it
// before serving; the default refuses all server file access.
func (e *Engine) SetFileAccess(f FileAccess) { *e.provider.files = f }

// erOptionPrevents is MySQL's ER_OPTION_PREVENTS_STATEMENT (1290), its
// answer to a file outside secure_file_priv (or any file when disabled).
const erOptionPrevents = 1290

// erFileExists is MySQL's ER_FILE_EXISTS_ERROR (1086).
const erFileExists = 1086

var errOutsideSecureDir = mysql.NewSQLError(erOptionPrevents, "HY000",
	"The MySQL server is running with the --secure-file-priv option so it cannot execute this statement")

// readable returns the real path of an existing file SQL may read, or
// errOutsideSecureDir, or the file system's error.
func (f FileAccess) readable(path string) (string, error) {
	if !f.Enabled {
		return "", errOutsideSecureDir
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if !f.inside(abs) { // before touching the file system: outside, even existence is private
		return "", errOutsideSecureDir
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return "", err
	}
	if !f.inside(real) {
		return "", errOutsideSecureDir
	}
	return real, nil
}

// writable returns the real path of a new file SQL may create: its
// directory's links are resolved and the file must not exist yet (it is
// then created with O_EXCL, so a link planted in its place fails too).
func (f FileAccess) writable(path string) (string, error) {
	if !f.Enabled {
		return "", errOutsideSecureDir
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	if !f.inside(abs) {
		return "", errOutsideSecureDir
	}
	dir, err := filepath.EvalSymlinks(filepath.Dir(abs))
	if err != nil {
		return "", err
	}
	real := filepath.Join(dir, filepath.Base(abs))
	if !f.inside(real) {
		return "", errOutsideSecureDir
	}
	if _, err := os.Lstat(real); err == nil {
		return "", mysql.NewSQLError(erFileExists, "HY000", "File '%s' already exists", path)
	}
	return real, nil
}

// inside reports whether the resolved path lies inside Dir (any path when
// Dir is "").
func (f FileAccess) inside(real string) bool {
	if f.Dir == "" {
		return true
	}
	rel, err := filepath.Rel(f.Dir, real)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// fileAllowed checks a file statement's FILE privilege and path: it
// returns the path to use (links resolved) or MySQL's error.
func (p *Provider) fileAllowed(ctx *sql.Context, path string, write bool) (string, error) {
	priv := p.privileges()
	if !priv.global(ctx, sql.PrivilegeType_File) {
		return "", priv.fileDenied(ctx)
	}
	if write {
		return p.files.writable(path)
	}
	return p.files.readable(path)
}
