package exec

import (
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
)

// scratchCtxs are contexts for the conversions compiling makes (a
// constant into a vector, a string into a DATETIME), several per
// statement: sql.NewEmptyContext builds a session of every system and
// status variable, ~0.2 ms and hundreds of allocations each (a point
// lookup's statement made several). One is reused by one caller at a time,
// its warnings cleared.
var scratchCtxs = sync.Pool{New: func() any { return sql.NewEmptyContext() }}

func scratchCtx() *sql.Context { return scratchCtxs.Get().(*sql.Context) }

func doneCtx(ctx *sql.Context) {
	ctx.ClearWarnings()
	scratchCtxs.Put(ctx)
}
