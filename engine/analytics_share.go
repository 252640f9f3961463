package engine

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
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
	if e.ctx == nil || e.s.store == nil || e.inTransaction() {
		return ""
	}
	return fmt.Sprintf("%d/%s/%s/%x", e.s.store.DataVersion(), e.privilegeScope(),
		e.ctx.GetCurrentDatabase(), sessionVariablesDigest(e.ctx))
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
