package server

import (
	"context"
	"fmt"

	gms "github.com/dolthub/go-mysql-server/server"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/vitess/go/mysql"
)

// Of the statements the server answers before go-mysql-server parses
// them, those on MySQL's list of statements that cause an implicit
// commit (OPTIMIZE and ANALYZE TABLE, the DDL and LOCK TABLES a dump
// sends for the mysql database, SET PASSWORD, ALTER and CREATE USER)
// commit the connection's open transaction before they run, once they
// have parsed, as MySQL does — also when they then fail, on a privilege
// say. The transaction is ended, so the statements after them
// autocommit again. CHECKSUM TABLE, DO, SHOW and EXPLAIN do not commit
// (MySQL's SQLCOM_CHECKSUM has no CF_AUTO_COMMIT_TRANS). GMS commits
// after its own DDL (rowexec.TransactionCommittingIter), which ends the
// same transaction.

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
