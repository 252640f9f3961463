package engine

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/canonical"
)

// EnsureCanonical creates database shop with the canonical tables on a
// fresh store (one without any database) and reports whether it did. A
// store that has databases is left alone: users may have dropped or
// changed the canonical tables on purpose.
func (e *Engine) EnsureCanonical(ctx *sql.Context) (bool, error) {
	if len(e.store.Databases()) > 0 {
		return false, nil
	}
	cctx := e.NewContext(ctx)
	if err := e.run(cctx, "CREATE DATABASE "+canonical.Database); err != nil {
		return false, err
	}
	cctx.SetCurrentDatabase(canonical.Database)
	for _, stmt := range canonical.Statements() {
		if err := e.run(cctx, stmt); err != nil {
			return false, fmt.Errorf("create canonical schema: %w", err)
		}
	}
	return true, nil
}

// run executes one statement to completion.
func (e *Engine) run(ctx *sql.Context, q string) error {
	_, iter, _, err := e.sql.Query(ctx, q)
	if err != nil {
		return err
	}
	_, err = sql.RowIterToRows(ctx, iter)
	return err
}

// EnsureCompactionHistory adds the canonical tables that came after the
// first release — compaction_history, scoring_rules — to a shop database
// created before they existed (one with a load_history table). A failure
// only costs the history, or leaves lead scoring on its default rules.
func (e *Engine) EnsureCompactionHistory(ctx *sql.Context) {
	db := canonical.Database
	if _, err := e.store.Table(db, "load_history"); err != nil {
		return
	}
	cctx := e.NewContext(ctx)
	cctx.SetCurrentDatabase(db)
	for _, table := range []string{"compaction_history", "scoring_rules"} {
		if _, err := e.store.Table(db, table); err == nil {
			continue
		}
		for _, stmt := range canonical.Statements() {
			if strings.HasPrefix(stmt, "CREATE TABLE "+table+" ") {
				_ = e.run(cctx, stmt)
			}
		}
	}
}
