package server

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/mysql_db"
	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// Account statements go-mysql-server v0.20.0 rejects or half-does, which
// cohortdb runs itself before GMS parses them:
//
//	SET PASSWORD [FOR account] = 'password'
//	ALTER USER [IF EXISTS] account [IDENTIFIED [WITH plugin] BY 'pw'] [, ...]
//	    [FAILED_LOGIN_ATTEMPTS n] [PASSWORD_LOCK_TIME {d | UNBOUNDED}]
//	    [ACCOUNT {LOCK | UNLOCK}]
//	CREATE USER ... [FAILED_LOGIN_ATTEMPTS n] [PASSWORD_LOCK_TIME ...] [ACCOUNT LOCK]
//	RENAME USER old TO new [, old TO new] ...
//
// A password change is handed to GMS as ALTER USER ... IDENTIFIED WITH
// <the account's plugin> BY ..., so GMS checks privileges (anyone may
// change their own password, others need CREATE USER) and MySQL's rule
// holds that IDENTIFIED BY keeps the account's plugin (GMS alone would
// switch it to mysql_native_password). Lock options need the CREATE USER
// privilege; they are kept in the account's User_attributes as MySQL
// keeps them, and read by the loginGuard at every login. RENAME USER
// (which GMS answers "not yet implemented") needs CREATE USER too and
// keeps the account's password, grants and roles under its new name.
type accountStmts struct {
	db    *mysql_db.MySQLDb
	guard *loginGuard
	sm    *gms.SessionManager
}

// runFn runs one statement through go-mysql-server, discarding its result.
type runFn func(stmt string) error

var (
	setPasswordRe = regexp.MustCompile(`(?is)^\s*set\s+password\s*(?:for\s+(.+?)\s*)?=\s*` +
		`('(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*")\s*;?\s*$`)
	alterUserRe   = regexp.MustCompile(`(?is)^\s*alter\s+user\s+(if\s+exists\s+)?`)
	createUserRe  = regexp.MustCompile(`(?is)^\s*create\s+user\s`)
	renameUserRe  = regexp.MustCompile(`(?is)^\s*rename\s+user\s`)
	stringLitRe   = regexp.MustCompile(`'(?:[^'\\]|\\.|'')*'|"(?:[^"\\]|\\.|"")*"`)
	failedLoginRe = regexp.MustCompile(`(?i)\bfailed_login_attempts\s+(\d+)`)
	lockTimeRe    = regexp.MustCompile(`(?i)\bpassword_lock_time\s+(\d+|unbounded)\b`)
	accountLockRe = regexp.MustCompile(`(?i)\baccount\s+(lock|unlock)\b`)
)

// handle runs query if it is one of the statements above and reports
// whether it did; cb gets the OK result.
func (a *accountStmts) handle(ctx context.Context, c *mysql.Conn, query string, run runFn, cb mysql.ResultSpoolFn) (bool, error) {
	if a == nil || a.sm == nil {
		return false, nil
	}
	var err error
	query = skipComments(query) // implicit_commit.go
	switch {
	case renameUserRe.MatchString(query):
		err = a.renameUser(ctx, c, query, run)
	case setPasswordRe.MatchString(query):
		err = a.setPassword(ctx, c, query, run)
	case alterUserRe.MatchString(query):
		var handled bool
		if handled, err = a.alterUser(ctx, c, query, run); !handled {
			return false, nil
		}
	case createUserRe.MatchString(query) && hasLockOptions(query):
		err = a.createUser(ctx, c, query, run)
	default:
		return false, nil
	}
	if err != nil {
		return true, err
	}
	return true, cb(&sqltypes.Result{}, false)
}

