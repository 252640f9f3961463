package engine

import (
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"

	"github.com/cohortdb/cohortdb/storage"
)

// Session is the state of one connection: GMS's base session plus the
// connection's open storage transaction. GMS starts a transaction before
// every statement unless one is open (BEGIN … COMMIT keeps it open; with
// autocommit each statement commits its own).
type Session struct {
	*sql.BaseSession
	store *storage.Store
	eng   *Engine // nil for sessions built without an engine (tests)
	txn   *Transaction

	tempMu sync.Mutex
	temp   map[tempKey]*TempTable // CREATE TEMPORARY TABLE (temptable.go)

	warnMu sync.Mutex // the warnings, and cleared (warnings.go)
	// cleared are the warnings the last ClearWarnings dropped, in the
	// order raised, until the next new warning: see Warn.
	cleared      []*sql.Warning
	lastWarnings int // @@warning_count
	// unstored counts the statement's warnings past max_error_count,
	// which MySQL counts (@@warning_count, the OK packet's) but does not
	// keep; unstoredShown is false once SHOW WARNINGS has reset the
	// count it answers with (warnings.go).
	unstored      int
	unstoredShown bool
	lastErrors    int // @@error_count, which the server sets (SetErrorCount)
}

var _ sql.Session = (*Session)(nil)
var _ sql.TransactionSession = (*Session)(nil)

// NewSession wraps a base session over store.
func NewSession(base *sql.BaseSession, store *storage.Store) *Session {
	return &Session{BaseSession: base, store: store}
}

// Transaction is a sql.Transaction over one storage.Txn.
//
// A transaction whose commit failed is rolled back and marked done, as
// MySQL rolls back a transaction on ER_LOCK_DEADLOCK: GMS keeps it as the
// session's transaction, so the next statement gets a fresh storage.Txn
// and a later COMMIT or ROLLBACK of it is a no-op.
type Transaction struct {
	tx         *storage.Txn
	readOnly   bool
	done       bool
	savepoints []savepoint // in the order they were set
}

var _ sql.Transaction = (*Transaction)(nil)

func (t *Transaction) String() string   { return "cohortdb transaction" }
func (t *Transaction) IsReadOnly() bool { return t.readOnly }

// StartTransaction begins a storage transaction. Its snapshots are taken
// at first touch of each table, so a transaction that reads nothing costs
// nothing.
func (s *Session) StartTransaction(ctx *sql.Context, tc sql.TransactionCharacteristic) (sql.Transaction, error) {
	s.txn = &Transaction{tx: s.store.Begin(), readOnly: tc == sql.ReadOnly}
	return s.txn, nil
}

// CommitTransaction makes the transaction's writes durable. A write
// conflict becomes MySQL error 1213 so clients know to retry.
func (s *Session) CommitTransaction(ctx *sql.Context, tx sql.Transaction) error {
	if tx == nil {
		return nil // already committed (GMS's event scheduler commits after an autocommitted body)
	}
	t, ok := tx.(*Transaction)
	if !ok {
		return fmt.Errorf("commit: unexpected transaction type %T", tx)
	}
	if s.txn == t {
		s.txn = nil
	}
	if t.done {
		return nil
	}
	t.done = true
	if err := t.tx.Commit(); err != nil {
		t.tx.Rollback()
		return commitError(err)
	}
	return nil
}

func commitError(err error) error {
	if errors.Is(err, storage.ErrConflict) {
		return mysql.NewSQLError(mysql.ERLockDeadlock, mysql.SSLockDeadlock,
			"Deadlock found when trying to get lock; try restarting transaction (%v)", err)
	}
	if derr := diskError(err); derr != nil {
		return derr
	}
	return fmt.Errorf("commit: %w", err)
}

// Rollback discards the transaction's writes.
func (s *Session) Rollback(ctx *sql.Context, tx sql.Transaction) error {
	if tx == nil {
		return nil // nothing open
	}
	t, ok := tx.(*Transaction)
	if !ok {
		return fmt.Errorf("rollback: unexpected transaction type %T", tx)
	}
	if s.txn == t {
		s.txn = nil
	}
	if !t.done {
		t.done = true
		t.tx.Rollback()
	}
	return nil
}

// CreateSavepoint sets a savepoint at the transaction's current point; a
// savepoint of the same name is replaced (as in MySQL).
func (s *Session) CreateSavepoint(ctx *sql.Context, tx sql.Transaction, name string) error {
	t, ok := tx.(*Transaction)
	if !ok {
		return fmt.Errorf("savepoint: unexpected transaction type %T", tx)
	}
	if i := t.savepoint(name); i >= 0 {
		t.savepoints = append(t.savepoints[:i], t.savepoints[i+1:]...)
	}
	t.savepoints = append(t.savepoints, savepoint{name: name, mark: t.tx.Mark()})
	return nil
}

// RollbackToSavepoint undoes the writes made after the savepoint and
// forgets the savepoints set after it (it keeps the named one).
func (s *Session) RollbackToSavepoint(ctx *sql.Context, tx sql.Transaction, name string) error {
	t, i, err := savepointOf(tx, name)
	if err != nil {
		return err
	}
	t.tx.RollbackTo(t.savepoints[i].mark)
	t.savepoints = t.savepoints[:i+1]
	return nil
}

// ReleaseSavepoint forgets the savepoint and those set after it.
func (s *Session) ReleaseSavepoint(ctx *sql.Context, tx sql.Transaction, name string) error {
	t, i, err := savepointOf(tx, name)
	if err != nil {
		return err
	}
	t.savepoints = t.savepoints[:i]
	return nil
}

// savepoint is a named point of a transaction (SAVEPOINT name).
type savepoint struct {
	name string
	mark storage.Mark
}

// savepoint returns the index of the named savepoint, or -1.
// Savepoint names are case-insensitive, as MySQL's.
func (t *Transaction) savepoint(name string) int {
	for i, sp := range t.savepoints {
		if strings.EqualFold(sp.name, name) {
			return i
		}
	}
	return -1
}

// savepointOf finds a savepoint of tx, or MySQL's error 1305 for a name
// that was never set (or was released or rolled back past).
func savepointOf(tx sql.Transaction, name string) (*Transaction, int, error) {
	t, ok := tx.(*Transaction)
	if !ok {
		return nil, 0, fmt.Errorf("savepoint: unexpected transaction type %T", tx)
	}
	i := t.savepoint(name)
	if i < 0 || t.done {
		return nil, 0, mysql.NewSQLError(mysql.ERSPDoesNotExist, "42000", "SAVEPOINT %s does not exist", name)
	}
	return t, i, nil
}

// currentTxn returns the storage transaction of the statement running in
// ctx, starting one (and registering it with GMS, so it is committed at
// the end of the statement) if GMS has not.
func currentTxn(ctx *sql.Context) (*storage.Txn, error) {
	s, ok := ctx.Session.(*Session)
	if !ok {
		return nil, fmt.Errorf("session %T is not a cohortdb session", ctx.Session)
	}
	if t, ok := ctx.GetTransaction().(*Transaction); ok && t != nil {
		if t.done {
			t.tx, t.done = s.store.Begin(), false
		}
		return t.tx, nil
	}
	if s.txn != nil {
		return s.txn.tx, nil
	}
	tx, err := s.StartTransaction(ctx, sql.ReadWrite)
	if err != nil {
		return nil, err
	}
	ctx.SetTransaction(tx)
	return s.txn.tx, nil
}
