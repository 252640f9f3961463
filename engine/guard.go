package engine

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/transform"
	"github.com/dolthub/vitess/go/mysql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// guard checks, when a statement is about to run, the privileges GMS
// v0.20.0 does not: SET GLOBAL/PERSIST (SUPER or SYSTEM_VARIABLES_ADMIN),
// KILL (an unknown id is 1094; another user's thread needs SUPER or
// CONNECTION_ADMIN, 1095),
// SELECT … INTO OUTFILE/DUMPFILE (FILE and secure_file_priv), and LOAD
// DATA (INSERT on the table, DELETE too for REPLACE; FILE and
// secure_file_priv for a server file; GMS asks FILE of every load at plan
// time, see fileAuthDeferred). It returns a node to run instead of n
// (an INTO with the file's resolved path), or an error; (nil, nil) lets n
// run as it is.
func (b *loadDataBuilder) guard(ctx *sql.Context, n sql.Node) (sql.Node, error) {
	p := b.e.provider
	switch n := n.(type) {
	case *plan.Set:
		return nil, checkSetGlobal(ctx, p.privileges(), n)
	case *plan.Kill:
		return nil, checkKill(ctx, p.privileges(), n)
	case *plan.Into:
		return guardInto(ctx, p, n)
	case *plan.InsertInto:
		if ld := findLoadData(n.Source); ld != nil {
			return nil, guardLoad(ctx, p, n, ld)
		}
	}
	return nil, nil
}

// checkSetGlobal refuses SET GLOBAL and SET PERSIST without SUPER or
// SYSTEM_VARIABLES_ADMIN (MySQL 1227).
func checkSetGlobal(ctx *sql.Context, priv privileges, n *plan.Set) error {
	for _, e := range n.Exprs {
		sf, ok := e.(*expression.SetField)
		if !ok {
			continue
		}
		sv, ok := sf.LeftChild.(*expression.SystemVar)
		if !ok || !globalScope(sv) {
			continue
		}
		if !priv.global(ctx, sql.PrivilegeType_Super, "system_variables_admin") {
			return specific("SUPER", "SYSTEM_VARIABLES_ADMIN")
		}
	}
	return nil
}

func globalScope(sv *expression.SystemVar) bool {
	s, ok := sv.Scope.(*sql.MysqlScope)
	if !ok {
		return true // an unknown scope is checked as the strictest
	}
	switch s.Type {
	case sql.SystemVariableScope_Session, sql.SystemVariableScope_Both:
		return false
	}
	return true
}

// checkKill answers KILL [QUERY] as MySQL does: 1094 for an id that is
// not a connection, 1095 for another user's connection without SUPER or
// CONNECTION_ADMIN (one's own connections need no privilege).
func checkKill(ctx *sql.Context, priv privileges, n *plan.Kill) error {
	for _, proc := range ctx.ProcessList.Processes() {
		if proc.Connection != n.ConnID {
			continue
		}
		if proc.User != ctx.Session.Client().User && !priv.global(ctx, sql.PrivilegeType_Super, "connection_admin") {
			return mysql.NewSQLError(erKillDenied, "HY000", "You are not owner of thread %d", n.ConnID)
		}
		return nil
	}
	return mysql.NewSQLError(erNoSuchThread, "HY000", "Unknown thread id: %d", n.ConnID)
}

// MySQL's KILL errors.
const (
	erNoSuchThread = 1094 // ER_NO_SUCH_THREAD
	erKillDenied   = 1095 // ER_KILL_DENIED_ERROR
)

// guardInto checks an INTO OUTFILE/DUMPFILE and returns the node with the
// file's resolved path (GMS creates it with O_EXCL).
func guardInto(ctx *sql.Context, p *Provider, n *plan.Into) (sql.Node, error) {
	target := &n.Outfile
	if n.Outfile == "" {
		target = &n.Dumpfile
	}
	if *target == "" {
		return nil, nil // INTO @variables
	}
	real, err := p.fileAllowed(ctx, *target, true)
	if err != nil {
		return nil, err
	}
	if real == *target {
		return nil, nil
	}
	nn := *n
	if n.Outfile != "" {
		nn.Outfile = real
	} else {
		nn.Dumpfile = real
	}
	return &nn, nil
}

// guardLoad checks a LOAD DATA: INSERT (and DELETE for REPLACE) on the
// destination table, and for a server file FILE and secure_file_priv.
func guardLoad(ctx *sql.Context, p *Provider, ins *plan.InsertInto, ld *plan.LoadData) error {
	if db, table, ok := destinationName(ins.Destination); ok {
		privs := []sql.PrivilegeType{sql.PrivilegeType_Insert}
		if ld.IsReplace {
			privs = append(privs, sql.PrivilegeType_Delete)
		}
		if err := p.privileges().table(ctx, db, table, privs...); err != nil {
			return err
		}
	}
	if ld.Local {
		return nil
	}
	_, err := p.fileAllowed(ctx, ld.File, false)
	if err != nil {
		return loadOpenError(err)
	}
	return nil
}

// destinationName finds the table an INSERT writes.
func destinationName(n sql.Node) (db, table string, ok bool) {
	transform.Inspect(n, func(n sql.Node) bool {
		if rt, isRT := n.(*plan.ResolvedTable); isRT && !ok {
			db, table, ok = rt.Database().Name(), rt.Name(), true
		}
		return !ok
	})
	return db, table, ok
}

// fileAuthDeferred wraps GMS's authorization: the parser marks every LOAD
// DATA (its only statement of that kind) as needing FILE, LOCAL included,
// where MySQL asks FILE only of a server file, and every KILL (its only
// SUPER statement) as needing SUPER, where MySQL lets users kill their own
// connections. guard checks both at execution, where LOCAL and the
// connection's owner are known; everything else is GMS's check.
type fileAuthDeferred struct {
	base sql.AuthorizationHandlerFactory
}

type fileAuthHandler struct{ sql.AuthorizationHandler }

func (f fileAuthDeferred) CreateHandler(cat sql.Catalog) sql.AuthorizationHandler {
	return fileAuthHandler{f.base.CreateHandler(cat)}
}

func (h fileAuthHandler) HandleAuth(ctx *sql.Context, state sql.AuthorizationQueryState, auth ast.AuthInformation) error {
	if auth.AuthType == ast.AuthType_FILE || auth.AuthType == ast.AuthType_SUPER {
		if state != nil && state.Error() != nil {
			return state.Error()
		}
		return nil
	}
	return h.AuthorizationHandler.HandleAuth(ctx, state, auth)
}

var deferFileAuth sync.Once

// installFileAuth installs fileAuthDeferred (process-wide, before the
// first catalog is built).
func installFileAuth() {
	deferFileAuth.Do(func() {
		sql.SetAuthorizationHandlerFactory(fileAuthDeferred{base: sql.GetAuthorizationHandlerFactory()})
	})
}
