package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"

	"github.com/cohortdb/cohortdb/engine/mysqlfn"
)

var _ sql.FunctionProvider = (*Provider)(nil)

// builtinFunctions are the MySQL built-ins cohortdb serves itself
// (package mysqlfn), keyed by lower-cased name. GMS's catalog asks the
// provider before its own registry, so these replace GMS's functions of
// the same name.
func builtinFunctions() map[string]sql.Function {
	fns := map[string]sql.Function{}
	for _, f := range mysqlfn.Functions() {
		fns[strings.ToLower(f.FunctionName())] = f
	}
	return fns
}

// Function implements sql.FunctionProvider.
func (p *Provider) Function(ctx *sql.Context, name string) (sql.Function, bool) {
	f, ok := p.fns[strings.ToLower(name)]
	return f, ok
}
