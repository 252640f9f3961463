package server

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// BOOLEAN (TINYINT(1)) columns in result metadata.
//
// MySQL describes a TINYINT(1) column as TINY with column length 1, and
// drivers rely on it: Connector/J (and so Metabase and DBeaver) returns
// such a column as a Boolean, any other TINY as an Integer.
// go-mysql-server sends length 4 for every TINYINT. The batched SELECT
// path builds its fields with columnLength; results of go-mysql-server's
// own handler (prepared statements, other statements) are fixed by
// fixBoolFields from the table's schema.

// boolLength is the column length MySQL sends for TINYINT(1).
const boolLength = 1

// isTinyint1 reports whether t is TINYINT(1), the type of BOOLEAN columns.
func isTinyint1(t sql.Type) bool {
	nt, ok := t.(sql.NumberType)
	return ok && nt.Type() == sqltypes.Int8 && nt.DisplayWidth() == 1
}

// columnLength is the column length of a result column of type t.
func columnLength(ctx *sql.Context, t sql.Type) uint32 {
	if isTinyint1(t) {
		return boolLength
	}
	return t.MaxTextResponseByteLength(ctx)
}

// fixBoolFields sets length 1 on the fields that are TINYINT(1) columns
// of a table, looked up in the catalog by the field's database, table
// and column name. Only TINY fields of a table are looked up.
func fixBoolFields(ctx *sql.Context, dbs sql.DatabaseProvider, fields []*querypb.Field) {
	var schemas map[[2]string]sql.Schema
	for _, f := range fields {
		if f.Type != sqltypes.Int8 || f.ColumnLength == boolLength || f.OrgTable == "" || f.Database == "" {
			continue
		}
		key := [2]string{f.Database, f.OrgTable}
		sch, seen := schemas[key]
		if !seen {
			sch = tableSchema(ctx, dbs, f.Database, f.OrgTable)
			if schemas == nil {
				schemas = map[[2]string]sql.Schema{}
			}
			schemas[key] = sch
		}
		if i := sch.IndexOfColName(f.OrgName); i >= 0 && isTinyint1(sch[i].Type) {
			f.ColumnLength = boolLength
		}
	}
}

// tableSchema is the schema of db.table, or nil when it cannot be read.
// It reads the provider, not the catalog, whose privilege checks need the
// user's session: the client has already been given these columns.
func tableSchema(ctx *sql.Context, dbs sql.DatabaseProvider, db, table string) sql.Schema {
	d, err := dbs.Database(ctx, db)
	if err != nil {
		return nil
	}
	t, ok, err := d.GetTableInsensitive(ctx, table)
	if err != nil || !ok {
		return nil
	}
	return t.Schema()
}
