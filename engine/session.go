package engine

import (
	"errors"
	"fmt"

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
	tx       *storage.Txn
	readOnly bool
	done     bool
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
	return fmt.Errorf("commit: %w", err)
}

// Rollback discards the transaction's writes.
func (s *Session) Rollback(ctx *sql.Context, tx sql.Transaction) error {
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

var errSavepoints = notSupported("savepoints")

// CreateSavepoint is not supported yet.
func (s *Session) CreateSavepoint(*sql.Context, sql.Transaction, string) error { return errSavepoints }

// RollbackToSavepoint is not supported yet.
func (s *Session) RollbackToSavepoint(*sql.Context, sql.Transaction, string) error {
	return errSavepoints
}

// ReleaseSavepoint is not supported yet.
func (s *Session) ReleaseSavepoint(*sql.Context, sql.Transaction, string) error { return errSavepoints }

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
