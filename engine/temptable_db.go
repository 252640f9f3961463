package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
)

// The Database side of temporary tables (temptable.go): creating them in
// the session, finding them ahead of stored tables, dropping them.

var _ sql.TemporaryTableCreator = (*Database)(nil)
var _ sql.TemporaryTableDatabase = (*Database)(nil)

// CreateTemporaryTable creates a temporary table in ctx's session. A
// temporary table of the same name already there is MySQL's 1050; a
// stored table of that name is shadowed, not an error.
func (d *Database) CreateTemporaryTable(ctx *sql.Context, name string, sch sql.PrimaryKeySchema, collation sql.CollationID) error {
	s := sessionOf(ctx)
	if s == nil {
		return sql.ErrTemporaryTableNotSupported.New()
	}
	s.tempMu.Lock()
	defer s.tempMu.Unlock()
	k := newTempKey(d.name, name)
	if _, ok := s.temp[k]; ok {
		return sql.ErrTableAlreadyExists.New(name)
	}
	if s.temp == nil {
		s.temp = map[tempKey]*TempTable{}
	}
	s.temp[k] = newTempTable(d.name, name, sch, collation)
	return nil
}

// GetAllTemporaryTables lists the session's temporary tables of the
// database.
func (d *Database) GetAllTemporaryTables(ctx *sql.Context) ([]sql.Table, error) {
	s := sessionOf(ctx)
	if s == nil {
		return nil, nil
	}
	s.tempMu.Lock()
	defer s.tempMu.Unlock()
	var out []sql.Table
	for k, t := range s.temp {
		if k.db == newTempKey(d.name, "").db {
			out = append(out, t)
		}
	}
	return out, nil
}

// dropTemporary drops the session's temporary table of that name; false
// when there is none.
func (d *Database) dropTemporary(ctx *sql.Context, name string) bool {
	s := sessionOf(ctx)
	if s == nil {
		return false
	}
	s.tempMu.Lock()
	defer s.tempMu.Unlock()
	k := newTempKey(d.name, name)
	if _, ok := s.temp[k]; !ok {
		return false
	}
	delete(s.temp, k)
	return true
}

var _ sql.TemporaryTable = (*Table)(nil)

// IsTemporary is false for stored tables: GMS then answers DROP
// TEMPORARY TABLE of one with "Unknown table", as MySQL does, rather
// than dropping it.
func (t *Table) IsTemporary() bool { return false }
