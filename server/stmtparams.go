package server

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/dolthub/vitess/go/mysql"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// Binary-protocol temporal parameters. Vitess decodes a COM_STMT_EXECUTE
// DATE, DATETIME or TIMESTAMP parameter into text without zero padding
// ("2026-1-2 3:4:5"), with the microseconds as a plain integer (5 µs is
// ".5", which reads as half a second) and a zero-length value as " ".
// That text then reached table functions, which want YYYY-MM-DD, and
// `SELECT ?` echoed it as a string (Connector/J then fails to read it
// back as a Timestamp).
//
// So before GMS sees them, the values are rewritten into MySQL's text
// forms — YYYY-MM-DD for a DATE parameter, YYYY-MM-DD hh:mm:ss[.ffffff]
// for DATETIME and TIMESTAMP, [-]hh:mm:ss[.ffffff] for TIME — and then
// written into the statement as typed values (CAST('…' AS DATE),
// DATETIME[(6)], TIME[(6)]: GMS types its DATE'…' literals as text), as
// MySQL binds them: a temporal parameter is a temporal value wherever it
// is used, and `SELECT ?` answers a DATE or DATETIME column named "?".
// The other parameters keep their places, renumbered.

// vitessDatetime matches vitess's text of a binary DATE/DATETIME value.
var vitessDatetime = regexp.MustCompile(`^(\d+)-(\d+)-(\d+)(?: (\d+):(\d+):(\d+)(?:\.(\d+))?)?$`)

// vitessTime matches vitess's text of a binary TIME value.
var vitessTime = regexp.MustCompile(`^(-?)(\d+):(\d+):(\d+)(?:\.(\d+))?$`)

// normalizeTemporalParams rewrites p's temporal bind variables in place.
func normalizeTemporalParams(p *mysql.PrepareData) {
	for i, typ := range p.ParamsType {
		name := "v" + strconv.Itoa(i+1)
		bv := p.BindVars[name]
		if bv == nil || bv.Type == querypb.Type_NULL_TYPE {
			continue
		}
		var text string
		var ok bool
		switch querypb.Type(typ) {
		case sqltypes.Date, sqltypes.Datetime, sqltypes.Timestamp:
			text, ok = temporalText(string(bv.Value), querypb.Type(typ) == sqltypes.Date)
		case sqltypes.Time:
			text, ok = timeText(string(bv.Value))
		}
		if ok {
			p.BindVars[name] = sqltypes.StringBindVariable(text)
		}
	}
}

// temporalText formats vitess's text of a DATE/DATETIME parameter as
// MySQL does; dateOnly drops the time of day (a DATE parameter).
func temporalText(v string, dateOnly bool) (string, bool) {
	if v == " " || v == "" { // zero-length value: the zero date
		v = "0-0-0"
	}
	m := vitessDatetime.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	n := atois(m[1:7])
	date := fmt.Sprintf("%04d-%02d-%02d", n[0], n[1], n[2])
	if dateOnly {
		return date, true
	}
	return date + fmt.Sprintf(" %02d:%02d:%02d", n[3], n[4], n[5]) + micros(m[7]), true
}

// timeText formats vitess's text of a TIME parameter as MySQL does.
func timeText(v string) (string, bool) {
	m := vitessTime.FindStringSubmatch(v)
	if m == nil {
		return "", false
	}
	n := atois(m[2:5])
	return fmt.Sprintf("%s%02d:%02d:%02d", m[1], n[0], n[1], n[2]) + micros(m[5]), true
}

// micros formats vitess's microseconds (a plain integer) as a fraction,
// or "" when there are none.
func micros(s string) string {
	us, _ := strconv.Atoi(s)
	if us == 0 {
		return ""
	}
	return fmt.Sprintf(".%06d", us)
}

func atois(ss []string) []int {
	n := make([]int, len(ss))
	for i, s := range ss {
		n[i], _ = strconv.Atoi(s)
	}
	return n
}

