package engine

import (
	"context"
	"fmt"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/vt/sqlparser"
	"github.com/sirupsen/logrus"
)

// eventRunsDDL creates a database's record of event runs. Rows are
// written by the scheduler as an internal (root) session, never by the
// event's definer, and never inside the run's transaction: a run that
// fails and rolls back is still recorded.
const eventRunsDDL = "CREATE TABLE IF NOT EXISTS `%s`.event_runs (" +
	"id BIGINT NOT NULL AUTO_INCREMENT, " +
	"event VARCHAR(64) NOT NULL, " +
	"definer VARCHAR(300) NOT NULL, " +
	"started_at DATETIME(6) NOT NULL, " +
	"finished_at DATETIME(6), " +
	"status VARCHAR(16) NOT NULL COMMENT 'running, ok, failed or interrupted', " +
	"error_code INT COMMENT 'MySQL error number when failed', " +
	"message TEXT COMMENT 'the error when failed', " +
	"PRIMARY KEY (id)) COMMENT 'one row per run of a scheduled event (UTC times)'"

// ensureEventRuns creates db.event_runs unless it exists.
func (e *Engine) ensureEventRuns(ctx context.Context, db string) error {
	if _, err := e.store.Table(db, "event_runs"); err == nil {
		return nil
	}
	if _, err := e.internalExec(ctx, fmt.Sprintf(eventRunsDDL, db)); err != nil {
		return fmt.Errorf("create %s.event_runs: %w", db, err)
	}
	return nil
}

// internalExec runs one statement as root in a session of its own.
func (e *Engine) internalExec(ctx context.Context, q string) ([]sql.Row, error) {
	ictx := e.NewContext(ctx)
	_, iter, _, err := e.sql.Query(ictx, q)
	if err != nil {
		return nil, err
	}
	return sql.RowIterToRows(ictx, iter)
}

// runEvent is the scheduler's run function: it records the run as
// running, runs the event's body as its definer, then records the
// outcome. It never panics; its error makes the scheduler roll back the
// run's transaction and log it, and the event stays scheduled either way.
func (e *Engine) runEvent(ctx *sql.Context, db, createStmt, user, host string) (err error) {
	name := eventNameOf(createStmt)
	id := e.beginEventRun(ctx, db, name, user+"@"+host)
	defer func() {
		if r := recover(); r != nil {
			logrus.Errorf("event %s.%s panicked: %v\n%s", db, name, r, debug.Stack())
			err = fmt.Errorf("the run stopped on an internal error: %v", r)
		}
		e.endEventRun(ctx, db, id, err)
	}()
	return e.execEventBody(ctx, db, createStmt, user, host)
}

var eventNameRE = regexp.MustCompile("EVENT `((?:[^`]|``)*)` ON SCHEDULE")

// eventNameOf returns the event name of a CREATE EVENT statement as GMS's
// EventDefinition.CreateEventStatement writes it.
func eventNameOf(stmt string) string {
	if st, err := sqlparser.Parse(stmt); err == nil {
		if ddl, ok := st.(*sqlparser.DDL); ok && ddl.EventSpec != nil {
			return ddl.EventSpec.EventName.Name.String()
		}
	}
	if m := eventNameRE.FindStringSubmatch(stmt); m != nil {
		return m[1]
	}
	return "?"
}

const runTimeLayout = "2006-01-02 15:04:05.000000"

// beginEventRun records a running run; it returns the row id, 0 when the
// record failed (recording must never stop a run; the failure is logged).
func (e *Engine) beginEventRun(ctx context.Context, db, event, definer string) int64 {
	if err := e.ensureEventRuns(ctx, db); err != nil {
		logrus.Errorf("event %s.%s: %v", db, event, err)
		return 0
	}
	q := fmt.Sprintf("INSERT INTO `%s`.event_runs (event, definer, started_at, status) VALUES (%s, %s, '%s', 'running')",
		db, sqlString(event), sqlString(definer), time.Now().UTC().Format(runTimeLayout))
	rows, err := e.internalExec(ctx, q)
	if err != nil || len(rows) == 0 {
		logrus.Errorf("event %s.%s: record the run: %v", db, event, err)
		return 0
	}
	if ok, isOK := rows[0][0].(types.OkResult); isOK {
		return int64(ok.InsertID)
	}
	return 0
}

// endEventRun records a run's outcome.
func (e *Engine) endEventRun(ctx context.Context, db string, id int64, runErr error) {
	if id == 0 {
		return
	}
	status, code, msg := "ok", "NULL", "NULL"
	if runErr != nil {
		se := sql.CastSQLError(runErr)
		status, code, msg = "failed", fmt.Sprint(se.Num), sqlString(se.Message)
	}
	q := fmt.Sprintf("UPDATE `%s`.event_runs SET finished_at = '%s', status = '%s', error_code = %s, message = %s WHERE id = %d",
		db, time.Now().UTC().Format(runTimeLayout), status, code, msg, id)
	if _, err := e.internalExec(ctx, q); err != nil {
		logrus.Errorf("event run %d in %s: record the outcome: %v", id, db, err)
	}
}

// markInterruptedRuns marks runs still "running" (the server stopped
// during them) as interrupted; called at startup.
func (e *Engine) markInterruptedRuns(ctx context.Context) {
	for _, db := range e.store.Databases() {
		if _, err := e.store.Table(db, "event_runs"); err != nil {
			continue
		}
		q := fmt.Sprintf("UPDATE `%s`.event_runs SET status = 'interrupted', "+
			"message = 'the server stopped during the run; what it had not committed was rolled back' "+
			"WHERE status = 'running'", db)
		if _, err := e.internalExec(ctx, q); err != nil {
			logrus.Errorf("mark interrupted event runs in %s: %v", db, strings.TrimSpace(err.Error()))
		}
	}
}
