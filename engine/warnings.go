package engine

import (
	"slices"
	"strings"
	"sync"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
)

// A session's warnings are its last statement's, kept in the order they
// were raised: SHOW WARNINGS lists them so, as MySQL and MariaDB do (GMS's
// base session lists the newest first), and with max_error_count the
// first ones are kept. @@warning_count is how many the last statement
// raised.

// defaultMaxErrorCount is MySQL's default max_error_count, used when the
// variable cannot be read.
const defaultMaxErrorCount = 1024

// warningCountVariable is MySQL's read-only @@warning_count, which GMS
// v0.20.0 does not know (1105 Unknown system variable).
const warningCountVariable = "warning_count"

var registerWarningCountVariable = sync.OnceFunc(func() {
	sql.SystemVariables.AddSystemVariables([]sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    warningCountVariable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Session),
		Dynamic: false,
		Type:    types.NewSystemIntType(warningCountVariable, 0, 1<<16-1, false),
		Default: int64(0),
	}})
})

// Warn keeps at most max_error_count warnings of a statement, as MySQL
// does (SHOW WARNINGS lists the first ones): GMS kept every one, and a
// statement warning per row or per comparison (a sort on an invalid date
// literal) piled up gigabytes of them. The lock lets the executor's
// workers warn at once.
//
// A warning ClearWarnings has just dropped is being restored: GMS
// (Engine.QueryWithBindings) clears a statement's warnings after
// planning it and adds back those planning raised, newest first, which
// with warnings kept in the order raised would reverse them. A restored
// warning takes its place among the restored ones by the order it was
// first raised in.
func (s *Session) Warn(w *sql.Warning) {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	if i := slices.Index(s.cleared, w); i >= 0 {
		s.restore(w, i)
		return
	}
	s.cleared = nil
	if int64(s.BaseSession.WarningCount()) >= s.maxErrorCount() {
		return
	}
	s.BaseSession.Warn(w)
}

// restore adds back w, the i'th of the cleared warnings. Only restored
// warnings have been added since the clear.
func (s *Session) restore(w *sql.Warning, i int) {
	kept := s.raised()
	at := len(kept)
	for j, k := range kept {
		if slices.Index(s.cleared, k) > i {
			at = j
			break
		}
	}
	kept = slices.Insert(kept, at, w)
	s.BaseSession.ClearWarnings()
	for _, k := range kept {
		s.BaseSession.Warn(k)
	}
}

// Warnings are the statement's warnings in the order raised.
func (s *Session) Warnings() []*sql.Warning {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	return s.raised()
}

func (s *Session) raised() []*sql.Warning {
	w := s.BaseSession.Warnings()
	slices.Reverse(w)
	return w
}

// ClearWarnings starts a statement's warnings (unless SHOW WARNINGS
// locked them), keeping the last statement's count for @@warning_count
// and the dropped warnings for Warn to recognise.
func (s *Session) ClearWarnings() {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	before := s.raised()
	s.BaseSession.ClearWarnings()
	if len(s.BaseSession.Warnings()) > 0 {
		return // locked
	}
	s.cleared = before
	s.lastWarnings = len(before)
}

// GetSessionVariable implements sql.Session: @@warning_count is the last
// statement's, read when the current one started.
func (s *Session) GetSessionVariable(ctx *sql.Context, name string) (any, error) {
	if strings.EqualFold(name, warningCountVariable) {
		s.warnMu.Lock()
		defer s.warnMu.Unlock()
		return int64(s.lastWarnings), nil
	}
	return s.BaseSession.GetSessionVariable(ctx, name)
}

// varCtx is the context session variables are read with (they need
// none; building one per warning cost more than the warning).
var varCtx = sql.NewEmptyContext()

// maxErrorCount is the session's max_error_count.
func (s *Session) maxErrorCount() int64 {
	v, err := s.BaseSession.GetSessionVariable(varCtx, "max_error_count")
	if err != nil {
		return defaultMaxErrorCount
	}
	n, _, err := types.Int64.Convert(varCtx, v)
	if err != nil {
		return defaultMaxErrorCount
	}
	return n.(int64)
}
