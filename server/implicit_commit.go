package server

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// Of the statements the server answers before go-mysql-server parses
// them, those on MySQL's list of statements that cause an implicit
// commit (OPTIMIZE and ANALYZE TABLE, the DDL and LOCK TABLES a dump
// sends for the mysql database, SET PASSWORD, ALTER, CREATE and RENAME
// USER) commit the connection's open transaction before they run, once
// they have parsed, as MySQL does — also when they then fail, on a
// privilege say. The transaction is ended, so the statements after them
// autocommit again. CHECKSUM TABLE, DO, SHOW and EXPLAIN do not commit
// (MySQL's SQLCOM_CHECKSUM has no CF_AUTO_COMMIT_TRANS). The statements
// go-mysql-server answers get the same commit from beforeStatement.

// implicitCommit commits the transaction open in ctx's session, if any,
// as GMS's COMMIT does.
func implicitCommit(ctx *sql.Context) error {
	ts, ok := ctx.Session.(sql.TransactionSession)
	if !ok {
		return nil
	}
	if tx := ctx.GetTransaction(); tx != nil {
		if err := ts.CommitTransaction(ctx, tx); err != nil {
			return err
		}
		ctx.SetTransaction(nil)
	}
	ctx.SetIgnoreAutoCommit(false)
	return nil
}

// commitOpen is implicitCommit for connection c.
func commitOpen(sm *gms.SessionManager, ctx context.Context, c *mysql.Conn) error {
	sqlCtx, err := sm.NewContextWithQuery(ctx, c, "")
	if err != nil {
		return fmt.Errorf("implicit commit: %w", err)
	}
	return implicitCommit(sqlCtx)
}

// Of the statements go-mysql-server answers, GMS commits after its DDL
// only (rowexec.TransactionCommittingIter) and left the session
// ignoring autocommit after a BEGIN, so the statements after the DDL
// stayed in a transaction a ROLLBACK undid; the
// account statements, LOCK TABLES and FLUSH did not commit at all. The
// handler parses a statement whose first word can begin one on MySQL's
// list (everything else, the common case, is not parsed twice) and,
// when the AST is on the list, commits before GMS runs it — also when it
// then fails, as in MySQL. With the session following autocommit again,
// GMS commits the statement itself when autocommit is on; when it is
// off the statement and the next ones share a new transaction, which for
// the account statements and FLUSH holds nothing to roll back.

// implicitCommitWords are the first words of the statements on MySQL's
// list that GMS parses, a filter before parsing.
var implicitCommitWords = []string{
	"create", "alter", "drop", "rename", "truncate", "grant", "revoke",
	"lock", "unlock", "flush", "change", "start", "stop", "reset", "analyze",
	"begin", // not to commit: it ends LOCK TABLES, so UNLOCK TABLES no longer commits
}

// mayCommitImplicitly is the cheap filter: the statement's first word
// (after blanks, comments and a versioned comment's opening) is one of
// implicitCommitWords.
func mayCommitImplicitly(q string) bool {
	q = skipComments(q)
	if m := versionOpen.FindStringIndex(q); m != nil {
		q = strings.TrimLeft(q[m[1]:], " \t\r\n")
	}
	for _, w := range implicitCommitWords {
		if len(q) >= len(w) && strings.EqualFold(q[:len(w)], w) && (len(q) == len(w) || !isWordByte(q[len(w)])) {
			return true
		}
	}
	return false
}

// skipComments drops the blanks and comments before a statement as
// MySQL's lexer skips them: /* ... */, and "-- " and "#" to the end of
// the line. It stops at a versioned comment /*!NNNNN ... */, whose text
// MySQL runs.
func skipComments(q string) string {
	for {
		q = strings.TrimLeft(q, " \t\r\n")
		switch {
		case strings.HasPrefix(q, "/*!") || strings.HasPrefix(q, "/*M!"):
			return q
		case strings.HasPrefix(q, "/*"):
			end := strings.Index(q[2:], "*/")
			if end < 0 {
				return q
			}
			q = q[2+end+2:]
		case strings.HasPrefix(q, "#") || strings.HasPrefix(q, "--") && (len(q) == 2 || q[2] == ' ' || q[2] == '\t' || q[2] == '\r' || q[2] == '\n'):
			end := strings.IndexByte(q, '\n')
			if end < 0 {
				return ""
			}
			q = q[end+1:]
		default:
			return q
		}
	}
}

