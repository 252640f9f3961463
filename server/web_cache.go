package server

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"

	"github.com/cohortdb/cohortdb/engine"
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
	return engine.PrivilegeDigest(ps), nil
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
