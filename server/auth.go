package server

import (
	"github.com/dolthub/vitess/go/mysql"
)

// authServer is go-mysql-server's auth server as cohortdb serves it:
//   - caching_sha2_password is sha2Method (auth_sha2.go): it works
//     without TLS too (RSA key exchange, cached fast path), as in MySQL;
//   - a login as an account that does not exist fails like a wrong
//     password, with error 1045 (ER_ACCESS_DENIED_ERROR), as in MySQL.
//     Otherwise no auth method claims an unknown user and the client gets
//     2012 "No authentication methods available", which tells an attacker
//     which user names exist and confuses clients that branch on 1045;
//   - every login goes through the loginGuard (login_guard.go):
//     require_secure_transport, failed-login delay and lockout.
type authServer struct {
	mysql.AuthServer
	methods []mysql.AuthMethod
}

// newAuthServer wraps inner's methods once; the list is fixed for the
// server's life.
func newAuthServer(inner mysql.AuthServer, sha2 *sha2Method, g *loginGuard) authServer {
	base := inner.AuthMethods()
	plain := make([]mysql.AuthMethod, len(base))
	for i, m := range base {
		plain[i] = m
		if m.Name() == mysql.CachingSha2Password && sha2 != nil {
			plain[i] = sha2
		}
	}
	out := make([]mysql.AuthMethod, len(plain))
	for i, m := range plain {
		if m.Name() == mysql.MysqlNativePassword {
			m = claimUnknown{AuthMethod: m, all: plain}
		}
		out[i] = guardedMethod{AuthMethod: m, g: g}
	}
	return authServer{AuthServer: inner, methods: out}
}

// AuthMethods implements mysql.AuthServer.
func (a authServer) AuthMethods() []mysql.AuthMethod { return a.methods }

// claimUnknown is an auth method (mysql_native_password, the default) that
// also handles users no method in all handles; its password check then
// rejects them with 1045 since they have no account.
type claimUnknown struct {
	mysql.AuthMethod
	all []mysql.AuthMethod
}

// HandleUser implements mysql.AuthMethod.
func (m claimUnknown) HandleUser(c *mysql.Conn, user string) bool {
	if m.AuthMethod.HandleUser(c, user) {
		return true
	}
	for _, other := range m.all {
		if other.Name() != m.Name() && other.HandleUser(c, user) {
			return false // another method owns this user
		}
	}
	return true
}