var versionOpen = regexp.MustCompile(`^/\*[!M]!?\d*`)

func isWordByte(b byte) bool {
	return b == '_' || b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z'
}

// commitsImplicitly reports whether stmt is on MySQL 8's list of
// statements that cause an implicit commit. UNLOCK TABLES is, only when
// the connection holds table locks (locked). START TRANSACTION, BEGIN and
// SET autocommit = 1 are on it too; GMS commits for those itself.
func commitsImplicitly(stmt ast.Statement, locked bool) bool {
	switch s := stmt.(type) {
	case *ast.DDL:
		// CREATE and DROP TEMPORARY TABLE do not commit.
		switch s.Action {
		case ast.CreateStr, ast.DropStr:
			return !s.Temporary
		}
		return true
	case *ast.AlterTable, *ast.DBDDL, *ast.CreateSpatialRefSys,
		*ast.CreateUser, *ast.DropUser, *ast.RenameUser,
		*ast.CreateRole, *ast.DropRole,
		*ast.GrantPrivilege, *ast.GrantRole, *ast.GrantProxy,
		*ast.RevokePrivilege, *ast.RevokeAllPrivileges, *ast.RevokeRole, *ast.RevokeProxy,
		*ast.LockTables, *ast.Flush, *ast.Analyze, // the ANALYZE forms optimize.go leaves to GMS
		*ast.ChangeReplicationSource, *ast.ChangeReplicationFilter,
		*ast.StartReplica, *ast.StopReplica, *ast.ResetReplica:
		return true
	case *ast.UnlockTables:
		return locked
	}
	return false
}

// beforeStatement commits the open transaction when query (its first
// statement, multi) is on MySQL's implicit-commit list. The commit has
// the session follow autocommit again, so with autocommit on GMS commits
// the statement on its own, and with it off the next statement opens a
// new transaction, as in MySQL. after, when not nil, is to be called
// with the statement's result.
func (d *handler) beforeStatement(ctx context.Context, c *mysql.Conn, query string, multi bool) (after func(error), err error) {
	if !mayCommitImplicitly(query) {
		return nil, nil
	}
	p := d.results.Load()
	if p == nil {
		return nil, nil
	}
	sqlCtx, err := p.sm.NewContextWithQuery(ctx, c, query)
	if err != nil {
		return nil, nil
	}
	stmt, _, _, err := p.e.Parser.Parse(sqlCtx, query, multi)
	if err != nil {
		return nil, nil // GMS reports it; a statement that does not parse commits nothing
	}
	if _, ok := stmt.(*ast.Begin); ok {
		// MySQL's BEGIN releases the tables LOCK TABLES locked (GMS's
		// keeps them); GMS commits for BEGIN itself.
		d.setTableLocks(c, false)
		return nil, nil
	}
	if !commitsImplicitly(stmt, d.tableLocks(c)) {
		return nil, nil
	}
	if err := implicitCommit(sqlCtx); err != nil {
		return nil, fmt.Errorf("implicit commit: %w", err)
	}
	switch stmt.(type) {
	case *ast.LockTables:
		return func(err error) { d.setTableLocks(c, err == nil) }, nil
	case *ast.UnlockTables:
		return func(error) { d.setTableLocks(c, false) }, nil
	}
	return nil, nil
}

// tableLocks reports whether c holds tables locked by LOCK TABLES.
func (d *handler) tableLocks(c *mysql.Conn) bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	st := d.conns[c]
	return st != nil && st.tableLocks
}

func (d *handler) setTableLocks(c *mysql.Conn, locked bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if st := d.conns[c]; st != nil {
		st.tableLocks = locked
	}
}
