package engine

import (
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/storage"
)

var _ sql.AutoIncrementTable = (*Table)(nil)

// autoIncState is the AUTO_INCREMENT sequence of one table. It lives in
// memory only: on first use after a start it resumes at max(column)+1,
// read from zone maps for sealed segments (as MySQL 5.7 did). Values
// handed out are never given back, also on ROLLBACK, as in MySQL.
type autoIncState struct {
	mu     sync.Mutex
	loaded bool
	next   uint64
}

func autoIncKey(db, table string) string {
	return strings.ToLower(db) + "\x00" + strings.ToLower(table)
}

func (p *Provider) autoIncFor(db, table string) *autoIncState {
	p.mu.Lock()
	defer p.mu.Unlock()
	k := autoIncKey(db, table)
	s, ok := p.autoInc[k]
	if !ok {
		s = &autoIncState{}
		p.autoInc[k] = s
	}
	return s
}

// forgetAutoInc drops the sequence of a table (or of every table of db
// when table is empty) after DROP/RENAME.
func (p *Provider) forgetAutoInc(db, table string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if table != "" {
		delete(p.autoInc, autoIncKey(db, table))
		return
	}
	prefix := strings.ToLower(db) + "\x00"
	for k := range p.autoInc {
		if strings.HasPrefix(k, prefix) {
			delete(p.autoInc, k)
		}
	}
}

// autoIncColumn returns the ordinal of the AUTO_INCREMENT column, or -1.
func (t *Table) autoIncColumn() int {
	for i, c := range t.sch.pk.Schema {
		if c.AutoIncrement {
			return i
		}
	}
	return -1
}

// state returns the loaded sequence, locked; the caller unlocks it.
func (t *Table) autoIncLocked() (*autoIncState, error) {
	s := t.db.p.autoIncFor(t.db.name, t.Name())
	s.mu.Lock()
	if !s.loaded {
		max, err := t.maxAutoIncValue()
		if err != nil {
			s.mu.Unlock()
			return nil, err
		}
		s.next, s.loaded = max+1, true
	}
	return s, nil
}

// maxAutoIncValue returns the largest non-negative value of the
// AUTO_INCREMENT column in the committed state (0 if none).
func (t *Table) maxAutoIncValue() (uint64, error) {
	col := t.autoIncColumn()
	if col < 0 {
		return 0, nil
	}
	snap := t.st.Snapshot()
	ord := t.mapColumns(snap.Def(), []int{col})[0]
	if ord < 0 {
		return 0, nil
	}
	var max uint64
	see := func(v int64, unsigned bool) {
		if (unsigned || v > 0) && uint64(v) > max {
			max = uint64(v)
		}
	}
	unsigned := t.sch.codecs[col].kind == storage.KindUint
	req := storage.ScanRequest{Columns: []int{ord}, Prune: func(p *storage.Part) bool {
		if ord >= len(p.Zones) {
			return false
		}
		if z := &p.Zones[ord]; z.HasRange {
			see(z.MaxI, unsigned)
		}
		return true // zone max is enough for sealed segments
	}}
	err := snap.Scan(req, func(b *storage.Batch) error {
		v := b.Cols[0]
		for i := 0; i < b.N; i++ {
			if !v.IsNull(i) {
				see(v.Ints[i], unsigned)
			}
		}
		return nil
	})
	if err != nil {
		return 0, wrapStorageErr(err, "read AUTO_INCREMENT of %s", t.Name())
	}
	return max, nil
}

// PeekNextAutoIncrementValue returns the next value without using it.
func (t *Table) PeekNextAutoIncrementValue(ctx *sql.Context) (uint64, error) {
	s, err := t.autoIncLocked()
	if err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	return s.next, nil
}

// GetNextAutoIncrementValue hands out the next value when insertVal is
// NULL, and moves the sequence past an explicitly inserted value.
func (t *Table) GetNextAutoIncrementValue(ctx *sql.Context, insertVal any) (uint64, error) {
	s, err := t.autoIncLocked()
	if err != nil {
		return 0, err
	}
	defer s.mu.Unlock()
	if insertVal == nil {
		v := s.next
		s.next++
		return v, nil
	}
	v, _, err := types.Uint64.Convert(ctx, insertVal)
	if err != nil {
		return 0, err
	}
	if u := v.(uint64); u >= s.next {
		s.next = u + 1
	}
	return s.next, nil
}

// AutoIncrementSetter returns a setter for ALTER TABLE … AUTO_INCREMENT
// and TRUNCATE.
func (t *Table) AutoIncrementSetter(ctx *sql.Context) sql.AutoIncrementSetter {
	return &autoIncSetter{t: t}
}

type autoIncSetter struct{ t *Table }

func (a *autoIncSetter) SetAutoIncrementValue(ctx *sql.Context, v uint64) error {
	s, err := a.t.autoIncLocked()
	if err != nil {
		return err
	}
	defer s.mu.Unlock()
	s.next = v
	return nil
}

func (a *autoIncSetter) AcquireAutoIncrementLock(ctx *sql.Context) (func(), error) {
	return func() {}, nil
}

func (a *autoIncSetter) Close(*sql.Context) error { return nil }
