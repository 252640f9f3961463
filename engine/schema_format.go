package engine

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
)

// schemaFormatter writes SHOW CREATE TABLE as MySQL does, so that its
// output runs again (mysqldump | mysql): comments are string literals
// with MySQL's escapes. go-mysql-server v0.20.0 pastes column and index
// comments between quotes as they are, so a comment with a quote (the
// canonical customers table has one) ends the string early.
type schemaFormatter struct {
	sql.MySqlSchemaFormatter
}

func init() {
	// GMS formats CREATE TABLE statements through this variable only.
	sql.GlobalSchemaFormatter = &schemaFormatter{}
}

// GenerateCreateTableStatement implements sql.SchemaFormatter.
func (f *schemaFormatter) GenerateCreateTableStatement(tblName string, colStmts []string, temp, autoInc, tblCharsetName, tblCollName, comment string) string {
	stmt := f.MySqlSchemaFormatter.GenerateCreateTableStatement(tblName, colStmts, temp, autoInc, tblCharsetName, tblCollName, "")
	if comment != "" {
		stmt += " COMMENT=" + quoteString(comment)
	}
	return stmt
}

// GenerateCreateTableColumnDefinition implements sql.SchemaFormatter.
func (f *schemaFormatter) GenerateCreateTableColumnDefinition(col *sql.Column, colDefault, onUpdate string, tableCollation sql.CollationID) string {
	c := *col
	c.Comment = ""
	stmt := f.MySqlSchemaFormatter.GenerateCreateTableColumnDefinition(&c, colDefault, onUpdate, tableCollation)
	if col.Comment != "" {
		stmt += " COMMENT " + quoteString(col.Comment)
	}
	return stmt
}

// GenerateCreateTableIndexDefinition implements sql.SchemaFormatter.
func (f *schemaFormatter) GenerateCreateTableIndexDefinition(isUnique, isSpatial, isFullText, isVector bool, indexID string, indexCols []string, comment string) (string, bool) {
	key, ok := f.MySqlSchemaFormatter.GenerateCreateTableIndexDefinition(isUnique, isSpatial, isFullText, isVector, indexID, indexCols, "")
	if comment != "" {
		key += " COMMENT " + quoteString(comment)
	}
	return key, ok
}

// stringEscaper escapes a string literal as MySQL's SHOW CREATE TABLE
// does (append_unescaped in sql/sql_show.cc).
var stringEscaper = strings.NewReplacer(`\`, `\\`, `'`, `\'`, "\n", `\n`, "\r", `\r`, "\x00", `\0`, "\x1a", `\Z`)

// quoteString is s as a single-quoted MySQL string literal.
func quoteString(s string) string {
	return "'" + stringEscaper.Replace(s) + "'"
}