// setPassword runs SET PASSWORD as ALTER USER ... IDENTIFIED BY.
func (a *accountStmts) setPassword(ctx context.Context, c *mysql.Conn, query string, run runFn) error {
	if err := commitOpen(a.sm, ctx, c); err != nil { // implicit_commit.go
		return err
	}
	m := setPasswordRe.FindStringSubmatch(query)
	account := m[1]
	if account == "" {
		sqlCtx, err := a.sm.NewContextWithQuery(ctx, c, query)
		if err != nil {
			return err
		}
		cl := sqlCtx.Session.Client()
		rd := a.db.Reader()
		u := a.db.GetUser(rd, cl.User, cl.Address, false)
		rd.Close()
		if u == nil {
			return accessDenied(cl.User)
		}
		account = quoteAccount(u.User, u.Host)
	}
	_, err := a.alterUser(ctx, c, "ALTER USER "+account+" IDENTIFIED BY "+m[2], run)
	return err
}

// alterUser runs an ALTER USER statement; handled is false when it does
// not parse here (GMS then reports the error its own way).
func (a *accountStmts) alterUser(ctx context.Context, c *mysql.Conn, query string, run runFn) (handled bool, err error) {
	loc := alterUserRe.FindStringSubmatchIndex(query)
	ifExists := loc[2] >= 0
	parsed, err := ast.Parse("CREATE USER " + query[loc[1]:])
	if err != nil {
		return false, nil
	}
	cu, ok := parsed.(*ast.CreateUser)
	if !ok || len(cu.Users) == 0 {
		return false, nil
	}
	if err := commitOpen(a.sm, ctx, c); err != nil { // implicit_commit.go
		return true, err
	}
	opts, err := parseLockOptions(query)
	if err != nil {
		return true, err
	}
	sqlCtx, err := a.sm.NewContextWithQuery(ctx, c, query)
	if err != nil {
		return true, err
	}
	if !opts.empty() && !a.db.UserHasPrivileges(sqlCtx, sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{}, sql.PrivilegeType_CreateUser)) {
		return true, mysql.NewSQLError(1227, "42000", "Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation")
	}
	var touched []mysql_db.UserPrimaryKey
	for _, u := range cu.Users {
		pk, ok := a.account(u.AccountName)
		if !ok {
			if ifExists {
				continue
			}
			return true, mysql.NewSQLError(1396, "HY000", "Operation ALTER USER failed for %s", quoteAccount(pk.User, pk.Host))
		}
		if err := a.changePassword(pk, u.Auth1, run); err != nil {
			return true, err
		}
		touched = append(touched, pk)
	}
	return true, a.applyOptions(sqlCtx, touched, opts)
}

// createUser runs CREATE USER through GMS, then applies the lock options
// GMS parses but ignores.
func (a *accountStmts) createUser(ctx context.Context, c *mysql.Conn, query string, run runFn) error {
	opts, err := parseLockOptions(query)
	if err != nil {
		return err
	}
	parsed, err := ast.Parse(query)
	if err != nil {
		return run(query) // GMS reports the syntax error
	}
	if err := commitOpen(a.sm, ctx, c); err != nil { // implicit_commit.go
		return err
	}
	if err := run(query); err != nil {
		return err
	}
	cu, ok := parsed.(*ast.CreateUser)
	if !ok {
		return nil
	}
	sqlCtx, err := a.sm.NewContextWithQuery(ctx, c, query)
	if err != nil {
		return err
	}
	var pks []mysql_db.UserPrimaryKey
	for _, u := range cu.Users {
		if pk, ok := a.account(u.AccountName); ok {
			pks = append(pks, pk)
		}
	}
	return a.applyOptions(sqlCtx, pks, opts)
}

