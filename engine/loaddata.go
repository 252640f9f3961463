package engine

import (
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/engine/ingest"
	"github.com/cohortdb/cohortdb/storage"
)

// loadDataBuilder executes LOAD DATA [LOCAL] INFILE into cohortdb tables
// with the bulk loader instead of GMS's row-at-a-time insert: the file is
// loaded whole or not at all (MySQL's LOCAL loads would turn bad rows into
// warnings and keep the rest; cohortdb does that only when the statement
// says IGNORE), columnar, and recorded in load_history. Other nodes fall
// through to GMS's builder.
// It also hands the subtrees the vectorised executor compiles to it
// (buildExec), drops the table of a failed CREATE TABLE … SELECT
// (buildCreateSelect) and brings an INSERT's and an UPDATE's values into
// their columns' ranges as MySQL does (rangeChecked, rangeUpdate).
type loadDataBuilder struct {
	e    *Engine
	base sql.NodeExecBuilder // the builder this overrides, for children
}

var _ sql.NodeExecBuilder = (*loadDataBuilder)(nil)

func (b *loadDataBuilder) Build(ctx *sql.Context, n sql.Node, row sql.Row) (sql.RowIter, error) {
	if _, ok := n.(*plan.ShowProcessList); ok {
		return showProcessList(ctx), nil // processlist.go
	}
	if a, ok := n.(*accountedNode); ok {
		it, _, err := b.buildAccounted(ctx, a, row)
		return it, err
	}
	if r, ok := n.(*rangedSource); ok {
		return b.buildRanged(ctx, r, row) // insert_range.go
	}
	if ins, ok := n.(*plan.InsertInto); ok {
		if ranged := rangeChecked(ctx, ins); ranged != nil {
			return b.base.Build(ctx, ranged, row) // built as is on the way back
		}
	}
	if us, ok := n.(*plan.UpdateSource); ok {
		if ranged := rangeUpdate(ctx, us); ranged != nil {
			return b.base.Build(ctx, ranged, row) // update_range.go; built as is on the way back
		}
	}
	if chargedAlready(n) {
		return nil, nil // the second pass of buildCharged: GMS's operator
	}
	checked, err := b.guard(ctx, n)
	if err != nil {
		return nil, err
	}
	target := n
	if checked != nil {
		target = checked
	}
	if into, ok := target.(*plan.Into); ok && into.Outfile != "" {
		return b.buildOutfile(ctx, into, row)
	}
	if checked != nil {
		return b.base.Build(ctx, checked, row)
	}
	if filtered, err := zoneFilterDML(ctx, n); err != nil {
		return nil, err
	} else if filtered != nil {
		return b.base.Build(ctx, filtered, row) // filters pushed: built as is on the way back
	}
	if tc, ok := n.(*plan.TableCopier); ok {
		if ct, ok := tc.Destination.(*plan.CreateTable); ok && !ct.Temporary() {
			if it, err := b.buildCreateSelect(ctx, tc, ct, row); it != nil || err != nil {
				return it, err
			}
		}
	}
	if d, ok := n.(*plan.DescribeQuery); ok && d.Format.Plan && !d.Format.Analyze {
		return describeCompiled(ctx, d), nil
	}
	if it, ok, err := b.buildExec(ctx, n, row); ok {
		return it, err
	}
	return b.buildRowByRow(ctx, n, row)
}

