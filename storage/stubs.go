package storage

// Temporary stubs: the API the engine codes against. Replaced file by file.

// Store is an open data directory. Safe for concurrent use.
type Store struct{ counters Counters }

// Open opens (creating if needed) the data directory dir.
func Open(dir string, opts Options) (*Store, error) { panic("unimplemented") }

// Close flushes and closes the store. Further calls return ErrClosed.
func (s *Store) Close() error { panic("unimplemented") }

// Counters returns the store's work counters.
func (s *Store) Counters() *Counters { return &s.counters }

// GetMeta returns the metadata blob name, or nil if absent.
func (s *Store) GetMeta(name string) ([]byte, error) { panic("unimplemented") }

// PutMeta durably stores a metadata blob (e.g. the user table).
func (s *Store) PutMeta(name string, val []byte) error { panic("unimplemented") }

// Databases lists database names, sorted.
func (s *Store) Databases() []string { panic("unimplemented") }

// HasDatabase reports whether a database exists (case-insensitive).
func (s *Store) HasDatabase(name string) bool { panic("unimplemented") }

// CreateDatabase creates a database; ErrDatabaseExists if it exists.
func (s *Store) CreateDatabase(name string) error { panic("unimplemented") }

// DropDatabase drops a database and all its tables.
func (s *Store) DropDatabase(name string) error { panic("unimplemented") }

// Tables lists the tables of a database, sorted by name.
func (s *Store) Tables(db string) ([]*Table, error) { panic("unimplemented") }

// Table returns a table handle (case-insensitive names); ErrTableNotFound.
func (s *Store) Table(db, name string) (*Table, error) { panic("unimplemented") }

// CreateTable creates a table; column IDs in def are assigned here.
func (s *Store) CreateTable(db string, def TableDef) (*Table, error) { panic("unimplemented") }

// DropTable drops a table and all its data.
func (s *Store) DropTable(db, name string) error { panic("unimplemented") }

// RenameTable renames a table within its database.
func (s *Store) RenameTable(db, oldName, newName string) error { panic("unimplemented") }

// TruncateTable removes every row of a table, atomically.
func (s *Store) TruncateTable(db, name string) error { panic("unimplemented") }

// AddColumn inserts col at ordinal pos (len(Columns) appends). Existing rows
// read NULL in the new column.
func (s *Store) AddColumn(db, table string, col ColumnDef, pos int) error { panic("unimplemented") }

// DropColumn removes a column; primary-key columns cannot be dropped.
func (s *Store) DropColumn(db, table, name string) error { panic("unimplemented") }

// SetTableMeta replaces the caller-owned metadata of a table.
func (s *Store) SetTableMeta(db, table string, meta []byte) error { panic("unimplemented") }

// Table is a handle on a table; it stays valid across commits and reads the
// latest committed state through Snapshot.
type Table struct{}

// DB returns the table's database name.
func (t *Table) DB() string { panic("unimplemented") }

// Name returns the table's name.
func (t *Table) Name() string { panic("unimplemented") }

// Def returns the current definition. Do not modify it.
func (t *Table) Def() *TableDef { panic("unimplemented") }

// Snapshot returns the latest committed state of the table.
func (t *Table) Snapshot() *Snapshot { panic("unimplemented") }

// Snapshot is an immutable view of a table: its definition and rows as of
// one commit (plus, when obtained from a Txn, that transaction's writes).
type Snapshot struct{}

// Def returns the definition the snapshot was taken with.
func (sn *Snapshot) Def() *TableDef { panic("unimplemented") }

// Parts lists the scannable parts in RowID order.
func (sn *Snapshot) Parts() []Part { panic("unimplemented") }

// RowCount returns the number of live rows.
func (sn *Snapshot) RowCount() int64 { panic("unimplemented") }

// DataBytes returns the encoded size of the table's segments.
func (sn *Snapshot) DataBytes() int64 { panic("unimplemented") }

// Scan visits every part in order.
func (sn *Snapshot) Scan(req ScanRequest, fn func(*Batch) error) error { panic("unimplemented") }

// ScanPart visits one part (one call of fn, or none when pruned).
func (sn *Snapshot) ScanPart(p *Part, req ScanRequest, fn func(*Batch) error) error {
	panic("unimplemented")
}

// Get reads the given columns (nil: all) of one live row.
func (sn *Snapshot) Get(id RowID, cols []int) (Row, error) { panic("unimplemented") }

// LookupPK returns the live row with this primary key, if any.
func (sn *Snapshot) LookupPK(key Row) (RowID, bool, error) { panic("unimplemented") }

// Txn is a transaction: a snapshot per table taken at first touch, plus
// buffered writes applied atomically and durably by Commit. A Txn is used by
// one goroutine at a time.
type Txn struct{}

// Mark is a point in a transaction to roll back to (statement boundaries).
type Mark struct{}

// Begin starts a transaction.
func (s *Store) Begin() *Txn { panic("unimplemented") }

// Snapshot returns the transaction's view of t: committed state as of the
// first touch, plus its own inserts (PartTxn parts) minus its own deletes.
func (tx *Txn) Snapshot(t *Table) *Snapshot { panic("unimplemented") }

// Insert buffers a row; a *DuplicateKeyError when its primary key is taken.
func (tx *Txn) Insert(t *Table, row Row) (RowID, error) { panic("unimplemented") }

// Delete buffers the deletion of a live row.
func (tx *Txn) Delete(t *Table, id RowID) error { panic("unimplemented") }

// Mark returns the current point of the transaction.
func (tx *Txn) Mark() Mark { panic("unimplemented") }

// RollbackTo undoes every write made after m.
func (tx *Txn) RollbackTo(m Mark) { panic("unimplemented") }

// Dirty reports whether the transaction has writes.
func (tx *Txn) Dirty() bool { panic("unimplemented") }

// Commit applies the writes in one synced batch. On error nothing is applied.
func (tx *Txn) Commit() error { panic("unimplemented") }

// Rollback discards the writes.
func (tx *Txn) Rollback() { panic("unimplemented") }
