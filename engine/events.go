package engine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dolthub/go-mysql-server/sql"
)

// Scheduled events (CREATE EVENT) as go-mysql-server's sql.EventDatabase.
//
// A database's events are one JSON blob in the store's metadata,
// events/<db>, keyed by lower-cased event name (event names are
// case-insensitive, as in MySQL). GMS plans CREATE/ALTER/DROP EVENT, SHOW
// EVENTS, SHOW CREATE EVENT and information_schema.EVENTS over these
// methods; its event scheduler (event_scheduler.go) reads them at start
// and is told of every change by the statements themselves, so there are
// never out-of-band changes to reload.

// eventsMeta is the store metadata blob holding a database's events.
func eventsMeta(db string) string { return "events/" + strings.ToLower(db) }

func (d *Database) loadEvents() (map[string]sql.EventDefinition, error) {
	b, err := d.p.store.GetMeta(eventsMeta(d.name))
	if err != nil || b == nil {
		return map[string]sql.EventDefinition{}, err
	}
	events := map[string]sql.EventDefinition{}
	if err := json.Unmarshal(b, &events); err != nil {
		return nil, fmt.Errorf("read events of %s: %w", d.name, err)
	}
	return events, nil
}

func (d *Database) saveEvents(events map[string]sql.EventDefinition) error {
	if len(events) == 0 {
		return d.p.store.DeleteMeta(eventsMeta(d.name))
	}
	b, err := json.Marshal(events)
	if err != nil {
		return err
	}
	return d.p.store.PutMeta(eventsMeta(d.name), b)
}

// GetEvent returns a stored event.
func (d *Database) GetEvent(ctx *sql.Context, name string) (sql.EventDefinition, bool, error) {
	events, err := d.loadEvents()
	if err != nil {
		return sql.EventDefinition{}, false, err
	}
	ed, ok := events[strings.ToLower(name)]
	return ed, ok, nil
}

// GetEvents lists the stored events, sorted by name. The reload token is
// nil: every change goes through SaveEvent, UpdateEvent or DropEvent.
// Only a caller with the EVENT privilege on the database sees them: GMS's
// information_schema.EVENTS lists every database's events unchecked,
// where MySQL shows only those.
func (d *Database) GetEvents(ctx *sql.Context) ([]sql.EventDefinition, interface{}, error) {
	if priv := d.p.privileges(); priv.enabled() && !priv.mdb.UserHasPrivileges(ctx,
		sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{Database: d.name}, sql.PrivilegeType_Event)) {
		return nil, nil, nil
	}
	events, err := d.loadEvents()
	if err != nil {
		return nil, nil, err
	}
	out := make([]sql.EventDefinition, 0, len(events))
	for _, ed := range events {
		out = append(out, ed)
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil, nil
}

// SaveEvent persists a new event (CREATE EVENT) and makes sure the
// database has its event_runs table. It reports whether the event is
// enabled.
func (d *Database) SaveEvent(ctx *sql.Context, ed sql.EventDefinition) (bool, error) {
	definer, err := d.checkEvent(ctx, ed, "")
	if err != nil {
		return false, err
	}
	ed.Definer = definer
	if d.p.eventRuns != nil { // before taking the lock: it runs SQL
		if err := d.p.eventRuns(ctx, d.name); err != nil {
			return false, err
		}
	}
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	events, err := d.loadEvents()
	if err != nil {
		return false, err
	}
	key := strings.ToLower(ed.Name)
	if _, ok := events[key]; ok {
		return false, sql.ErrEventAlreadyExists.New(ed.Name)
	}
	events[key] = ed
	return ed.Status == sql.EventStatus_Enable.String(), d.saveEvents(events)
}

// DropEvent removes an event.
func (d *Database) DropEvent(ctx *sql.Context, name string) error {
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	events, err := d.loadEvents()
	if err != nil {
		return err
	}
	key := strings.ToLower(name)
	if _, ok := events[key]; !ok {
		return sql.ErrEventDoesNotExist.New(name)
	}
	delete(events, key)
	return d.saveEvents(events)
}

// UpdateEvent replaces an event (ALTER EVENT, possibly renaming it; the
// scheduler after a run, with the new LAST_EXECUTED and status). It
// reports whether the event is enabled.
func (d *Database) UpdateEvent(ctx *sql.Context, originalName string, ed sql.EventDefinition) (bool, error) {
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	events, err := d.loadEvents()
	if err != nil {
		return false, err
	}
	from, to := strings.ToLower(originalName), strings.ToLower(ed.Name)
	old, ok := events[from]
	if !ok {
		return false, sql.ErrEventDoesNotExist.New(originalName)
	}
	if _, taken := events[to]; taken && from != to {
		return false, sql.ErrEventAlreadyExists.New(ed.Name)
	}
	definer, err := d.checkEvent(ctx, ed, old.Definer)
	if err != nil {
		return false, err
	}
	ed.Definer = definer
	delete(events, from)
	events[to] = ed
	return ed.Status == sql.EventStatus_Enable.String(), d.saveEvents(events)
}

// UpdateLastExecuted records when an event last ran.
func (d *Database) UpdateLastExecuted(ctx *sql.Context, eventName string, lastExecuted time.Time) error {
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	events, err := d.loadEvents()
	if err != nil {
		return err
	}
	key := strings.ToLower(eventName)
	ed, ok := events[key]
	if !ok {
		return sql.ErrEventDoesNotExist.New(eventName)
	}
	ed.LastExecuted = lastExecuted
	events[key] = ed
	return d.saveEvents(events)
}

// NeedsToReloadEvents: events change only through this type's methods,
// whose statements tell the scheduler themselves.
func (d *Database) NeedsToReloadEvents(ctx *sql.Context, token interface{}) (bool, error) {
	return false, nil
}

// checkEvent refuses what the scheduler could not run and a definer the
// caller may not name, and returns the definer to store. GMS rebuilds the
// event's CREATE EVENT text for every run with the comment quoted as is,
// so a quote or backslash in a comment would make every run fail. Naming
// another account as DEFINER (the event then runs with its privileges)
// needs SUPER or SET_USER_ID, as in MySQL; keeping the definer an event
// already has does not. The caller as definer is stored as MySQL's
// CURRENT_USER(): the account (`etl`@`%`), not the connection's address.
func (d *Database) checkEvent(ctx *sql.Context, ed sql.EventDefinition, oldDefiner string) (string, error) {
	if strings.ContainsAny(ed.Comment, `'\`) {
		return "", notSupported("quotes or backslashes in an event's COMMENT")
	}
	if ed.Definer == oldDefiner {
		return ed.Definer, nil
	}
	priv := d.p.privileges()
	if !priv.enabled() {
		return ed.Definer, nil
	}
	if account, ok := priv.currentAccount(ctx, ed.Definer); ok {
		return account, nil
	}
	if priv.global(ctx, sql.PrivilegeType_Super, "set_user_id") {
		return ed.Definer, nil
	}
	return "", specific("SUPER", "SET_USER_ID")
}

// splitDefiner splits a definer (`user`@`host`, 'user'@'host' or
// user@host) into user and host.
func splitDefiner(definer string) (user, host string) {
	u, h, _ := strings.Cut(definer, "@")
	unquote := func(s string) string {
		s = strings.TrimSpace(s)
		if len(s) >= 2 && (s[0] == '`' || s[0] == '\'' || s[0] == '"') && s[len(s)-1] == s[0] {
			s = s[1 : len(s)-1]
		}
		return s
	}
	return unquote(u), unquote(h)
}
