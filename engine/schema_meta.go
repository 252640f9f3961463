package engine

import (
	"fmt"
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/expression"
	"github.com/dolthub/go-mysql-server/sql/plan"
	"github.com/dolthub/go-mysql-server/sql/planbuilder"
	"github.com/dolthub/go-mysql-server/sql/types"
	"github.com/dolthub/vitess/go/vt/sqlparser"

	"github.com/cohortdb/cohortdb/contract/tablemeta"
	"github.com/cohortdb/cohortdb/storage"
)

// tableMeta is the SQL-level description of a table that storage does not
// understand (exact column types, defaults, comments), kept in
// storage.TableDef.Meta; its JSON and version belong to contract/tablemeta,
// which the analytics read column types through.
type tableMeta = tablemeta.Table

// columnMeta is what SHOW CREATE TABLE needs of one column beyond its kind.
type columnMeta = tablemeta.Column

func newColumnMeta(col *sql.Column) *columnMeta {
	cm := &columnMeta{
		Type:          col.Type.String(),
		Comment:       col.Comment,
		AutoIncrement: col.AutoIncrement,
	}
	if col.Default != nil {
		cm.Default = col.Default.String()
	}
	if col.OnUpdate != nil {
		cm.OnUpdate = col.OnUpdate.String()
	}
	return cm
}

func unmarshalTableMeta(b []byte) (*tableMeta, error) { return tablemeta.Decode(b) }

// tableDefFor builds the storage definition of a new table from the SQL
// schema GMS hands to CREATE TABLE.
func tableDefFor(name string, sch sql.PrimaryKeySchema, collation sql.CollationID, comment string) (storage.TableDef, error) {
	meta := tablemeta.New()
	meta.Comment = comment
	if collation != sql.Collation_Unspecified && collation != sql.Collation_Default {
		meta.Collation = collation.Name()
	}
	def := storage.TableDef{Name: name, PrimaryKey: append([]int(nil), sch.PkOrdinals...)}
	sortKey, err := sortKeyOrdinals(comment, sch.Schema)
	if err != nil {
		return storage.TableDef{}, err
	}
	def.SortKey = sortKey
	for _, col := range sch.Schema {
		cd, err := columnDefFor(col)
		if err != nil {
			return storage.TableDef{}, err
		}
		def.Columns = append(def.Columns, cd)
		meta.SetColumn(col.Name, newColumnMeta(col))
	}
	def.Meta = meta.Encode()
	return def, nil
}

func columnDefFor(col *sql.Column) (storage.ColumnDef, error) {
	if col.Generated != nil || col.Virtual {
		return storage.ColumnDef{}, notSupported("generated columns")
	}
	c, err := newCodec(col.Type)
	if err != nil {
		return storage.ColumnDef{}, err
	}
	return storage.ColumnDef{Name: col.Name, Kind: c.kind, Nullable: col.Nullable}, nil
}

// tableSchema is the SQL view of one storage definition: the GMS schema
// and one codec per column, in column order. Immutable once built.
type tableSchema struct {
	db     string
	def    *storage.TableDef
	meta   *tableMeta
	pk     sql.PrimaryKeySchema
	codecs []*codec
}

// buildTableSchema rebuilds the GMS schema of a table from its storage
// definition and the engine's metadata, so SHOW CREATE TABLE and
// information_schema are right after a restart.
func buildTableSchema(ctx *sql.Context, cat sql.Catalog, db string, def *storage.TableDef) (*tableSchema, error) {
	meta, err := unmarshalTableMeta(def.Meta)
	if err != nil {
		return nil, fmt.Errorf("table %s.%s: %w", db, def.Name, err)
	}
	ts := &tableSchema{db: db, def: def, meta: meta}
	isPK := map[int]bool{}
	for _, o := range def.PrimaryKey {
		isPK[o] = true
	}
	sch := make(sql.Schema, len(def.Columns))
	for i, cd := range def.Columns {
		col, err := buildColumn(ctx, cat, cd, meta.Column(cd.Name))
		if err != nil {
			return nil, fmt.Errorf("table %s.%s column %s: %w", db, def.Name, cd.Name, err)
		}
		col.Source, col.DatabaseSource, col.PrimaryKey = def.Name, db, isPK[i]
		c, err := newCodec(col.Type)
		if err != nil {
			return nil, err
		}
		sch[i] = col
		ts.codecs = append(ts.codecs, c)
	}
	ts.pk = sql.NewPrimaryKeySchema(sch, def.PrimaryKey...)
	return ts, nil
}

