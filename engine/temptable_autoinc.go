package engine

import (
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// AUTO_INCREMENT of temporary tables: the next value is one past the
// largest inserted (or the value ALTER TABLE … AUTO_INCREMENT or the
// CREATE TABLE option set), as in MySQL; it is not given back when a
// statement fails.

var _ sql.AutoIncrementTable = (*TempTable)(nil)

// PeekNextAutoIncrementValue is the value the next row would get.
func (t *TempTable) PeekNextAutoIncrementValue(*sql.Context) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return max(t.autoInc, 1), nil
}

// GetNextAutoIncrementValue is the value of the row being inserted: the
// sequence's, or insertVal when that is larger (the sequence moves on to
// it).
func (t *TempTable) GetNextAutoIncrementValue(ctx *sql.Context, insertVal any) (uint64, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.autoInc = max(t.autoInc, 1)
	if insertVal != nil {
		v, _, err := types.Uint64.Convert(ctx, insertVal)
		if err != nil {
			return 0, err
		}
		t.autoInc = max(t.autoInc, v.(uint64))
	}
	return t.autoInc, nil
}

// AutoIncrementSetter sets the sequence.
func (t *TempTable) AutoIncrementSetter(*sql.Context) sql.AutoIncrementSetter {
	return tempAutoInc{t}
}

// noteAutoInc moves the sequence past an inserted row's value. The table
// is locked.
func (t *TempTable) noteAutoInc(ctx *sql.Context, row sql.Row) {
	i := t.autoIncCol
	if i < 0 || row[i] == nil {
		return
	}
	if v, _, err := types.Uint64.Convert(ctx, row[i]); err == nil && v.(uint64) >= t.autoInc {
		t.autoInc = v.(uint64) + 1
	}
}

type tempAutoInc struct{ t *TempTable }

func (s tempAutoInc) SetAutoIncrementValue(_ *sql.Context, v uint64) error {
	s.t.mu.Lock()
	defer s.t.mu.Unlock()
	s.t.autoInc = v
	return nil
}

func (s tempAutoInc) AcquireAutoIncrementLock(*sql.Context) (func(), error) { return func() {}, nil }

func (s tempAutoInc) Close(*sql.Context) error { return nil }