// buildRowByRow builds n for GMS's operators (its children go through
// Build again).
func (b *loadDataBuilder) buildRowByRow(ctx *sql.Context, n sql.Node, row sql.Row) (sql.RowIter, error) {
	if g, ok := n.(*plan.GroupBy); ok {
		if keyed := unsignedZeroKeys(g); keyed != nil {
			return b.base.Build(ctx, keyed, row) // built as is on the way back
		}
	}
	if it, ok, err := b.buildAccounted(ctx, n, row); ok {
		return it, err
	}
	ins, ok := n.(*plan.InsertInto)
	if !ok {
		return nil, nil
	}
	ld := findLoadData(ins.Source)
	if ld == nil {
		return nil, nil
	}
	t := destinationTable(ins.Destination)
	if t == nil {
		return nil, nil
	}
	req, err := loadRequest(ctx, t, ld)
	if err != nil {
		return nil, err
	}
	res, err := b.e.LoadFrom(ctx, req, func() (io.Reader, func(), error) {
		f, err := openLoadFile(ctx, b.e.provider.files, ld)
		if err != nil {
			return nil, nil, err
		}
		in, done, err := ingest.Decompress(f)
		if err != nil {
			f.Close()
			return nil, nil, err
		}
		return in, func() { done(); f.Close() }, nil
	})
	if err != nil {
		if dup := dupEntryRejection(ctx, t, err); dup != nil {
			return nil, dup
		}
		return nil, loadError(err)
	}
	for _, re := range res.Errors {
		if re.Key != nil {
			ctx.Session.Warn(&sql.Warning{Level: "Warning", Code: erDupEntry, Message: dupKeyText(ctx, t, re.Key)})
			continue
		}
		ctx.Session.Warn(&sql.Warning{Level: "Warning", Code: 1366, Message: re.String()})
	}
	// The bad rows past those kept (max_error_count) still count.
	if s := sessionOf(ctx); s != nil {
		s.CountUnstoredWarnings(int(res.RowsRejected) - len(res.Errors))
	}
	return sql.RowsToRowIter(sql.NewRow(types.NewOkResult(int(res.RowsLoaded)))), nil
}

// findLoadData finds the LOAD DATA source under the projection the
// analyzer puts on top of it.
func findLoadData(n sql.Node) *plan.LoadData {
	var out *plan.LoadData
	transform.Inspect(n, func(n sql.Node) bool {
		if ld, ok := n.(*plan.LoadData); ok {
			out = ld
		}
		return out == nil
	})
	return out
}

func destinationTable(n sql.Node) *Table {
	var out *Table
	transform.Inspect(n, func(n sql.Node) bool {
		if rt, ok := n.(*plan.ResolvedTable); ok {
			switch t := sql.GetUnderlyingTable(rt.Table).(type) {
			case *Table:
				out = t
			case *IndexedTable:
				out = t.Table
			}
		}
		return out == nil
	})
	return out
}

// explicitIgnore finds IGNORE/REPLACE before INTO TABLE in the statement
// text: GMS marks every LOCAL load as IGNORE, so the plan cannot tell.
var explicitIgnore = regexp.MustCompile(`(?is)\b(IGNORE|REPLACE)\s+INTO\s+TABLE\b`)

func loadRequest(ctx *sql.Context, t *Table, ld *plan.LoadData) (LoadRequest, error) {
	if len(ld.SetExprs) > 0 || hasUserVars(ld.UserVars) {
		return LoadRequest{}, notSupported("LOAD DATA with SET or @variables")
	}
	if ld.LinesStartingBy != "" {
		return LoadRequest{}, notSupported("LOAD DATA ... LINES STARTING BY")
	}
	f := ingest.Format{FieldSep: ld.FieldsTerminatedBy, LineSep: ld.LinesTerminatedBy}
	if ld.FieldsEnclosedBy != "" {
		// CSV style: shops' exports write NULL as an empty field, so an
		// empty unquoted field is NULL (a quoted "" stays an empty string).
		f.Enclose, f.EmptyNull = ld.FieldsEnclosedBy[0], true
	}
	if ld.FieldsEscapedBy != "" {
		f.Escape = ld.FieldsEscapedBy[0]
	}
	mode, ignore := storage.LoadAppend, ld.IsIgnore
	if ld.IsReplace {
		mode = storage.LoadUpsert
	}
	if ld.Local && !ld.IsReplace {
		m := explicitIgnore.FindStringSubmatch(ctx.Query())
		ignore = m != nil && strings.EqualFold(m[1], "IGNORE")
	}
	var fields []string // nil: the table's columns in order
	if len(ld.ColNames) > 0 {
		fields = ld.ColNames
	}
	return LoadRequest{DB: t.db.name, Table: t.Name(), Source: "LOAD DATA " + ld.File,
		Options: ingest.Options{Format: f, Fields: fields, SkipLines: int(ld.IgnoreNum), Ignore: ignore, Mode: mode,
			KeepErrors: keepErrors(ctx)}}, nil
}

