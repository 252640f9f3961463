package engine

import (
	"slices"
	"strings"
)

// Routines names what SQL can call beyond MySQL's built-ins: cohortdb's
// table functions, procedures (CALL) and the analytics modules' scalar
// functions, each once, lower case. Tests walk it so that a routine added
// later cannot skip a check every routine must pass (the privilege
// matrix, the fuzzer).
type Routines struct {
	TableFunctions []string
	Procedures     []string
	Scalars        []string
}

// addProcedure records a procedure's name once (overloads share one).
func (r *Routines) addProcedure(name string) {
	name = strings.ToLower(name)
	if !slices.Contains(r.Procedures, name) {
		r.Procedures = append(r.Procedures, name)
	}
}

// Routines returns what the engine registered, each list sorted.
func (e *Engine) Routines() Routines {
	r := Routines{Procedures: slices.Clone(e.routines.Procedures), Scalars: slices.Clone(e.routines.Scalars)}
	for name := range e.provider.tableFns {
		r.TableFunctions = append(r.TableFunctions, name)
	}
	slices.Sort(r.TableFunctions)
	slices.Sort(r.Procedures)
	slices.Sort(r.Scalars)
	return r
}
