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
// raised, those past max_error_count included.

// defaultMaxErrorCount is MySQL's default max_error_count, used when the
// variable cannot be read.
const defaultMaxErrorCount = 1024

// MySQL's read-only @@warning_count and @@error_count, which GMS
// v0.20.0 does not know (1105 Unknown system variable).
const (
	warningCountVariable = "warning_count"
	errorCountVariable   = "error_count"
)

var registerCountVariables = sync.OnceFunc(func() {
	var vars []sql.SystemVariable
	for _, name := range []string{warningCountVariable, errorCountVariable} {
		vars = append(vars, &sql.MysqlSystemVariable{
			Name:    name,
			Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Session),
			Dynamic: false,
			Type:    types.NewSystemIntType(name, 0, 1<<16-1, false),
			Default: int64(0),
		})
	}
	sql.SystemVariables.AddSystemVariables(vars)
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
	asMySQL(w)
	if int64(s.BaseSession.WarningCount()) >= s.maxErrorCount() {
		s.unstored, s.unstoredShown = s.unstored+1, true
		return
	}
	s.BaseSession.Warn(w)
}

// CountUnstoredWarnings counts n more warnings of the statement that are
// past max_error_count and so not kept (LOAD DATA IGNORE keeps the text
// of its first problems only): @@warning_count counts them, as MySQL's
// counts every condition a statement raised.
func (s *Session) CountUnstoredWarnings(n int) {
	if n <= 0 {
		return
	}
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	s.unstored, s.unstoredShown = s.unstored+n, true
}

// RaisedWarnings is how many warnings the last statement raised, those
// past max_error_count included: SHOW COUNT(*) WARNINGS, as MySQL's
// @@warning_count.
func (s *Session) RaisedWarnings() int {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	return len(s.BaseSession.Warnings()) + s.unstored
}

// WarningCount is the statement's warning count for its OK or EOF
// packet: those kept and those past max_error_count.
func (s *Session) WarningCount() uint16 {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	n := int(s.BaseSession.WarningCount())
	if s.unstoredShown {
		n += s.unstored
	}
	return uint16(min(n, 1<<16-1))
}

// ClearWarningCount resets the count the next OK or EOF packet carries
// (GMS's SHOW WARNINGS does, keeping the warnings and so the count
// @@warning_count reads).
func (s *Session) ClearWarningCount() {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	s.BaseSession.ClearWarningCount()
	s.unstoredShown = false
}

// ignoredLevels are the codes of the conditions MySQL raises as
// warnings which GMS's INSERT and UPDATE IGNORE raise as notes.
var ignoredLevels = map[int]bool{
	1048: true, // ER_BAD_NULL_ERROR
	1062: true, // ER_DUP_ENTRY
	1264: true, // ER_WARN_DATA_OUT_OF_RANGE
	1406: true, // ER_DATA_TOO_LONG
	3819: true, // ER_CHECK_CONSTRAINT_VIOLATED
}

// asMySQL gives w, raised by GMS, MySQL's level and text.
func asMySQL(w *sql.Warning) {
	if w.Level == "Note" && ignoredLevels[w.Code] {
		w.Level = "Warning"
	}
	if text, ok := MySQLText(w.Message); ok {
		w.Message = text
	}
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
	s.lastWarnings = len(before) + s.unstored
	s.unstored, s.unstoredShown = 0, false
}

// GetSessionVariable implements sql.Session: @@warning_count and
// @@error_count are the last statement's, read when the current one
// started.
func (s *Session) GetSessionVariable(ctx *sql.Context, name string) (any, error) {
	switch {
	case strings.EqualFold(name, warningCountVariable):
		s.warnMu.Lock()
		defer s.warnMu.Unlock()
		return int64(s.lastWarnings), nil
	case strings.EqualFold(name, errorCountVariable):
		s.warnMu.Lock()
		defer s.warnMu.Unlock()
		return int64(s.lastErrors), nil
	}
	return s.BaseSession.GetSessionVariable(ctx, name)
}

// SetErrorCount sets @@error_count: the server, which sees a statement's
// error after GMS has answered it, keeps it (MySQL counts at most one
// error a statement).
func (s *Session) SetErrorCount(n int) {
	s.warnMu.Lock()
	defer s.warnMu.Unlock()
	s.lastErrors = n
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
