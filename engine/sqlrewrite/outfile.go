package sqlrewrite

import (
	"strings"

	ast "github.com/dolthub/vitess/go/vt/sqlparser"
)

// outfileCharsets are the CHARACTER SET clauses of SELECT … INTO OUTFILE
// that name what the file gets anyway: cohortdb writes values' bytes as
// they are stored, UTF-8 text and binary strings alike. mysqldump --tab
// sends CHARACTER SET binary, which GMS v0.20.0's planner refuses ("CHARSET
// in INTO OUTFILE"); other character sets stay refused.
var outfileCharsets = map[string]bool{"binary": true, "utf8mb4": true, "utf8mb3": true, "utf8": true}

// rewriteOutfileCharset drops such a clause.
func rewriteOutfileCharset(st ast.Statement) {
	sel, ok := st.(*ast.Select)
	if !ok || sel.Into == nil || sel.Into.Outfile == "" {
		return
	}
	if outfileCharsets[strings.ToLower(strings.Trim(sel.Into.Charset, "'\"`"))] {
		sel.Into.Charset = ""
	}
}
