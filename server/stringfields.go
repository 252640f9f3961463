package server

import (
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

// String results of expressions in result metadata.
//
// go-mysql-server types the string functions (CONCAT, DATE_FORMAT,
// SUBSTRING, DATABASE(), ...) and the columns of its SHOW statements as
// LONGTEXT, which goes on the wire as BLOB (252). MySQL types them
// VARCHAR of the expression's maximum length and sends VAR_STRING (253);
// drivers map BLOB to LONGVARCHAR (Connector/J) or to bytes, so a
// string expression must not look like one. GROUP_CONCAT, which GMS
// types TEXT (not LONGTEXT), stays a BLOB, as MySQL's is when
// group_concat_max_len is over 512. Columns read from a table,
// information_schema's included, keep their declared type: a TEXT
// column is a BLOB in MySQL too (information_schema.COLUMNS.DATA_TYPE is
// LONGTEXT in MySQL 8).

// charsetBinary is the character set number of binary strings.
const charsetBinary = 63

// longTextLength is the column length GMS sends for LONGTEXT.
const longTextLength = 1<<32 - 1

// fixStringFields sends computed text columns as VAR_STRING. A field is
// computed when it has no database: GMS sets DatabaseSource on the
// columns of tables (and keeps it through derived tables and views),
// not on expressions or the made-up schemas of SHOW statements.
func fixStringFields(fields []*querypb.Field) {
	for _, f := range fields {
		if f.Type == sqltypes.Text && f.ColumnLength == longTextLength && f.Charset != charsetBinary && f.Database == "" {
			f.Type = sqltypes.VarChar
		}
	}
}
