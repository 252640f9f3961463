package server

import (
	"github.com/dolthub/vitess/go/mysql"
)

// denyUnknownUsers wraps GMS's auth server so that a login as an account
// that does not exist fails like a wrong password, with error 1045
// (ER_ACCESS_DENIED_ERROR), as in MySQL. Unwrapped, no auth method claims
// an unknown user and the client gets 2012 "No authentication methods
// available", which tells an attacker which user names exist and confuses
// clients that branch on 1045.
type denyUnknownUsers struct {
	mysql.AuthServer
}

// AuthMethods implements mysql.AuthServer: mysql_native_password (the
// default method) also claims users no other method claims; its password
// check then rejects them with 1045 since they have no account.
func (a denyUnknownUsers) AuthMethods() []mysql.AuthMethod {
	inner := a.AuthServer.AuthMethods()
	out := make([]mysql.AuthMethod, len(inner))
	for i, m := range inner {
		out[i] = m
		if m.Name() == mysql.MysqlNativePassword {
			out[i] = claimUnknown{AuthMethod: m, all: inner}
		}
	}
	return out
}

// claimUnknown is an auth method that also handles users no method in all
// handles.
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
		if other.HandleUser(c, user) {
			return false // another method owns this user
		}
	}
	return true
}
