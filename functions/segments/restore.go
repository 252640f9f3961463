package segments

import (
	"encoding/base64"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// fromTable reads segment db.name from its row of the segments table,
// for a segment whose blob is missing: a database restored from a dump
// has the rows (with their column saved) but not the blobs. It returns
// nil when there is no such row or the row has no saved segment.
func fromTable(fn string, env sqlfn.Env, db, name string) (*Segment, error) {
	_, rows, err := env.Exec("SELECT saved FROM " + qualified(db) + " WHERE name = " + quoteString(name))
	if sql.ErrTableNotFound.Is(err) || sql.ErrColumnNotFound.Is(err) || isMissing(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: read segment %s from the segments table: %w", fn, name, err)
	}
	if len(rows) != 1 || rows[0][0] == nil {
		return nil, nil
	}
	text, ok := rows[0][0].(string)
	if !ok {
		return nil, fmt.Errorf("%s: segment %s: column saved holds %T", fn, name, rows[0][0])
	}
	blob, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		return nil, fmt.Errorf("%s: segment %s: column saved is not base64: %v", fn, name, err)
	}
	s, err := Decode(name, blob)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	return s, nil
}

// isMissing reports errors that mean "no segments table or no column
// saved" after they went through a SQL error (the table of a database
// that never had a segment, or one made by an older build).
func isMissing(err error) bool {
	if err == nil {
		return false
	}
	se := sql.CastSQLError(err)
	return se.Num == 1146 || se.Num == 1054
}
