package storage

import (
	"errors"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
)

// txnSegBase is the first provisional segment number of a transaction's own
// inserts: insert i of a transaction has RowID(txnSegBase + i>>16, i&0xffff)
// until commit gives it a real one. Real segments never get this far.
const txnSegBase = 0xFFFF0000

func txnRowID(idx int) RowID   { return RowID(uint64(txnSegBase)<<16 + uint64(idx)) }
func txnIndex(id RowID) int    { return int(uint64(id) - uint64(txnSegBase)<<16) }
func isTxnRowID(id RowID) bool { return id.Segment() >= txnSegBase }

// Txn is a transaction: a snapshot per table taken at first touch, plus
// buffered writes applied atomically and durably by Commit. A Txn is used by
// one goroutine at a time.
type Txn struct {
	s      *Store
	tables map[*Table]*txnTable
	order  []*txnTable
	log    []txnOp
	done   bool
	frozen map[*Table]*frozenView // tables a running statement writes
}

// frozenView is the view a writing statement reads a table through.
type frozenView struct {
	snap *Snapshot
	refs int
}

// Mark is a point in a transaction to roll back to (statement boundaries).
type Mark struct{ n int }

type txnOp struct {
	tt     *txnTable
	insert bool
	id     RowID
}

// txnTable is a transaction's state for one table.
type txnTable struct {
	t       *Table
	base    *tableState
	pin     *pin // keeps base's segments until the transaction ends
	inserts []Row
	keys    []string // encoded primary key of each insert ("" if keyless)
	deletes map[uint32]*roaring.Bitmap
	pk      map[string]int // live own inserts by key
	view    *txnView       // frozen copy, rebuilt after writes
}

// txnView is a frozen copy of a transaction's writes to one table, as a
// Snapshot sees them.
type txnView struct {
	inserts []Row
	deletes map[uint32]*roaring.Bitmap
	pk      map[string]int
}

// Begin starts a transaction.
func (s *Store) Begin() *Txn { return &Txn{s: s, tables: map[*Table]*txnTable{}} }

func (tx *Txn) table(t *Table) *txnTable {
	tt := tx.tables[t]
	if tt == nil {
		base, p := t.pinState()
		tt = &txnTable{t: t, base: base, pin: p, deletes: map[uint32]*roaring.Bitmap{}, pk: map[string]int{}}
		tx.tables[t] = tt
		tx.order = append(tx.order, tt)
	}
	return tt
}

// Snapshot returns the transaction's view of t: committed state as of the
// first touch, plus its own inserts (PartTxn parts) minus its own deletes;
// while a statement writing t runs (Freeze), the view as of its start.
func (tx *Txn) Snapshot(t *Table) *Snapshot {
	if f := tx.frozen[t]; f != nil {
		return f.snap
	}
	tt := tx.table(t)
	if len(tt.inserts) == 0 && len(tt.deletes) == 0 {
		return newSnapshot(t, tt.base, nil, tt.pin)
	}
	if tt.view == nil {
		v := &txnView{inserts: tt.inserts[:len(tt.inserts):len(tt.inserts)],
			deletes: make(map[uint32]*roaring.Bitmap, len(tt.deletes)), pk: make(map[string]int, len(tt.pk))}
		for seg, b := range tt.deletes {
			v.deletes[seg] = b.Clone()
		}
		for k, i := range tt.pk {
			v.pk[k] = i
		}
		tt.view = v
	}
	return newSnapshot(t, tt.base, tt.view, tt.pin)
}

// Freeze makes Snapshot(t) return the view of t as it is now until the
// matching Thaw: a statement that writes t reads it as of its start, as
// in MySQL, so an UPDATE over a join does not meet the rows it has
// already written (and update them again) and INSERT … SELECT from the
// same table does not read its own inserts. Calls nest.
func (tx *Txn) Freeze(t *Table) {
	if f := tx.frozen[t]; f != nil {
		f.refs++
		return
	}
	snap := tx.Snapshot(t)
	if tx.frozen == nil {
		tx.frozen = map[*Table]*frozenView{}
	}
	tx.frozen[t] = &frozenView{snap: snap, refs: 1}
}

// Thaw ends one Freeze of t.
func (tx *Txn) Thaw(t *Table) {
	if f := tx.frozen[t]; f != nil {
		if f.refs--; f.refs <= 0 {
			delete(tx.frozen, t)
		}
	}
}

// Current returns a view of the transaction's state right now, without
// copying its writes: cheap, but valid only until the transaction's next
// write. Use it for point reads (LookupPK, Get) between writes, e.g. to find
// the row an UPDATE replaces; scans should use Snapshot.
func (tx *Txn) Current(t *Table) *Snapshot {
	tt := tx.table(t)
	if len(tt.inserts) == 0 && len(tt.deletes) == 0 {
		return newSnapshot(t, tt.base, nil, tt.pin)
	}
	return newSnapshot(t, tt.base, &txnView{inserts: tt.inserts, deletes: tt.deletes, pk: tt.pk}, tt.pin)
}

