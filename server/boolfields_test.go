package server

import (
	"context"
	"testing"

	"github.com/dolthub/go-mysql-server/memory"
	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/sqltypes"
	querypb "github.com/dolthub/vitess/go/vt/proto/query"
)

func TestFixBoolFields(t *testing.T) {
	db := memory.NewDatabase("d")
	pro := memory.NewDBProvider(db)
	ctx := sql.NewContext(context.Background(), sql.WithSession(memory.NewSession(sql.NewBaseSession(), pro)))
	sch := sql.NewPrimaryKeySchema(sql.Schema{
		{Name: "b", Type: types.Boolean, Source: "t"},
		{Name: "i", Type: types.Int8, Source: "t"},
	})
	db.AddTable("t", memory.NewTable(db, "t", sch, nil))

	field := func(name, table string) *querypb.Field {
		return &querypb.Field{Name: name, OrgName: name, Table: table, OrgTable: table, Database: "d", Type: sqltypes.Int8, ColumnLength: 4}
	}
	fields := []*querypb.Field{field("b", "t"), field("i", "t"), field("b", "nosuch"), {Name: "x", Type: sqltypes.Int8, ColumnLength: 4}}
	fixBoolFields(ctx, pro, fields)
	for i, want := range []uint32{1, 4, 4, 4} {
		if fields[i].ColumnLength != want {
			t.Errorf("field %d (%s.%s): length %d, want %d", i, fields[i].OrgTable, fields[i].Name, fields[i].ColumnLength, want)
		}
	}
	if got := columnLength(ctx, types.Boolean); got != 1 {
		t.Errorf("columnLength(BOOLEAN) = %d, want 1", got)
	}
	if got := columnLength(ctx, types.Int8); got != 4 {
		t.Errorf("columnLength(TINYINT) = %d, want 4", got)
	}
}