func buildColumn(ctx *sql.Context, cat sql.Catalog, cd storage.ColumnDef, cm *columnMeta) (*sql.Column, error) {
	col := &sql.Column{Name: cd.Name, Nullable: cd.Nullable}
	if cm == nil {
		col.Type = defaultTypeForKind(cd.Kind)
		return col, nil
	}
	typ, err := planbuilder.ParseColumnTypeString(cm.Type)
	if err != nil {
		return nil, fmt.Errorf("parse type %q: %w", cm.Type, err)
	}
	// A type string without COLLATE parses with Collation_Unspecified,
	// which string functions (LIKE) cannot match with: give it the default.
	if tc, ok := typ.(sql.TypeWithCollation); ok && tc.Collation() == sql.Collation_Unspecified {
		if typ, err = tc.WithNewCollation(sql.Collation_Default); err != nil {
			return nil, fmt.Errorf("type %q: %w", cm.Type, err)
		}
	}
	col.Type, col.Comment, col.AutoIncrement = typ, cm.Comment, cm.AutoIncrement
	if cm.AutoIncrement {
		col.Extra = "auto_increment"
	}
	if col.Default, err = parseDefault(ctx, cat, cm.Default, col); err != nil {
		return nil, fmt.Errorf("parse default %q: %w", cm.Default, err)
	}
	if col.OnUpdate, err = parseDefault(ctx, cat, cm.OnUpdate, col); err != nil {
		return nil, fmt.Errorf("parse on update %q: %w", cm.OnUpdate, err)
	}
	return col, nil
}

// parseDefault rebuilds a default (or ON UPDATE) expression typed for its
// column; GMS treats a default without an output type as unresolved.
// planbuilder.StringToColumnDefaultValue cannot read function defaults
// back in GMS v0.20 (it re-prints the parsed AST with %s), so the
// expression is planned here against the engine's catalog.
func parseDefault(ctx *sql.Context, cat sql.Catalog, s string, col *sql.Column) (*sql.ColumnDefaultValue, error) {
	if s == "" {
		return nil, nil
	}
	stmt, err := sqlparser.Parse("SELECT " + nowSpelling(s))
	if err != nil {
		return nil, err
	}
	sel, ok := stmt.(*sqlparser.Select)
	if !ok || len(sel.SelectExprs) != 1 {
		return nil, fmt.Errorf("not a single expression")
	}
	ae, ok := sel.SelectExprs[0].(*sqlparser.AliasedExpr)
	if !ok {
		return nil, fmt.Errorf("not an expression")
	}
	if cat == nil {
		d, err := planbuilder.StringToColumnDefaultValue(ctx, s)
		if err != nil {
			return nil, err
		}
		return sql.NewColumnDefaultValue(d.Expr, col.Type, d.Literal, d.Parenthesized, col.Nullable)
	}
	node, _, err := planbuilder.Parse(ctx, cat, "SELECT "+sqlparser.String(ae.Expr))
	if err != nil {
		return nil, err
	}
	proj, ok := node.(*plan.Project)
	if !ok || len(proj.Projections) != 1 {
		return nil, fmt.Errorf("unexpected plan %T", node)
	}
	e := proj.Projections[0]
	if a, ok := e.(*expression.Alias); ok {
		e = a.Child
	}
	_, paren := ae.Expr.(*sqlparser.ParenExpr)
	return sql.NewColumnDefaultValue(e, col.Type, isLiteralDefault(e, paren), paren, col.Nullable)
}

// isLiteralDefault mirrors planbuilder's rule: a constant (or negated
// constant) not written in parentheses; functions never are.
func isLiteralDefault(e sql.Expression, paren bool) bool {
	if paren {
		return false
	}
	switch e := e.(type) {
	case *expression.UnaryMinus:
		_, ok := e.Child.(*expression.Literal)
		return ok
	case sql.FunctionExpression:
		return false
	}
	return len(e.Children()) == 0
}

// nowSpelling undoes ColumnDefaultValue.String's rewrite of NOW(n) to
// CURRENT_TIMESTAMP(n), which GMS's default parser cannot read back.
func nowSpelling(s string) string {
	rest, ok := strings.CutPrefix(strings.ToUpper(s), "CURRENT_TIMESTAMP")
	if !ok || (rest != "" && rest != "()" && !(len(rest) == 3 && rest[0] == '(' && rest[2] == ')')) {
		return s
	}
	if rest == "" {
		rest = "()"
	}
	return "NOW" + rest
}

// defaultTypeForKind is the SQL type shown for a column that has no engine
// metadata (a table created through the storage API directly).
func defaultTypeForKind(k storage.Kind) sql.Type {
	switch k {
	case storage.KindInt:
		return types.Int64
	case storage.KindUint:
		return types.Uint64
	case storage.KindFloat:
		return types.Float64
	}
	return types.LongText
}