// renameUser runs RENAME USER: every account renamed, or, when one is
// missing or its new name taken (in the order the renames run, so
// RENAME USER a TO b, b TO c is allowed), none and 1396 naming those.
func (a *accountStmts) renameUser(ctx context.Context, c *mysql.Conn, query string, run runFn) error {
	parsed, err := ast.Parse(query)
	if err != nil {
		return run(query) // GMS reports the syntax error
	}
	ru, ok := parsed.(*ast.RenameUser)
	if !ok {
		return run(query)
	}
	if err := commitOpen(a.sm, ctx, c); err != nil { // implicit_commit.go
		return err
	}
	sqlCtx, err := a.sm.NewContextWithQuery(ctx, c, query)
	if err != nil {
		return err
	}
	if !a.db.UserHasPrivileges(sqlCtx, sql.NewPrivilegedOperation(sql.PrivilegeCheckSubject{}, sql.PrivilegeType_CreateUser)) {
		return mysql.NewSQLError(1227, "42000", "Access denied; you need (at least one of) the CREATE USER privilege(s) for this operation")
	}
	type rename struct{ from, to mysql_db.UserPrimaryKey }
	var renames []rename
	var failed []string
	ed := a.db.Editor()
	defer ed.Close()
	present := map[mysql_db.UserPrimaryKey]bool{} // after the renames so far
	exists := func(pk mysql_db.UserPrimaryKey) bool {
		if v, ok := present[pk]; ok {
			return v
		}
		_, ok := ed.GetUser(pk)
		return ok
	}
	for _, r := range ru.Accounts {
		from, to := accountKey(r.From), accountKey(r.To)
		if !exists(from) || exists(to) {
			failed = append(failed, quoteAccount(from.User, from.Host))
			continue
		}
		present[from], present[to] = false, true
		renames = append(renames, rename{from, to})
	}
	if len(failed) > 0 {
		return mysql.NewSQLError(1396, "HY000", "Operation RENAME USER failed for %s", strings.Join(failed, ","))
	}
	for _, r := range renames {
		u, _ := ed.GetUser(r.from)
		cp := *u
		cp.User, cp.Host = r.to.User, r.to.Host
		ed.RemoveUser(r.from)
		ed.PutUser(&cp)
		renameRoleEdges(ed, r.from, r.to)
		a.guard.resetAccount(r.from.User, r.from.Host)
	}
	return a.db.Persist(sqlCtx, ed)
}

// renameRoleEdges moves the role grants from and to account from onto
// account to.
func renameRoleEdges(ed *mysql_db.Editor, from, to mysql_db.UserPrimaryKey) {
	var edges []*mysql_db.RoleEdge
	ed.VisitRoleEdges(func(e *mysql_db.RoleEdge) {
		if e.FromUser == from.User && e.FromHost == from.Host || e.ToUser == from.User && e.ToHost == from.Host {
			edges = append(edges, e)
		}
	})
	for _, e := range edges {
		ed.RemoveRoleEdge(mysql_db.RoleEdgesPrimaryKey{FromHost: e.FromHost, FromUser: e.FromUser, ToHost: e.ToHost, ToUser: e.ToUser})
		cp := *e
		if cp.FromUser == from.User && cp.FromHost == from.Host {
			cp.FromUser, cp.FromHost = to.User, to.Host
		}
		if cp.ToUser == from.User && cp.ToHost == from.Host {
			cp.ToUser, cp.ToHost = to.User, to.Host
		}
		ed.PutRoleEdge(&cp)
	}
}

// accountKey is the key of the account named n.
func accountKey(n ast.AccountName) mysql_db.UserPrimaryKey {
	host := n.Host
	if n.AnyHost || host == "" {
		host = "%"
	}
	return mysql_db.UserPrimaryKey{User: n.Name, Host: host}
}

// account returns the key of the account named n and whether it exists.
func (a *accountStmts) account(n ast.AccountName) (mysql_db.UserPrimaryKey, bool) {
	pk := accountKey(n)
	rd := a.db.Reader()
	defer rd.Close()
	_, ok := rd.GetUser(pk)
	return pk, ok
}

