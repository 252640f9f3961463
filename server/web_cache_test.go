package server

import (
	"context"
	"testing"

	"github.com/cohortdb/cohortdb/server/web"
)

// TestWebScopeIsThePrivilegeSet: accounts share cached page results only
// when their active privileges are the same, and a GRANT moves an
// account to another scope at once.
func TestWebScopeIsThePrivilegeSet(t *testing.T) {
	s := startMemServer(t, newMemMeta(), "pw")
	root := s.open(t, "root", "pw", "")
	for _, u := range []string{"ana", "ben", "cid"} {
		mustExec(t, root, "CREATE USER '"+u+"'@'%' IDENTIFIED BY 'x'")
	}
	mustExec(t, root, "GRANT SELECT ON mydb.* TO 'ana'@'%'")
	mustExec(t, root, "GRANT SELECT ON mydb.* TO 'ben'@'%'")
	mustExec(t, root, "CREATE TABLE mydb.scoped (v INT)")
	mustExec(t, root, "GRANT SELECT ON mydb.scoped TO 'cid'@'%'")
	b := webBackendOf(s)
	b.dataVersion = func() uint64 { return 1 }
	scope := func(user string) string {
		t.Helper()
		sc, err := b.Scope(context.Background(), web.Account{User: user, Host: "%"})
		if err != nil {
			t.Fatal(err)
		}
		return sc
	}
	if scope("ana") != scope("ben") {
		t.Error("ana and ben hold the same grants but get different scopes")
	}
	if scope("ana") == scope("cid") {
		t.Error("cid (SELECT on one table) shares ana's scope (SELECT on the database)")
	}
	before := scope("ben")
	mustExec(t, root, "GRANT INSERT ON mydb.scoped TO 'ben'@'%'")
	if scope("ben") == before {
		t.Error("a GRANT left ben's scope unchanged")
	}
	if _, err := webBackendOf(s).Scope(context.Background(), web.Account{User: "ana", Host: "%"}); err == nil {
		t.Error("a backend without a data version offers a scope (results would be cached with nothing to invalidate them)")
	}
}