// keepErrors is how many of an IGNORE load's problems LOAD DATA keeps
// as warnings: the session's max_error_count (MySQL's rule; 1024 by
// default), at least one (the ingest's 0 means its own default).
func keepErrors(ctx *sql.Context) int {
	if s := sessionOf(ctx); s != nil {
		return int(max(s.maxErrorCount(), 1))
	}
	return ingest.MaxErrors
}

func hasUserVars(vars []sql.Expression) bool {
	for _, v := range vars {
		if v != nil {
			return true
		}
	}
	return false
}

// openLoadFile opens the client's file (LOCAL) or a server file, which
// must be one secure_file_priv allows (guardLoad checked the FILE
// privilege; the path is resolved again here, where it is opened).
func openLoadFile(ctx *sql.Context, files *FileAccess, ld *plan.LoadData) (io.ReadCloser, error) {
	if ld.Local {
		return ctx.LoadInfile(ld.File)
	}
	real, err := files.readable(ld.File)
	if err != nil {
		return nil, loadOpenError(err)
	}
	f, err := os.Open(real)
	if err != nil {
		return nil, loadOpenError(err)
	}
	return f, nil
}

// loadOpenError keeps MySQL errors (1290: outside secure_file_priv) and
// reports file system errors as GMS's cannot-open error.
func loadOpenError(err error) error {
	var se *mysql.SQLError
	if errors.As(err, &se) {
		return se
	}
	return sql.ErrLoadDataCannotOpen.New(err.Error())
}

// loadError gives a rejected load MySQL's "incorrect value" code, so
// clients see 1366 with the lines and columns in the message; a load
// into a table with a primary key that another write changed meanwhile
// is 1213, as a conflicting commit is (nothing was loaded: retry it).
func loadError(err error) error {
	var rej *ingest.RejectedError
	if errors.As(err, &rej) {
		return sqlError(1366, "HY000", err.Error())
	}
	if errors.Is(err, storage.ErrConflict) {
		return commitError(err)
	}
	if derr := diskError(err); derr != nil {
		return derr
	}
	return err
}

// dupEntryRejection is MySQL's 1062 (SQLSTATE 23000) for a load of t
// rejected at a taken primary key (its first problem: MySQL stops at the
// first bad row), or nil for any other error.
func dupEntryRejection(ctx *sql.Context, t *Table, err error) error {
	var rej *ingest.RejectedError
	if errors.As(err, &rej) && len(rej.Result.Errors) > 0 && rej.Result.Errors[0].Key != nil {
		return mysql.NewSQLError(erDupEntry, "23000", "%s", dupKeyText(ctx, t, rej.Result.Errors[0].Key))
	}
	return nil
}

// erDupEntry is MySQL's ER_DUP_ENTRY.
const erDupEntry = 1062

// dupKeyText is MySQL's "Duplicate entry '1' for key 't.PRIMARY'" for
// key, the storage values of t's primary key a loaded row took again
// (the text INSERT gives, see dupEntryErr).
func dupKeyText(ctx *sql.Context, t *Table, key storage.Row) string {
	vals := make([]string, len(key))
	for i, v := range key {
		ord := t.sch.pk.PkOrdinals[i]
		if gv, err := t.sch.codecs[ord].decode(v); err == nil {
			v = gv
		}
		vals[i] = valueText(ctx, t.sch.pk.Schema[ord].Type, v)
	}
	return fmt.Sprintf("Duplicate entry '%s' for key '%s.PRIMARY'", strings.Join(vals, "-"), t.Name())
}
