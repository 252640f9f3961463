package engine

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// Optional database interfaces. Behind authentication GMS wraps every
// database in mysql_db.PrivilegedDatabase, which turns a missing optional
// interface into an error even for reads ("doesn't support triggers" on a
// plain INSERT), so Database answers them all: views and events are stored
// (events in events.go), the rest report that there are none and refuse
// creation with a clear 1235.

var (
	_ sql.CollatedDatabase        = (*Database)(nil)
	_ sql.ViewDatabase            = (*Database)(nil)
	_ sql.TriggerDatabase         = (*Database)(nil)
	_ sql.StoredProcedureDatabase = (*Database)(nil)
	_ sql.EventDatabase           = (*Database)(nil)
)

// GetCollation returns the database collation: byte order (utf8mb4_0900_bin),
// the one cohortdb compares and sorts strings with.
func (d *Database) GetCollation(ctx *sql.Context) sql.CollationID {
	return sql.Collation_utf8mb4_0900_bin
}

// SetCollation accepts the collation CREATE DATABASE names; tables keep
// their own per-column collations.
func (d *Database) SetCollation(ctx *sql.Context, collation sql.CollationID) error { return nil }

// viewsMeta is the store metadata blob holding a database's views.
func viewsMeta(db string) string { return "views/" + strings.ToLower(db) }

func (d *Database) loadViews() (map[string]sql.ViewDefinition, error) {
	b, err := d.p.store.GetMeta(viewsMeta(d.name))
	if err != nil || b == nil {
		return map[string]sql.ViewDefinition{}, err
	}
	views := map[string]sql.ViewDefinition{}
	if err := json.Unmarshal(b, &views); err != nil {
		return nil, fmt.Errorf("read views of %s: %w", d.name, err)
	}
	return views, nil
}

func (d *Database) saveViews(views map[string]sql.ViewDefinition) error {
	b, err := json.Marshal(views)
	if err != nil {
		return err
	}
	return d.p.store.PutMeta(viewsMeta(d.name), b)
}

// CreateView persists a view definition.
func (d *Database) CreateView(ctx *sql.Context, name string, selectStatement, createViewStmt string) error {
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	views, err := d.loadViews()
	if err != nil {
		return err
	}
	key := strings.ToLower(name)
	if _, ok := views[key]; ok {
		return sql.ErrExistingView.New(d.name, name)
	}
	views[key] = sql.ViewDefinition{Name: name, TextDefinition: selectStatement, CreateViewStatement: createViewStmt}
	return d.saveViews(views)
}

// DropView removes a view definition.
func (d *Database) DropView(ctx *sql.Context, name string) error {
	d.p.mu.Lock()
	defer d.p.mu.Unlock()
	views, err := d.loadViews()
	if err != nil {
		return err
	}
	key := strings.ToLower(name)
	if _, ok := views[key]; !ok {
		return sql.ErrViewDoesNotExist.New(d.name, name)
	}
	delete(views, key)
	return d.saveViews(views)
}

// GetViewDefinition returns a stored view.
func (d *Database) GetViewDefinition(ctx *sql.Context, name string) (sql.ViewDefinition, bool, error) {
	views, err := d.loadViews()
	if err != nil {
		return sql.ViewDefinition{}, false, err
	}
	v, ok := views[strings.ToLower(name)]
	return v, ok, nil
}

// AllViews lists the stored views.
func (d *Database) AllViews(ctx *sql.Context) ([]sql.ViewDefinition, error) {
	views, err := d.loadViews()
	if err != nil {
		return nil, err
	}
	out := make([]sql.ViewDefinition, 0, len(views))
	for _, v := range views {
		out = append(out, v)
	}
	return out, nil
}

// GetTriggers reports that there are no triggers.
func (d *Database) GetTriggers(ctx *sql.Context) ([]sql.TriggerDefinition, error) { return nil, nil }

// CreateTrigger refuses: triggers are not supported.
func (d *Database) CreateTrigger(ctx *sql.Context, def sql.TriggerDefinition) error {
	return notSupported("triggers")
}

// DropTrigger reports that the trigger does not exist.
func (d *Database) DropTrigger(ctx *sql.Context, name string) error {
	return sql.ErrTriggerDoesNotExist.New(name)
}

// GetStoredProcedure reports that there is no such stored procedure.
func (d *Database) GetStoredProcedure(ctx *sql.Context, name string) (sql.StoredProcedureDetails, bool, error) {
	return sql.StoredProcedureDetails{}, false, nil
}

// GetStoredProcedures reports that there are no stored procedures.
func (d *Database) GetStoredProcedures(ctx *sql.Context) ([]sql.StoredProcedureDetails, error) {
	return nil, nil
}

// SaveStoredProcedure refuses: user-defined procedures are not supported
// (cohortdb's own procedures are built in).
func (d *Database) SaveStoredProcedure(ctx *sql.Context, spd sql.StoredProcedureDetails) error {
	return notSupported("CREATE PROCEDURE")
}

// DropStoredProcedure reports that the procedure does not exist.
func (d *Database) DropStoredProcedure(ctx *sql.Context, name string) error {
	return sql.ErrStoredProcedureDoesNotExist.New(name)
}
