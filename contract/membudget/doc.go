// Package membudget accounts the memory that running queries hold, so a
// query that would grow past its limit fails with a MySQL error instead
// of taking the server down, and the server's queries together stay
// within one budget.
//
// # Model
//
// A Pool is the server-wide budget (cohortdb_memory_limit, the serve
// flag --memory-limit). That budget bounds the process's resident set;
// the pool's limit is its reservable part, what is left once Pebble's
// cache, memory the Go runtime does not manage and headroom for what is
// not charged are set aside (split.go). The server also tells the pool
// what the collector finds live beyond the reservations, which lowers
// what they may hold (live.go). Each statement gets an Account drawn on the pool
// with its own limit (cohortdb_query_memory_limit): the server creates it
// when the statement starts, puts it in the statement's context with
// NewContext, and Closes it when the statement ends. Operators that
// materialise rows — sorts, hash tables of joins and aggregates, window
// buffers, IN-subquery caches, table functions' results — find the
// account with FromContext and Reserve bytes before (or as) they grow,
// and Release them when they free the memory. Close returns whatever is
// still reserved, so an operator that fails or is abandoned never leaks
// budget.
//
// A reservation past the account's limit or past the pool's free bytes
// fails with *Error (errors.Is(err, ErrExceeded)); the server answers it
// with MySQL error 1038 (SQLSTATE HY001). The reservation that failed is
// not applied: the operator returns the error, its query is failed, and
// the memory it held is released when the query's iterators are closed
// and its account is closed.
//
// # API for operators
//
//	acct := membudget.FromContext(ctx)      // nil outside a statement: no limit
//	if err := acct.Reserve(n); err != nil { // before growing by n bytes
//		return err
//	}
//	defer acct.Release(n)                   // when the memory is freed
//
// Per-row growth goes through a Tally (one per goroutine), which reserves
// from the account in chunks of TallyChunk bytes, so the per-row cost is
// an addition and a comparison:
//
//	t := membudget.NewTally(acct)
//	for each row { if err := t.Add(size); err != nil { return err } }
//	t.Release() // when the rows are dropped (or let Account.Close do it)
//
// RowSize estimates what a sql.Row of GMS holds.
//
// GMS's own row-at-a-time operators keep their hash tables in caches of
// the statement's sql.MemoryManager; NewSQLContext (the server's
// sql.ContextFactory) gives a statement with an account a manager whose
// reporter, Entries, charges every entry of those caches to the account
// (entries.go).
//
// # Caches
//
// Memory kept for reuse rather than for one statement — the storage's
// cache of decoded column chunks — is charged to an account of its own
// on the pool as it grows and released as it evicts, and the pool's
// reclaimer (SetReclaimer) evicts from it when a reservation would pass
// the server's limit: the cache gives way to statements, never the
// reverse.
//
// # Invariants
//
//   - Account.Used() and Pool.Used() are never negative and equal the
//     sum of reservations not yet released (Release of more than is held
//     releases what is held).
//   - A failed Reserve changes nothing.
//   - After Close, an account holds nothing and every Reserve on it
//     fails with ErrClosed; Release is a no-op.
//   - A nil *Account and a nil *Tally accept every reservation (no
//     statement, no budget: internal work such as loads and compaction).
//
// Accounting is cooperative: it bounds what operators declare, not what
// the Go heap holds. Memory an operator does not declare is not counted.
package membudget
