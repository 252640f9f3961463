package unify

import (
	"strings"

	"github.com/dolthub/go-mysql-server/sql"
	"github.com/dolthub/go-mysql-server/sql/types"

	"github.com/cohortdb/cohortdb/contract/read"
	"github.com/cohortdb/cohortdb/functions/sqlfn"
)

// Variable turns unified ids on for every analytics function of the
// session (SET cohortdb_unified_ids = ON) or of new sessions (SET GLOBAL).
const Variable = "cohortdb_unified_ids"

func systemVariables() []sql.SystemVariable {
	return []sql.SystemVariable{&sql.MysqlSystemVariable{
		Name:    Variable,
		Scope:   sql.GetMysqlScope(sql.SystemVariableScope_Both),
		Dynamic: true,
		Type:    types.NewSystemBoolType(Variable),
		Default: int8(0),
	}}
}

// on reports whether the session asks for unified ids.
func on(env sqlfn.Env) bool {
	switch x := env.Variable(Variable).(type) {
	case int8:
		return x != 0
	case int64:
		return x != 0
	case int:
		return x != 0
	case bool:
		return x
	case string:
		return strings.EqualFold(x, "on") || x == "1"
	}
	return false
}

// view is the sqlfn.View every analytics read goes through. With unified
// ids on and customer_links present, a customers snapshot leaves out the
// merged-away records, and orders and events report each record's
// person (events of a stitched visitor that carry no customer_id report
// the visitor's contact's person). Everything else passes unchanged.
func view(env sqlfn.Env, db, table string, sn read.Table) (read.Table, error) {
	t := strings.ToLower(table)
	if t != "customers" && t != "orders" && t != "events" || !on(env) || !env.HasTable(db, linksTable) {
		return sn, nil
	}
	col := sqlfn.OptionalColumn(sn, "customer_id", read.KindInt)
	if col < 0 {
		return sn, nil
	}
	links, err := readLinks(env, db)
	if err != nil {
		return nil, err
	}
	v := &read.IDView{Column: col, Map: links, Drop: t == "customers", Fallback: -1}
	if vis := sqlfn.OptionalColumn(sn, "visitor_id", read.KindBytes); t == "events" && vis >= 0 && env.HasTable(db, visitorsTable) {
		if v.ByKey, err = readVisitorLinks(env, db); err != nil {
			return nil, err
		}
		v.Fallback = vis
	}
	return sn.WithIDView(v), nil
}

// readLinks reads customer_links as loser → winner.
func readLinks(env sqlfn.Env, db string) (map[int64]int64, error) {
	sn, err := env.Snapshot(db, linksTable)
	if err != nil {
		return nil, err
	}
	from, err := sqlfn.Column(sn, linksTable, "customer_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	to, err := sqlfn.Column(sn, linksTable, "unified_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	m := map[int64]int64{}
	err = sn.Scan(read.Request{Columns: []int{from, to}}, func(b *read.Batch) error {
		b.Each(func(i int) {
			if !b.Cols[0].IsNull(i) && !b.Cols[1].IsNull(i) {
				m[b.Cols[0].Ints[i]] = b.Cols[1].Ints[i]
			}
		})
		return nil
	})
	return m, err
}

// readVisitorLinks reads visitor_links as visitor → contact.
func readVisitorLinks(env sqlfn.Env, db string) (map[string]int64, error) {
	sn, err := env.Snapshot(db, visitorsTable)
	if err != nil {
		return nil, err
	}
	vis, err := sqlfn.Column(sn, visitorsTable, "visitor_id", read.KindBytes)
	if err != nil {
		return nil, err
	}
	cust, err := sqlfn.Column(sn, visitorsTable, "customer_id", read.KindInt)
	if err != nil {
		return nil, err
	}
	m := map[string]int64{}
	err = sn.Scan(read.Request{Columns: []int{vis, cust}}, func(b *read.Batch) error {
		b.Each(func(i int) {
			if !b.Cols[0].IsNull(i) && !b.Cols[1].IsNull(i) {
				m[string(b.Cols[0].Bytes(i))] = b.Cols[1].Ints[i]
			}
		})
		return nil
	})
	return m, err
}