// inlineTemporalParams returns p with its non-NULL temporal parameters
// (after normalizeTemporalParams) written into the statement text as
// typed literals, or p itself when it has none or its placeholders cannot
// be matched to its parameters. p is not modified.
func inlineTemporalParams(p *mysql.PrepareData) *mysql.PrepareData {
	literal := make([]string, len(p.ParamsType))
	inlined := false
	for i, typ := range p.ParamsType {
		bv := p.BindVars["v"+strconv.Itoa(i+1)]
		if bv == nil || bv.Type == querypb.Type_NULL_TYPE {
			continue
		}
		v := string(bv.Value)
		frac := ""
		if strings.Contains(v, ".") {
			frac = "(6)"
		}
		switch querypb.Type(typ) {
		case sqltypes.Date:
			literal[i] = "CAST('" + v + "' AS DATE)"
		case sqltypes.Datetime, sqltypes.Timestamp:
			literal[i] = "CAST('" + v + "' AS DATETIME" + frac + ")"
		case sqltypes.Time:
			literal[i] = "CAST('" + v + "' AS TIME" + frac + ")"
		}
		if strings.HasPrefix(v, "0000-00-00") || !plainTemporal.MatchString(v) {
			literal[i] = "" // the zero date has no literal; leave it a string
		}
		inlined = inlined || literal[i] != ""
	}
	if !inlined {
		return p
	}
	marks := placeholders(p.PrepareStmt)
	if len(marks) != len(p.ParamsType) {
		return p
	}
	q := &mysql.PrepareData{StatementID: p.StatementID, ParamsCount: p.ParamsCount,
		ColumnNames: p.ColumnNames, BindVars: map[string]*querypb.BindVariable{}}
	var text strings.Builder
	last := 0
	for i, at := range marks {
		text.WriteString(p.PrepareStmt[last:at])
		last = at + 1
		if literal[i] != "" {
			text.WriteString(literal[i])
			if selectItem(p.PrepareStmt, at) {
				text.WriteString(" AS `?`") // MySQL's name for the column
			}
			continue
		}
		text.WriteByte('?')
		q.ParamsType = append(q.ParamsType, p.ParamsType[i])
		q.BindVars["v"+strconv.Itoa(len(q.ParamsType))] = p.BindVars["v"+strconv.Itoa(i+1)]
	}
	text.WriteString(p.PrepareStmt[last:])
	q.PrepareStmt = text.String()
	q.ParamsCount = uint16(len(q.ParamsType))
	return q
}

// plainTemporal is the text normalizeTemporalParams makes: safe inside
// a quoted literal.
var plainTemporal = regexp.MustCompile(`^-?[0-9:. -]+$`)

// placeholders returns the offsets of the ? placeholders of a statement:
// the ? outside quoted strings, quoted identifiers and comments.
func placeholders(q string) []int {
	var at []int
	for i := 0; i < len(q); i++ {
		switch c := q[i]; {
		case c == '?':
			at = append(at, i)
		case c == '\'' || c == '"' || c == '`':
			i = skipQuoted(q, i)
		case c == '#' || (c == '-' && strings.HasPrefix(q[i:], "-- ")):
			if j := strings.IndexByte(q[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(q)
			}
		case c == '/' && strings.HasPrefix(q[i:], "/*") && !strings.HasPrefix(q[i:], "/*!"):
			if j := strings.Index(q[i+2:], "*/"); j >= 0 {
				i += j + 3
			} else {
				i = len(q)
			}
		}
	}
	return at
}

// skipQuoted returns the offset of the quote closing the one at q[i]
// (a doubled quote and, outside identifiers, a backslash escape stay
// inside), or the end of q.
func skipQuoted(q string, i int) int {
	quote := q[i]
	for j := i + 1; j < len(q); j++ {
		switch {
		case q[j] == '\\' && quote != '`':
			j++
		case q[j] == quote && j+1 < len(q) && q[j+1] == quote:
			j++
		case q[j] == quote:
			return j
		}
	}
	return len(q)
}

// selectItem reports whether the placeholder at q[at] is a whole,
// unaliased item of a SELECT's select list: the statement starts with
// SELECT, the ? is outside parentheses and before the first FROM, and
// it is between SELECT or a comma and a comma, FROM or the end.
func selectItem(q string, at int) bool {
	head := strings.TrimLeft(q[:at], " \t\r\n(")
	if len(head) < 6 || !strings.EqualFold(head[:6], "SELECT") {
		return false
	}
	before := q[:at]
	if strings.Count(before, "(") != strings.Count(before, ")") || fromWord.MatchString(before) {
		return false
	}
	prev := strings.TrimRight(before, " \t\r\n")
	if !strings.HasSuffix(prev, ",") && !strings.EqualFold(prev[max(0, len(prev)-6):], "SELECT") {
		return false
	}
	next := strings.TrimLeft(q[at+1:], " \t\r\n")
	return next == "" || next[0] == ',' || next[0] == ';' || fromWord.MatchString(" "+next[:min(len(next), 5)]+" ")
}

// fromWord finds the keyword FROM.
var fromWord = regexp.MustCompile(`(?i)\bFROM\b`)
