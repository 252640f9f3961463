package engine

import (
	"context"
	"fmt"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/rowexec"
	"github.com/dolthub/go-mysql-server/sql/transform"
)

// What the engine relies on of go-mysql-server v0.20.0 beyond its
// extension points is here, and gms_internals_test.go pins each item
// (TestGMSInternalsVersions fails on any other version, naming what to
// re-check):
//
//   - The override builder (rowexec.NewOverrideBuilder, installed in
//     engine.go): GMS asks the override first for every node it builds,
//     takes (nil, nil) as "build it yourself", and asks again for a node
//     the override hands to the base builder — so the override's second
//     pass over a node must recognise it (chargedAlready in memory.go,
//     gmsBuildsLookup below). TestGMSOverrideBuilder.
//   - plan.HashLookup's Lookup stays nil until its build side has been
//     read to the end; while it is nil, building the node reads its
//     child, so memory.go charges that read once (lookupBuilt,
//     gmsBuildsLookup). TestGMSHashLookup.
//   - execEventBody is GMS's Engine.executeEvent, which is unexported.
//     TestEventRunRecords runs it.
//
// The engine's sub-packages keep their own: engine/exec in its
// gms_internals.go (a window frame's kind read from its String()).
// engine/sqlrewrite uses vitess's public API only (sqlparser.Walk, and a
// NodeFormatter to print an expression with some of its parts replaced,
// since vitess has no rewriter); its tests parse every shape it rewrites.

// lookupBuilt reports whether n's hash table is built: GMS answers probes
// from it and reads n's child no more.
func lookupBuilt(n *plan.HashLookup) bool { return n.Lookup != nil }

// buildingLookup marks, in the context of its build, a HashLookup whose
// iterator GMS is building for buildAccounted.
type buildingLookup struct{ n *plan.HashLookup }

// whileGMSBuildsLookup is ctx marked for GMS's own build of n.
func whileGMSBuildsLookup(ctx *sql.Context, n *plan.HashLookup) *sql.Context {
	return ctx.WithContext(context.WithValue(ctx.Context, buildingLookup{n}, true))
}

// gmsBuildsLookup reports whether the override is asked for n again by
// GMS's build of n (the base builder asks the override first for every
// node, that one included).
func gmsBuildsLookup(ctx *sql.Context, n *plan.HashLookup) bool {
	return ctx.Value(buildingLookup{n}) != nil
}

// execEventBody runs the body of an event (GMS's Engine.executeEvent,
// which is unexported): the whole CREATE EVENT statement is analysed as
// the definer, so the definer's privileges are checked as for any
// statement, and only its definition node runs.
func (e *Engine) execEventBody(ctx *sql.Context, db, createStmt, user, host string) error {
	ctx.SetCurrentDatabase(db)
	ctx.Session.SetClient(sql.Client{User: user, Address: host})
	tree, err := e.sql.AnalyzeQuery(ctx, createStmt)
	if err != nil {
		return deniedAsSQLError(err)
	}
	var ce *plan.CreateEvent
	transform.Inspect(tree, func(n sql.Node) bool {
		if c, ok := n.(*plan.CreateEvent); ok && ce == nil {
			ce = c
		}
		return ce == nil
	})
	if ce == nil {
		return fmt.Errorf("cohortdb: no event body in %q", createStmt)
	}
	iter, err := e.sql.Analyzer.ExecBuilder.Build(ctx, ce.DefinitionNode, nil)
	if err != nil {
		return deniedAsSQLError(err)
	}
	iter, _, err = rowexec.FinalizeIters(ctx, ce.DefinitionNode, nil, iter)
	if err != nil {
		return deniedAsSQLError(err)
	}
	_, err = sql.RowIterToRows(ctx, iter)
	return deniedAsSQLError(unwrapDenied(err))
}
