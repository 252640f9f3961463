package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"

	"github.com/cohortdb/cohortdb/server/web"
)

// The insight pages cache results (web.Source): per data version, shared
// between accounts whose privileges are identical.

var _ web.Source = (*webBackend)(nil)

var errNoCache = errors.New("no data version: results are not cached")

// DataVersion implements web.Source: the store's data version and a
// digest of the global system variables (SET GLOBAL of a setting the
// analytics read, e.g. cohortdb_unified_ids, changes results as much as
// a write does; a web session starts from the global values).
func (b *webBackend) DataVersion() string {
	if b.dataVersion == nil {
		return ""
	}
	globals := sql.SystemVariables.GetAllGlobalVariables()
	names := make([]string, 0, len(globals))
	for n := range globals {
		names = append(names, n)
	}
	sort.Strings(names)
	h := fnv.New64a()
	for _, n := range names {
		fmt.Fprintf(h, "%s=%v\x00", n, globals[n])
	}
	return fmt.Sprintf("%d/%x", b.dataVersion(), h.Sum64())
}

// Scope implements web.Source: a digest of the account's active
// privilege set (its grants and its roles'), the set every privilege
// check of its statements consults. Accounts with equal sets are
// allowed and refused exactly the same reads.
func (b *webBackend) Scope(ctx context.Context, acct web.Account) (string, error) {
	if b.dataVersion == nil {
		return "", errNoCache
	}
	if b.db == nil || !b.db.Enabled() {
		return "all", nil
	}
	base := sql.NewBaseSessionWithClientServer(b.addr, sql.Client{User: acct.User, Address: acct.Host}, 0)
	ps := b.db.UserActivePrivilegeSet(sql.NewContext(ctx, sql.WithSession(base)))
	return privilegeDigest(ps), nil
}

// privilegeDigest writes every privilege of ps in a canonical order and
// hashes it.
func privilegeDigest(ps mysql_db.PrivilegeSet) string {
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

// WarmAccounts implements web.Source: the unlocked accounts (root's
// first), whose pages are computed after start and after each change.
func (b *webBackend) WarmAccounts() []web.Account {
	if b.db == nil || !b.db.Enabled() {
		return []web.Account{{User: "root", Host: "localhost"}}
	}
	var out []web.Account
	rd := b.db.Reader()
	rd.VisitUsers(func(u *mysql_db.User) {
		if !u.IsRole && !u.Locked {
			out = append(out, web.Account{User: u.User, Host: u.Host})
		}
	})
	rd.Close()
	sort.Slice(out, func(i, j int) bool {
		ri, rj := out[i].User == "root", out[j].User == "root"
		if ri != rj {
			return ri
		}
		return out[i].User+"@"+out[i].Host < out[j].User+"@"+out[j].Host
	})
	return out
}
