package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"

	"github.com/cohortdb/cohortdb/storage"
)

// ShareScope implements sqlfn.Env: the store's data version, the
// caller's privilege set, its current database and a digest of its
// session variables. "" inside a transaction (BEGIN, autocommit off, or
// writes of this statement): its snapshots and own rows are its alone.
//
// The data version is read before any table of the statement is: a
// statement of scope v reads data at least as new as v (see
// storage.Store.DataVersion), as does any statement sharing its result.
func (e *env) ShareScope() string {
	if e.ctx == nil || e.s.store == nil {
		return ""
	}
	v := e.s.store.DataVersion()
	scope := e.TrackedScope()
	if scope == "" {
		return ""
	}
	return fmt.Sprintf("%d/%s", v, scope)
}

// TrackedScope implements sqlfn.ReadTracking: ShareScope without the data
// version; "" also inside a shared computation (a function it runs
// computes in place, so that what it reads counts for the outer one).
func (e *env) TrackedScope() string {
	if e.ctx == nil || e.s.store == nil || e.inTransaction() || e.reads.Load() != nil {
		return ""
	}
	return fmt.Sprintf("%s/%s/%x", e.privilegeScope(), e.ctx.GetCurrentDatabase(), sessionVariablesDigest(e.ctx))
}

// TrackReads implements sqlfn.ReadTracking: until stop, every table the
// env reads or looks up is noted with its state (storage's StateToken)
// at the time, and any other read (metadata blobs, SQL) marks the
// computation as reading what only the store's data version covers.
// Inside another tracked computation the reads count for both.
func (e *env) TrackReads() (stop func() (current func() bool)) {
	rs := &readSet{store: e.s.store, version: e.s.store.DataVersion(), tables: map[[2]string]tableRead{},
		outer: e.reads.Load()}
	e.reads.Store(rs)
	return func() func() bool {
		e.reads.CompareAndSwap(rs, rs.outer)
		return rs.current
	}
}

// readSet is what one shared computation read: each table (nil when it
// did not exist) with its state when first read, and whether it read
// anything else, which only the store's data version at its start
// covers.
type readSet struct {
	store     *storage.Store
	version   uint64
	outer     *readSet // of the computation this one runs in, if any
	mu        sync.Mutex
	tables    map[[2]string]tableRead
	untracked bool
}

type tableRead struct {
	t     *storage.Table
	token any
}

func (e *env) noteRead(db, table string, t *storage.Table) {
	rs := e.reads.Load()
	if rs == nil {
		return
	}
	var token any
	if t != nil {
		token = t.StateToken()
	}
	for ; rs != nil; rs = rs.outer {
		rs.mu.Lock()
		if _, seen := rs.tables[[2]string{db, table}]; !seen {
			rs.tables[[2]string{db, table}] = tableRead{t: t, token: token}
		}
		rs.mu.Unlock()
	}
}

func (e *env) noteUntracked() {
	for rs := e.reads.Load(); rs != nil; rs = rs.outer {
		rs.mu.Lock()
		rs.untracked = true
		rs.mu.Unlock()
	}
}

// current reports whether every table read is still the same table in
// the same state (or still absent), and, when something else was read,
// whether nothing at all changed since the computation began.
func (rs *readSet) current() bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if rs.untracked && rs.store.DataVersion() != rs.version {
		return false
	}
	for k, r := range rs.tables {
		t, err := rs.store.Table(k[0], k[1])
		if err != nil {
			t = nil
			if !errors.Is(err, storage.ErrTableNotFound) && !errors.Is(err, storage.ErrDatabaseNotFound) {
				return false
			}
		}
		if t != r.t || (t != nil && t.StateToken() != r.token) {
			return false
		}
	}
	return true
}

// inTransaction reports whether the statement runs in a transaction of
// more than itself, or has written.
func (e *env) inTransaction() bool {
	if e.ctx.GetIgnoreAutoCommit() {
		return true // BEGIN / START TRANSACTION
	}
	if v, err := e.ctx.GetSessionVariable(e.ctx, "autocommit"); err == nil {
		if on, err := sql.ConvertToBool(e.ctx, v); err != nil || !on {
			return true
		}
	}
	return e.s.txn != nil && !e.s.txn.done && e.s.txn.tx.Dirty()
}

// privilegeScope is a digest of the caller's active privilege set:
// accounts with equal sets may read exactly the same tables.
func (e *env) privilegeScope() string {
	p := e.privileges()
	if !p.enabled() {
		return "all"
	}
	return PrivilegeDigest(p.mdb.UserActivePrivilegeSet(e.ctx))
}

// sessionVariablesDigest hashes every session variable but those that
// name the connection or its last statement (they differ between any
// two sessions and decide no analytics result).
func sessionVariablesDigest(ctx *sql.Context) uint64 {
	vars := ctx.Session.GetAllSessionVariables()
	names := make([]string, 0, len(vars))
	for n := range vars {
		if !connectionVariables[strings.ToLower(n)] {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	h := fnv.New64a()
	for _, n := range names {
		fmt.Fprintf(h, "%s=%v\x00", n, vars[n])
	}
	return h.Sum64()
}

// connectionVariables are left out of sessionVariablesDigest.
var connectionVariables = map[string]bool{
	"pseudo_thread_id": true, "last_insert_id": true, "identity": true, "insert_id": true,
	"timestamp": true, "warning_count": true, "error_count": true, "rand_seed1": true, "rand_seed2": true,
}

// PrivilegeDigest writes every privilege of ps in a canonical order and
// hashes it: equal digests, equal privileges.
func PrivilegeDigest(ps mysql_db.PrivilegeSet) string {
	var lines []string
	add := func(where string, privs []sql.PrivilegeType) {
		if len(privs) == 0 {
			return
		}
		s := make([]string, len(privs))
		for i, p := range privs {
			s[i] = p.String()
		}
		sort.Strings(s)
		lines = append(lines, where+" "+strings.Join(s, ","))
	}
	add("global", ps.ToSlice())
	lines = append(lines, "dynamic "+strings.Join(ps.ToSliceDynamic(false), ","),
		"dynamic+grant "+strings.Join(ps.ToSliceDynamic(true), ","))
	for _, d := range ps.GetDatabases() {
		db := "db " + strings.ToLower(d.Name())
		add(db, d.ToSlice())
		for _, t := range d.GetTables() {
			tb := db + " table " + strings.ToLower(t.Name())
			add(tb, t.ToSlice())
			for _, c := range t.GetColumns() {
				add(tb+" column "+strings.ToLower(c.Name()), c.ToSlice())
			}
		}
		for _, r := range d.GetRoutines() {
			add(db+" "+r.RoutineType()+" "+strings.ToLower(r.RoutineName()), r.ToSlice())
		}
	}
	sort.Strings(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return hex.EncodeToString(sum[:])
}
