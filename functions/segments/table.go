package segments

import (
	"fmt"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The segments table mirrors the stored segments for browsing
// (SELECT * FROM segments). It is written through Env.Exec, which
// autocommits in a session of its own: a CALL's change to it is
// committed when the CALL returns, whatever the caller's transaction.

const segmentsTable = "segments"

func createTableSQL(db string) string {
	return "CREATE TABLE IF NOT EXISTS " + qualified(db) + ` (
  name            VARCHAR(64) NOT NULL COMMENT 'segment name (lower case)',
  ` + "`sql`" + `           TEXT NOT NULL COMMENT 'the defining query, one integer column of customer ids',
  size            BIGINT NOT NULL COMMENT 'members at the last refresh',
  refreshed_at    DATETIME(6) NOT NULL COMMENT 'when the members were computed (UTC)',
  control_percent DOUBLE COMMENT 'held-out share, percent (NULL: no control group)',
  control_seed    BIGINT COMMENT 'seed of the control-group hash',
  PRIMARY KEY (name)
) COMMENT 'saved customer segments (functions/segments); written by create_segment, refresh_segment, drop_segment'`
}

func qualified(db string) string { return quoteIdent(db) + "." + segmentsTable }

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

// quoteString renders s as a MySQL string literal.
func quoteString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `'`, `''`, "\x00", `\0`)
	return "'" + r.Replace(s) + "'"
}

// writeRow replaces s's row in db.segments, creating the table on first use.
func writeRow(fn string, env sqlfn.Env, db string, s *Segment) error {
	if err := deleteRow(fn, env, db, s.Name); err != nil {
		return err
	}
	pct, seed := "NULL", "NULL"
	if s.Control != nil {
		pct, seed = fmt.Sprint(s.Control.Percent), fmt.Sprint(s.Control.Seed)
	}
	q := fmt.Sprintf("INSERT INTO %s VALUES (%s, %s, %d, '%s', %s, %s)", qualified(db),
		quoteString(s.Name), quoteString(s.SQL), s.Members.GetCardinality(),
		s.Refresh.UTC().Format("2006-01-02 15:04:05.000000"), pct, seed)
	return execCatalog(fn, env, q)
}

// deleteRow removes name's row from db.segments (creating the table if
// it is missing, so the first CALL of a fresh database works).
func deleteRow(fn string, env sqlfn.Env, db, name string) error {
	if err := execCatalog(fn, env, createTableSQL(db)); err != nil {
		return err
	}
	return execCatalog(fn, env, "DELETE FROM "+qualified(db)+" WHERE name = "+quoteString(name))
}

func execCatalog(fn string, env sqlfn.Env, q string) error {
	if _, _, err := env.Exec(q); err != nil {
		return fmt.Errorf("%s: update the segments table: %v", fn, err)
	}
	return nil
}

// now is the refresh time, at the table's microsecond precision.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
