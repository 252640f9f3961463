package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/dolthub/go-mysql-server/eventscheduler"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/sirupsen/logrus"
)

// The event scheduler is go-mysql-server's (package eventscheduler): it
// keeps the enabled events ordered by next run, wakes every second and
// runs each due event's body in a background thread as the event's
// definer. cohortdb gives it the run function (runEvent, which records
// every run in the database's event_runs table and never lets a run's
// failure or panic escape), the @@event_scheduler switch GMS leaves
// unwired, and keeps GMS's internal account out of the persisted users.

// Values of --event-scheduler and @@event_scheduler, as in MySQL.
const (
	SchedulerOn       = "ON"
	SchedulerOff      = "OFF"
	SchedulerDisabled = "DISABLED"
)

// schedulerPeriod is how often, in seconds, the scheduler looks for due
// events: MySQL's granularity, so EVERY 1 SECOND works.
const schedulerPeriod = 1

// schedulerAccount is the locked superuser GMS's scheduler reads events
// as (eventscheduler.eventSchedulerSuperUserName).
const schedulerAccount = "event_scheduler"

// ParseSchedulerStatus reads an --event-scheduler value (ON, OFF or
// DISABLED; also 1 and 0).
func ParseSchedulerStatus(v string) (string, error) {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "ON", "1":
		return SchedulerOn, nil
	case "OFF", "0":
		return SchedulerOff, nil
	case "DISABLED":
		return SchedulerDisabled, nil
	}
	return "", fmt.Errorf("event scheduler %q: want ON, OFF or DISABLED", v)
}

// StartEvents starts the event scheduler with status (ON runs events,
// OFF keeps them until SET GLOBAL event_scheduler = ON, DISABLED cannot be
// turned on). Call it once, after users are loaded: the scheduler adds
// its account to them. Engine.SQL().Close stops it.
func (e *Engine) StartEvents(status string) error {
	status, err := ParseSchedulerStatus(status)
	if err != nil {
		return err
	}
	ctx := e.NewContext(context.Background())
	e.markInterruptedRuns(ctx)
	es, err := eventscheduler.InitEventScheduler(e.sql.Analyzer, e.sql.BackgroundThreads, e.eventContext,
		eventscheduler.SchedulerStatus(status), e.runEvent, schedulerPeriod)
	if err != nil {
		return fmt.Errorf("start the event scheduler: %w", err)
	}
	e.sql.EventScheduler = es
	ephemeralSchedulerAccount(e.sql.Analyzer.Catalog.MySQLDb)
	sw := &schedulerSwitch{e: e, es: es, status: status}
	activeScheduler.Store(sw)
	sql.SystemVariables.AddSystemVariables([]sql.SystemVariable{schedulerVariable(status)})
	return nil
}

// eventContext is the scheduler's context getter: a fresh session, as
// root until the scheduler switches it to the event's definer.
func (e *Engine) eventContext() (*sql.Context, error) {
	return e.NewContext(context.Background()), nil
}

// ephemeralSchedulerAccount makes GMS's scheduler account ephemeral, so
// that it is never written with the users and grants (it is recreated
// at every start) and mysqldump of mysql does not carry it.
func ephemeralSchedulerAccount(mdb *mysql_db.MySQLDb) {
	if mdb == nil {
		return
	}
	ed := mdb.Editor()
	defer ed.Close()
	key := mysql_db.UserPrimaryKey{Host: "localhost", User: schedulerAccount}
	u, ok := ed.GetUser(key)
	if !ok {
		return
	}
	cp := *u
	cp.IsEphemeral = true
	ed.PutUser(&cp)
}

// activeScheduler is the scheduler @@event_scheduler switches: system
// variables are process-wide, and one process serves one engine.
var activeScheduler atomic.Pointer[schedulerSwitch]

// schedulerSwitch turns the scheduler on and off for SET GLOBAL
// event_scheduler. Turning on loads the events, which needs a session,
// which reads the system variables the SET holds locked: so it happens in
// a goroutine, in order (mu).
type schedulerSwitch struct {
	e      *Engine
	es     *eventscheduler.EventScheduler
	mu     sync.Mutex
	status string
}

// erWrongValueForVar is MySQL's ER_WRONG_VALUE_FOR_VAR.
const erWrongValueForVar = 1231

func (s *schedulerSwitch) set(value string) error {
	if s.status == SchedulerDisabled {
		return mysql.NewSQLError(erOptionPrevents, "HY000",
			"The MySQL server is running with the --event-scheduler=DISABLED option so it cannot execute this statement")
	}
	if value == SchedulerDisabled {
		return mysql.NewSQLError(erWrongValueForVar, "42000",
			"Variable 'event_scheduler' can't be set to the value of 'DISABLED'")
	}
	go func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		var err error
		if value == SchedulerOn {
			err = s.es.TurnOnEventScheduler(s.e.sql.Analyzer)
		} else {
			err = s.es.TurnOffEventScheduler()
		}
		if err != nil {
			logrus.Errorf("event scheduler %s: %v", value, err)
		}
	}()
	return nil
}

// schedulerVariable is @@event_scheduler wired to the scheduler (GMS's
// own variable accepts a change and does nothing).
func schedulerVariable(status string) sql.SystemVariable {
	return &sql.MysqlSystemVariable{
		Name:    "event_scheduler",
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Global),
		Dynamic: true,
		Type:    types.NewSystemEnumType("event_scheduler", SchedulerOn, SchedulerOff, SchedulerDisabled),
		Default: status,
		NotifyChanged: func(ctx *sql.Context, _ sql.SystemVariableScope, value sql.SystemVarValue) error {
			v, ok := value.Val.(string)
			if !ok {
				return errors.New("event_scheduler: unexpected value")
			}
			sw := activeScheduler.Load()
			if sw == nil {
				return nil
			}
			return sw.set(strings.ToUpper(v))
		},
	}
}
