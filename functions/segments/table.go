package segments

import (
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// The segments table mirrors the stored segments for browsing
// (SELECT * FROM segments). It is written through Env.Exec, which
// autocommits in a session of its own: a CALL's change to it is
// committed when the CALL returns, whatever the caller's transaction.
//
// Its column saved holds the whole segment (Encode, members included)
// in base64, so that a dump of the database (mysqldump) carries the
// segments as rows: after a restore, a segment whose blob is missing is
// rebuilt from its row on first use (restore.go).

const segmentsTable = "segments"

func createTableSQL(db string) string {
	return "CREATE TABLE IF NOT EXISTS " + qualified(db) + ` (
  name            VARCHAR(64) NOT NULL COMMENT 'segment name (lower case)',
  ` + "`sql`" + `           TEXT NOT NULL COMMENT 'the defining query, one integer column of customer ids',
  size            BIGINT NOT NULL COMMENT 'members at the last refresh',
  refreshed_at    DATETIME(6) NOT NULL COMMENT 'when the members were computed (UTC)',
  control_percent DOUBLE COMMENT 'held-out share, percent (NULL: no control group)',
  control_seed    BIGINT COMMENT 'seed of the control-group hash',
  saved           LONGTEXT COMMENT 'the saved segment with its members (base64); a restored dump rebuilds segments from it',
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

// writeRow replaces s's row in db.segments (prepareTable made it ready).
func writeRow(fn string, env sqlfn.Env, db string, s *Segment) error {
	if err := execCatalog(fn, env, "DELETE FROM "+qualified(db)+" WHERE name = "+quoteString(s.Name)); err != nil {
		return err
	}
	pct, seed := "NULL", "NULL"
	if s.Control != nil {
		pct, seed = fmt.Sprint(s.Control.Percent), fmt.Sprint(s.Control.Seed)
	}
	blob, err := s.Encode(nil)
	if err != nil {
		return err
	}
	q := fmt.Sprintf("INSERT INTO %s (name, `sql`, size, refreshed_at, control_percent, control_seed, saved) "+
		"VALUES (%s, %s, %d, '%s', %s, %s, '%s')", qualified(db),
		quoteString(s.Name), quoteString(s.SQL), s.Members.GetCardinality(),
		s.Refresh.UTC().Format("2006-01-02 15:04:05.000000"), pct, seed, base64.StdEncoding.EncodeToString(blob))
	return execCatalog(fn, env, q)
}

// deleteRow removes name's row from db.segments (creating the table if
// it is missing, so the first CALL of a fresh database works).
func deleteRow(fn string, env sqlfn.Env, db, name string) error {
	if err := prepareTable(fn, env, db); err != nil {
		return err
	}
	return execCatalog(fn, env, "DELETE FROM "+qualified(db)+" WHERE name = "+quoteString(name))
}

// prepareTable creates db.segments when it is missing, and adds the
// column saved to one a build without it created. Both are statements
// with the caller's privileges (CREATE, ALTER).
func prepareTable(fn string, env sqlfn.Env, db string) error {
	if err := sqlfn.EnsureTable(env, db, segmentsTable, createTableSQL(db)); err != nil {
		return fmt.Errorf("%s: create the segments table: %w", fn, err)
	}
	return addSavedColumn(fn, env, db)
}

// addSavedColumn adds the column saved to a segments table created by
// a build that did not have it.
func addSavedColumn(fn string, env sqlfn.Env, db string) error {
	_, rows, err := env.Exec("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = " +
		quoteString(db) + " AND table_name = '" + segmentsTable + "' AND column_name = 'saved'")
	if err != nil {
		return fmt.Errorf("%s: read the segments table's columns: %v", fn, err)
	}
	if len(rows) == 1 && fmt.Sprint(rows[0][0]) != "0" {
		return nil
	}
	return execCatalog(fn, env, "ALTER TABLE "+qualified(db)+" ADD COLUMN saved LONGTEXT")
}

func execCatalog(fn string, env sqlfn.Env, q string) error {
	if _, _, err := env.Exec(q); err != nil {
		return fmt.Errorf("%s: update the segments table: %w", fn, err)
	}
	return nil
}

// now is the refresh time, at the table's microsecond precision.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
