package server

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"strconv"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// checksumTables is CHECKSUM TABLE t, …: one row per table with its
// name (db.table) and a checksum of its rows, NULL for a table that does
// not exist (as MySQL). A table the caller may not read refuses the
// statement with 1142 (also in a database it holds nothing in, where
// GMS's SELECT says 1044: MySQL checks table by table), whether it
// exists or not, as MySQL does: a NULL there would tell a caller
// without SELECT nothing, but an error is what MySQL's clients expect.
// The checksum is cohortdb's own — the sum of the
// CRC-32 of each row's values, so it does not depend on row order — and
// differs from MySQL's, which hashes InnoDB's row images; equal tables
// have equal checksums.
func (d *handler) checksumTables(ctx context.Context, c *mysql.Conn, m []string, cb mysql.ResultSpoolFn) error {
	cur := d.currentDB(ctx, c)
	r := &sqltypes.Result{Fields: []*querypb.Field{
		{Name: "Table", Type: sqltypes.VarChar, Charset: 255, ColumnLength: 1024},
		{Name: "Checksum", Type: sqltypes.Int64, ColumnLength: 21},
	}}
	var names []string
	for _, name := range strings.Split(m[1], ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		// As MySQL's parser: before any table is read.
		if cur == "" && !strings.Contains(name, ".") {
			return mysql.NewSQLError(mysql.ERNoDb, mysql.SSNoDB, "No database selected")
		}
		names = append(names, name)
	}
	// Each table that cannot be read is a NULL checksum and an
	// Error-level warning, as in MySQL. The warnings are added after the
	// last table is read: each read starts by clearing the session's.
	var warnings []*sql.Warning
	for _, name := range names {
		sum, err := d.checksum(ctx, c, name)
		full := qualifiedName(cur, name)
		if denied := denialOf(err); denied != nil {
			_, table, _ := strings.Cut(full, ".")
			return asTableDenial(denied, "SELECT", table) // denial.go
		}
		if err != nil {
			r.Rows = append(r.Rows, []sqltypes.Value{sqltypes.MakeTrusted(sqltypes.VarChar, []byte(full)), sqltypes.NULL})
			warnings = append(warnings, checksumWarning(err, full))
			continue
		}
		r.Rows = append(r.Rows, []sqltypes.Value{
			sqltypes.MakeTrusted(sqltypes.VarChar, []byte(full)),
			sqltypes.MakeTrusted(sqltypes.Int64, strconv.AppendUint(nil, uint64(sum), 10)),
		})
	}
	if len(warnings) > 0 {
		if p := d.results.Load(); p != nil {
			if sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, ""); err == nil {
				for _, w := range warnings {
					sqlCtx.Session.Warn(w)
				}
			}
		}
	}
	return cb(r, false)
}

// checksumWarning is MySQL's warning for a table CHECKSUM TABLE could not
// read: its error, with the table named as MySQL names it.
func checksumWarning(err error, full string) *sql.Warning {
	w := &sql.Warning{Level: "Error", Code: mysql.ERUnknownError, Message: err.Error()}
	var se *mysql.SQLError
	if errors.As(mapErr(err), &se) {
		w.Code, w.Message = se.Num, se.Message
		switch se.Num {
		case mysql.ERNoSuchTable:
			w.Message = fmt.Sprintf("Table '%s' doesn't exist", full)
		case mysql.ERBadDb:
			db, _, _ := strings.Cut(full, ".")
			w.Message = fmt.Sprintf("Unknown database '%s'", db)
		}
	}
	return w
}

// checksum reads every row of table as the client would and sums the
// rows' CRC-32s.
func (d *handler) checksum(ctx context.Context, c *mysql.Conn, table string) (uint32, error) {
	var sum uint32
	var buf []byte
	err := d.Handler.ComQuery(ctx, c, "SELECT * FROM "+table, func(r *sqltypes.Result, _ bool) error {
		for _, row := range r.Rows {
			buf = buf[:0]
			for _, v := range row {
				if v.IsNull() {
					buf = append(buf, 0xff, 0xff, 0xff, 0xff)
					continue
				}
				buf = binary.LittleEndian.AppendUint32(buf, uint32(len(v.Raw())))
				buf = append(buf, v.Raw()...)
			}
			sum += crc32.ChecksumIEEE(buf)
		}
		return nil
	})
	return sum, err
}

// denialOf returns err as MySQL's access denial (1044 or 1142) when
// it is one, else nil.
func denialOf(err error) error {
	var se *mysql.SQLError
	if err = mapErr(err); errors.As(err, &se) && (se.Num == erTableAccessDenied || se.Num == erDBAccessDenied) {
		return err
	}
	return nil
}

// qualifiedName is db.table as CHECKSUM TABLE names it: unquoted, in the
// current database unless qualified.
func qualifiedName(cur, name string) string {
	name = strings.ReplaceAll(name, "`", "")
	if strings.Contains(name, ".") || cur == "" {
		return name
	}
	return cur + "." + name
}
