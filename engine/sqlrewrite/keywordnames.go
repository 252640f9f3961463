package sqlrewrite

import "strings"

// Non-reserved keywords as names.
//
// MySQL reserves neither FIRST nor COMMENT, so `WITH first AS (…)`,
// `SELECT … AS comment` or a table named first are valid there; GMS's
// parser (vitess) treats both as keywords and answers 1064. A statement
// that fails to parse is parsed once more with these words backquoted
// where they stand alone (not qualified, not a function call), and the
// second parse is kept only if it succeeds, so a statement that parses
// as written (ALTER TABLE … FIRST, a COMMENT 'x' clause) is never
// touched, and one that is wrong anyway keeps its own error.

// keywordNames are the words requoted.
var keywordNames = map[string]bool{"FIRST": true, "COMMENT": true}

// quoteKeywordNames returns q with keywordNames backquoted, and the
// edits made (none: q itself).
func quoteKeywordNames(q string) (string, []edit) {
	u := strings.ToUpper(q)
	if !strings.Contains(u, "FIRST") && !strings.Contains(u, "COMMENT") {
		return q, nil
	}
	var b strings.Builder
	var edits []edit
	last := 0
	scanWords(q, func(i, j int) int {
		if keywordNames[strings.ToUpper(q[i:j])] && !callFollows(q, j) {
			quoted := "`" + q[i:j] + "`"
			b.WriteString(q[last:i])
			b.WriteString(quoted)
			edits = append(edits, edit{at: i, oldLen: j - i, newLen: len(quoted), old: q[i:j], new: quoted})
			last = j
		}
		return j
	})
	if edits == nil {
		return q, nil
	}
	b.WriteString(q[last:])
	return b.String(), edits
}

// callFollows reports whether an opening parenthesis follows position i
// after blanks (the word is a function's name).
func callFollows(q string, i int) bool {
	for i < len(q) && (q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r') {
		i++
	}
	return i < len(q) && q[i] == '('
}

// retryQuoted parses q once more with its keyword names backquoted when
// parse failed on it; ok reports a second parse that succeeded, whose
// edits are returned with its result.
func retryQuoted(q string, err error, parse func(string) (parsed, error)) (parsed, []edit, bool) {
	if err == nil {
		return parsed{}, nil, false
	}
	quoted, edits := quoteKeywordNames(q)
	if edits == nil {
		return parsed{}, nil, false
	}
	r, err2 := parse(quoted)
	if err2 != nil {
		return parsed{}, nil, false
	}
	return r, edits, true
}