// changePassword hands a password change to GMS with the plugin named in
// the statement, or else the account's own.
func (a *accountStmts) changePassword(pk mysql_db.UserPrimaryKey, auth *ast.Authentication, run runFn) error {
	if auth == nil {
		return nil
	}
	if auth.RandomPassword || auth.Identity != "" {
		return mysql.NewSQLError(1064, "42000", "cohortdb supports IDENTIFIED [WITH plugin] BY 'password' only")
	}
	plugin := auth.Plugin
	if plugin == "" {
		rd := a.db.Reader()
		u, _ := rd.GetUser(pk)
		rd.Close()
		if u != nil {
			plugin = u.Plugin
		}
	}
	if plugin == "" {
		plugin = string(mysql.MysqlNativePassword)
	}
	return run(fmt.Sprintf("ALTER USER %s IDENTIFIED WITH %s BY %s",
		quoteAccount(pk.User, pk.Host), plugin, quoteString(auth.Password)))
}

// applyOptions stores opts on the accounts pks, persists the users and
// resets their failed-login state.
func (a *accountStmts) applyOptions(ctx *sql.Context, pks []mysql_db.UserPrimaryKey, opts lockOptions) error {
	if opts.empty() || len(pks) == 0 {
		return nil
	}
	ed := a.db.Editor()
	defer ed.Close()
	for _, pk := range pks {
		u, ok := ed.GetUser(pk)
		if !ok {
			continue
		}
		cp := *u
		if opts.attempts != nil || opts.lockDays != nil {
			pol := policyOf(u)
			if opts.attempts != nil {
				pol.attempts = *opts.attempts
			}
			if opts.lockDays != nil {
				pol.lockDays = *opts.lockDays
			}
			attrs, err := withPolicy(u.Attributes, pol)
			if err != nil {
				return err
			}
			cp.Attributes = attrs
		}
		if opts.lock != nil {
			cp.Locked = *opts.lock
		}
		// PutUser replaces only an equal entry: remove the old one first.
		ed.RemoveUser(pk)
		ed.PutUser(&cp)
		a.guard.resetAccount(pk.User, pk.Host)
	}
	return a.db.Persist(ctx, ed)
}

// lockOptions are the options of one statement; nil means not given.
type lockOptions struct {
	attempts *int
	lockDays *int // -1: UNBOUNDED
	lock     *bool
}

func (o lockOptions) empty() bool { return o.attempts == nil && o.lockDays == nil && o.lock == nil }

func hasLockOptions(query string) bool {
	o, err := parseLockOptions(query)
	return err != nil || !o.empty()
}

// parseLockOptions reads the lock options of query, outside its string
// literals; the last of each kind wins, as in MySQL.
func parseLockOptions(query string) (lockOptions, error) {
	text := stringLitRe.ReplaceAllString(query, "''")
	var o lockOptions
	if ms := failedLoginRe.FindAllStringSubmatch(text, -1); ms != nil {
		n, err := optionInt("FAILED_LOGIN_ATTEMPTS", ms[len(ms)-1][1])
		if err != nil {
			return o, err
		}
		o.attempts = &n
	}
	if ms := lockTimeRe.FindAllStringSubmatch(text, -1); ms != nil {
		v := ms[len(ms)-1][1]
		n := -1
		if !strings.EqualFold(v, "unbounded") {
			var err error
			if n, err = optionInt("PASSWORD_LOCK_TIME", v); err != nil {
				return o, err
			}
		}
		o.lockDays = &n
	}
	if ms := accountLockRe.FindAllStringSubmatch(text, -1); ms != nil {
		lock := strings.EqualFold(ms[len(ms)-1][1], "lock")
		o.lock = &lock
	}
	return o, nil
}

// optionInt parses a FAILED_LOGIN_ATTEMPTS or PASSWORD_LOCK_TIME value;
// MySQL allows 0 to 32767.
func optionInt(name, s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n > 32767 {
		return 0, mysql.NewSQLError(1210, "HY000", "Incorrect arguments to %s: %s (0 to 32767)", name, s)
	}
	return n, nil
}

// quoteAccount formats 'user'@'host'.
func quoteAccount(user, host string) string {
	return quoteString(user) + "@" + quoteString(host)
}

// quoteString returns s as a single-quoted SQL string literal.
func quoteString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