// Insert buffers a row; a *DuplicateKeyError when its primary key is taken.
func (tx *Txn) Insert(t *Table, row Row) (RowID, error) {
	tt := tx.table(t)
	if tt.base.desc.Dropped {
		return 0, ErrTableNotFound
	}
	if err := checkRow(&tt.base.desc.Def, row); err != nil {
		return 0, err
	}
	key, err := tt.key(row)
	if err != nil {
		return 0, err
	}
	if key != "" {
		if dup, err := tt.keyTaken(key); err != nil || dup {
			if err == nil {
				err = tt.dupError(row)
			}
			return 0, err
		}
		tt.pk[key] = len(tt.inserts)
	}
	id := txnRowID(len(tt.inserts))
	tt.inserts = append(tt.inserts, row)
	tt.keys = append(tt.keys, key)
	tt.view = nil
	tx.log = append(tx.log, txnOp{tt: tt, insert: true, id: id})
	return id, nil
}

// key encodes the primary key of row, or "" for keyless tables.
func (tt *txnTable) key(row Row) (string, error) {
	pk := tt.base.desc.Def.PrimaryKey
	if len(pk) == 0 {
		return "", nil
	}
	vals := make(Row, len(pk))
	for i, c := range pk {
		vals[i] = row[c]
	}
	k, err := appendKey(nil, vals)
	if err != nil {
		return "", fmt.Errorf("table %s: %w", tt.base.desc.Def.Name, err)
	}
	return string(k), nil
}

// keyTaken reports whether key names a live row of the transaction's view.
func (tt *txnTable) keyTaken(key string) (bool, error) {
	if _, ok := tt.pk[key]; ok {
		return true, nil
	}
	id, ok, err := tt.t.store.getPK(tt.t.id, []byte(key))
	if err != nil || !ok {
		return false, err
	}
	return tt.base.live(id) && !tt.deleted(id), nil
}

func (tt *txnTable) deleted(id RowID) bool {
	b := tt.deletes[id.Segment()]
	return b != nil && b.Contains(uint32(id.Pos()))
}

func (tt *txnTable) dupError(row Row) error {
	def := &tt.base.desc.Def
	key := make(Row, len(def.PrimaryKey))
	for i, c := range def.PrimaryKey {
		key[i] = row[c]
	}
	return &DuplicateKeyError{Table: def.Name, Key: key}
}

// Delete buffers the deletion of a live row.
func (tx *Txn) Delete(t *Table, id RowID) error {
	tt := tx.table(t)
	if isTxnRowID(id) {
		idx := txnIndex(id)
		if idx >= len(tt.inserts) || tt.deleted(id) {
			return ErrRowNotFound
		}
		delete(tt.pk, tt.keys[idx])
	} else if !tt.base.live(id) || tt.deleted(id) {
		return ErrRowNotFound
	}
	b := tt.deletes[id.Segment()]
	if b == nil {
		b = roaring.New()
		tt.deletes[id.Segment()] = b
	}
	b.Add(uint32(id.Pos()))
	tt.view = nil
	tx.log = append(tx.log, txnOp{tt: tt, id: id})
	return nil
}

// Mark returns the current point of the transaction.
func (tx *Txn) Mark() Mark { return Mark{len(tx.log)} }

// RollbackTo undoes every write made after m, newest first.
func (tx *Txn) RollbackTo(m Mark) {
	for len(tx.log) > m.n {
		op := tx.log[len(tx.log)-1]
		tx.log = tx.log[:len(tx.log)-1]
		tt := op.tt
		tt.view = nil
		if op.insert {
			last := len(tt.inserts) - 1
			if k := tt.keys[last]; k != "" {
				delete(tt.pk, k)
			}
			tt.inserts, tt.keys = tt.inserts[:last], tt.keys[:last]
			continue
		}
		tt.deletes[op.id.Segment()].Remove(uint32(op.id.Pos()))
		if isTxnRowID(op.id) {
			if k := tt.keys[txnIndex(op.id)]; k != "" {
				tt.pk[k] = txnIndex(op.id)
			}
		}
	}
}

// Dirty reports whether the transaction has writes.
func (tx *Txn) Dirty() bool { return len(tx.log) > 0 }

// Rollback discards the writes. It ends the transaction's snapshots:
// they must not be read after it (nor after Commit, which calls it).
func (tx *Txn) Rollback() {
	tx.done = true
	for _, tt := range tx.order {
		tt.pin.release()
	}
	tx.tables, tx.order, tx.log = nil, nil, nil
}

var errTxnDone = errors.New("transaction already finished")

// checkRow validates a row against the definition, so that a bug above the
// store can never write a value of the wrong kind.
func checkRow(def *TableDef, row Row) error {
	if len(row) != len(def.Columns) {
		return fmt.Errorf("table %s: row has %d values, want %d", def.Name, len(row), len(def.Columns))
	}
	for i, v := range row {
		c := &def.Columns[i]
		if v == nil {
			if !c.Nullable {
				return fmt.Errorf("table %s: column %s cannot be NULL", def.Name, c.Name)
			}
			continue
		}
		ok := false
		switch v.(type) {
		case int64:
			ok = c.Kind == KindInt
		case uint64:
			ok = c.Kind == KindUint
		case float64:
			ok = c.Kind == KindFloat
		case string:
			ok = c.Kind == KindBytes
		}
		if !ok {
			return fmt.Errorf("table %s: column %s (%s) got %T", def.Name, c.Name, c.Kind, v)
		}
	}
	return nil
}
